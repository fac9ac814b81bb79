package ijxai.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;

/** The Fiji commands run headless through a SciJava context, as scripts and Fiji's command layer run them. */
class ExplainCommandTest {

	private static Context context;
	private static CommandService commands;

	@BeforeAll
	static void startContext() {
		System.setProperty("java.awt.headless", "true");
		context = new Context(CommandService.class, StatusService.class, LogService.class);
		commands = context.service(CommandService.class);
	}

	@AfterAll
	static void stopContext() {
		context.dispose();
	}

	/** A 3-slice stack of real test images; slices become one batch. */
	private static ImagePlus stack() {
		ImageStack stack = new ImageStack(28, 28);
		for (String name : new String[] { "fashion-0000-ankle-boot", "fashion-0002-trouser", "fashion-0013-dress" }) {
			stack.addSlice(name, new ImagePlus("test-images/" + name + ".png").getProcessor());
		}
		ImagePlus image = new ImagePlus("clothes", stack);
		image.getCalibration().pixelWidth = 0.5;
		image.getCalibration().setUnit("um");
		return image;
	}

	@Test
	void saliencyOfAStackGivesOneLabelledMapPerSliceAndLeavesTheInputAlone() throws Exception {
		ImagePlus image = stack();
		byte[][] before = new byte[3][];
		for (int i = 0; i < 3; i++) before[i] = ((byte[]) image.getStack().getPixels(i + 1)).clone();
		CommandModule module = commands.run(SaliencyCommand.class, true, "image", image, "model", new File("models/fashion_mnist_cnn"),
			"target", "predicted", "score", "logit", "normalize", "0-1", "batch", 2, "resize", false, "raw", false).get();
		ImagePlus maps = (ImagePlus) module.getOutput("maps");
		ResultsTable predictions = (ResultsTable) module.getOutput("predictions");
		assertEquals(32, maps.getBitDepth());
		assertEquals(3, maps.getStackSize());
		assertTrue(maps.getStack().getSliceLabel(1).startsWith("saliency · Ankle boot (logit "), maps.getStack().getSliceLabel(1));
		assertTrue(maps.getStack().getSliceLabel(2).startsWith("saliency · Trouser"), maps.getStack().getSliceLabel(2));
		assertTrue(maps.getStack().getSliceLabel(3).startsWith("saliency · Dress"), maps.getStack().getSliceLabel(3));
		assertEquals("clothes-saliency", maps.getTitle());
		assertEquals(0.5, maps.getCalibration().pixelWidth);
		assertEquals(0, maps.getDisplayRangeMin());
		assertEquals(3, predictions.size());
		assertEquals("Ankle boot", predictions.getStringValue("class 1", 0));
		for (int i = 0; i < 3; i++) assertArrayEquals(before[i], (byte[]) image.getStack().getPixels(i + 1), "input slice " + (i + 1) + " unchanged");
		assertEquals("clothes", image.getTitle());
		assertEquals(0.5, image.getCalibration().pixelWidth);
	}

	@Test
	void gradientTimesInputIsSignedWithADivergingRangeCentredOnZero() throws Exception {
		CommandModule module = commands.run(GradientTimesInputCommand.class, true, "image", stack(), "model", new File("models/fashion_mnist_cnn"),
			"target", "Trouser", "score", "logit", "normalize", "0-1", "batch", 32, "resize", false, "raw", false).get();
		ImagePlus maps = (ImagePlus) module.getOutput("maps");
		assertEquals(-maps.getDisplayRangeMax(), maps.getDisplayRangeMin());
		for (int slice = 1; slice <= 3; slice++) assertTrue(maps.getStack().getSliceLabel(slice).contains("Trouser"));
		assertEquals("clothes-gradxinput-Trouser", maps.getTitle());
	}

	@Test
	void aWrongModelPathCancelsWithAClearReason() throws Exception {
		CommandModule module = commands.run(SaliencyCommand.class, true, "image", stack(), "model", new File("/no/such/model"),
			"target", "predicted", "score", "logit", "normalize", "0-1", "batch", 32, "resize", false, "raw", false).get();
		assertTrue(module.isCanceled());
		assertTrue(module.getCancelReason().contains("/no/such/model"), module.getCancelReason());
		assertNull(module.getOutput("maps"));
	}

}
