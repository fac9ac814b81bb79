package ijxai.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.measure.ResultsTable;

/** Explanations across training as a headless Fiji command over the checkpoints of models/training_cnn. */
class TrainingCommandTest extends HeadlessCommands {

	@TempDir
	Path temp;

	@Test
	void givesAFramePerCheckpointAndARowPerCheckpoint() throws Exception {
		ImageStack stack = new ImageStack(28, 28);
		String[][] images = { { "fashion-0000-ankle-boot", "Ankle boot" }, { "fashion-0002-trouser", "Trouser" }, { "fashion-0013-dress", "Dress" } };
		for (String[] image : images) stack.addSlice(image[1], new ImagePlus("test-images/" + image[0] + ".png").getProcessor());
		File labelled = temp.resolve("clothes.tif").toFile();
		assertTrue(new FileSaver(new ImagePlus("clothes", stack)).saveAsTiffStack(labelled.getPath()));
		CommandModule module = context().service(CommandService.class).run(TrainingCommand.class, true, "models", new File("models/training_cnn/savedmodels"),
			"images", labelled, "method", "gradxinput", "normalize", "0-1", "trustModel", false).get();
		assertFalse(module.isCanceled(), module.getCancelReason());
		ImagePlus movie = (ImagePlus) module.getOutput("movie");
		assertEquals(5, movie.getNFrames());
		assertEquals(3, movie.getNSlices());
		ResultsTable table = (ResultsTable) module.getOutput("training");
		assertEquals(5, table.size());
		assertEquals("step-60", table.getStringValue("checkpoint", 4));
		assertEquals(6, ((ImagePlus) module.getOutput("gradient")).getStackSize());
	}
}
