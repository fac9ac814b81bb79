package ijxai.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.File;

import org.junit.jupiter.api.Test;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.ImagePlus;
import ij.measure.ResultsTable;

/** Culprit layers as a headless Fiji command: an image against itself is similarity 1 at every layer. */
class CulpritCommandTest extends HeadlessCommands {

	@Test
	void anImageAgainstItselfIsTheSameAtEveryLayer() throws Exception {
		ImagePlus image = new ImagePlus("test-images/fashion-0002-trouser.png");
		CommandModule module = context().service(CommandService.class).run(CulpritCommand.class, true, "image", image, "adversarial", image,
			"model", new File("models/fashion_mnist_cnn"), "normalize", "0-1", "trustModel", false).get();
		assertFalse(module.isCanceled(), module.getCancelReason());
		ResultsTable table = (ResultsTable) module.getOutput("culprit");
		for (int row = 0; row < table.size(); row++) assertEquals(1, table.getValue("cos_to_clean", row), 1e-6, table.getStringValue("layer", row));
		assertEquals(ImagePlus.COLOR_RGB, ((ImagePlus) module.getOutput("plot")).getType());
	}
}
