package ijxai.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;

/** The Fiji modules run headless through a SciJava context, as scripts and Fiji's module layer run them. */
class ExplainCommandTest extends HeadlessCommands {

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
		XaiModule module = run(method("saliency"), "image", image, "model", new File("models/fashion_mnist_cnn"),
			"target", "predicted", "score", "logit", "normalize", "0-1", "batch", 2, "resize", false, "raw", false);
		ImagePlus maps = (ImagePlus) module.getOutput("maps");
		ResultsTable predictions = (ResultsTable) module.getOutput("predictions");
		assertEquals(32, maps.getBitDepth());
		assertEquals(3, maps.getStackSize());
		assertTrue(maps.getStack().getSliceLabel(1).startsWith("saliency · Ankle boot (logit "), maps.getStack().getSliceLabel(1));
		assertTrue(maps.getStack().getSliceLabel(2).startsWith("saliency · Trouser"), maps.getStack().getSliceLabel(2));
		assertTrue(maps.getStack().getSliceLabel(3).startsWith("saliency · Dress"), maps.getStack().getSliceLabel(3));
		assertEquals("clothes-saliency-predicted", maps.getTitle());
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
		XaiModule module = run(method("gradxinput"), "image", stack(), "model", new File("models/fashion_mnist_cnn"),
			"target", "Trouser", "score", "logit", "normalize", "0-1", "batch", 32, "resize", false, "raw", false);
		ImagePlus maps = (ImagePlus) module.getOutput("maps");
		assertEquals(-maps.getDisplayRangeMax(), maps.getDisplayRangeMin());
		for (int slice = 1; slice <= 3; slice++) assertTrue(maps.getStack().getSliceLabel(slice).contains("Trouser"));
		assertEquals("clothes-gradxinput-Trouser", maps.getTitle());
	}

	@Test
	void aModelThatReadsAFileIsRefusedUnlessTrustedAndTheTrustIsInThePredictions() throws Exception {
		File readsFile = new File("models/untrusted/reads_file");
		XaiModule refused = run(method("saliency"), "image", stack(), "model", readsFile);
		assertTrue(refused.isCanceled());
		assertTrue(refused.getCancelReason().contains("ReadFile in layer 'side_effect'"), refused.getCancelReason());
		XaiModule trusted = run(method("saliency"), "image", stack(), "model", readsFile, "trustModel", true);
		assertTrue(!trusted.isCanceled(), trusted.getCancelReason());
		ResultsTable predictions = (ResultsTable) trusted.getOutput("predictions");
		assertTrue(predictions.getStringValue("model", 0).contains("trusted by the user"), predictions.getStringValue("model", 0));
	}

	@Test
	void aWrongModelPathCancelsWithAClearReason() throws Exception {
		XaiModule module = run(method("saliency"), "image", stack(), "model", new File("/no/such/model"),
			"target", "predicted", "score", "logit", "normalize", "0-1", "batch", 32, "resize", false, "raw", false);
		assertTrue(module.isCanceled());
		assertTrue(module.getCancelReason().contains("/no/such/model"), module.getCancelReason());
		assertNull(module.getOutput("maps"));
	}


	/**
	 * A run cancelled by the user while it works (Fiji's cancel, or Esc) stops at its next batch,
	 * quietly through Failures: cancelled, no maps. (SciJava does not start a module cancelled before it runs.)
	 */
	@Test
	void aCancelledRunStopsWithoutMaps() {
		XaiModule module = (XaiModule) modules().createModule(method("smoothgrad"));
		module.setInput("image", stack());
		module.setInput("model", new File("models/fashion_mnist_cnn"));
		module.cancel("stopped by the user");
		module.run();
		assertTrue(module.isCanceled());
		assertEquals("cancelled", module.getCancelReason());
		assertNull(module.getOutput("maps"));
	}

	@Test
	void integratedGradientsTakeAnOpenImageAsBaselineAndReportTheCompletenessGap() throws Exception {
		ImageStack black = new ImageStack(28, 28);
		black.addSlice(new ij.process.ByteProcessor(28, 28));
		XaiModule module = run(method("integrated-gradients"), "image", stack(), "model", new File("models/fashion_mnist_cnn"),
			"baseline", "image", "baselineImage", new ImagePlus("black", black), "steps", 32, "overlay", 0.5);
		assertTrue(!module.isCanceled(), module.getCancelReason());
		ImagePlus maps = (ImagePlus) module.getOutput("maps");
		assertTrue(maps.getStack().getSliceLabel(1).contains("baseline image, 32 gauss-legendre steps"), maps.getStack().getSliceLabel(1));
		ResultsTable table = (ResultsTable) module.getOutput("predictions");
		assertTrue(table.getValue("completeness gap", 0) < 0.05, "gap " + table.getValue("completeness gap", 0));
		ImagePlus overlay = (ImagePlus) module.getOutput("overlayImage");
		assertEquals(ImagePlus.COLOR_RGB, overlay.getType());
		assertEquals(3, overlay.getStackSize());
	}

	@Test
	void gradCamOnANamedLayer() throws Exception {
		XaiModule module = run(method("gradcam"), "image", stack(), "model", new File("models/fashion_mnist_cnn"),
			"layer", "conv2d_3", "raw", true);
		ImagePlus maps = (ImagePlus) module.getOutput("maps");
		assertEquals(14, maps.getWidth());
		assertTrue(maps.getStack().getSliceLabel(2).startsWith("gradcam · Trouser"), maps.getStack().getSliceLabel(2));
	}

	/** The robustness curve headless: a labelled folder (class subfolders) in, a table and a plot out. */
	@Test
	void robustnessCurveOverAClassFolder(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp) throws Exception {
		for (String[] image : new String[][] { { "fashion-0000-ankle-boot.png", "Ankle boot" }, { "fashion-0002-trouser.png", "Trouser" } }) {
			java.nio.file.Path folder = java.nio.file.Files.createDirectories(temp.resolve(image[1]));
			java.nio.file.Files.copy(java.nio.file.Path.of("test-images", image[0]), folder.resolve(image[0]));
		}
		XaiModule module = run(tool("sweep"), "model", new File("models/fashion_mnist_cnn"), "images", temp.toFile(),
			"epsilons", "0,32", "attacks", "fgsm,noise");
		assertTrue(!module.isCanceled(), module.getCancelReason());
		ResultsTable table = (ResultsTable) module.getOutput("robustness");
		assertEquals(4, table.size());
		assertEquals(1.0, table.getValue("accuracy", 0));
		assertEquals(1.0, table.getValue("accuracy", 3));
		assertTrue(module.getOutput("plot") instanceof ImagePlus);
	}

	/** Adversarial fine-tuning headless: the hardened model where asked, the epochs, both curves. */
	@Test
	void adversarialFineTuningOverAClassFolder(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp) throws Exception {
		for (String[] image : new String[][] { { "fashion-0000-ankle-boot.png", "Ankle boot" }, { "fashion-0002-trouser.png", "Trouser" },
			{ "fashion-0003-trouser.png", "Trouser" }, { "fashion-0013-dress.png", "Dress" } }) {
			java.nio.file.Path folder = java.nio.file.Files.createDirectories(temp.resolve("images").resolve(image[1]));
			java.nio.file.Files.copy(java.nio.file.Path.of("test-images", image[0]), folder.resolve(image[0]));
		}
		java.nio.file.Path hardened = temp.resolve("hardened");
		XaiModule module = run(tool("adversarial-training"), "model", new File("models/fashion_mnist_cnn"), "images", temp.resolve("images").toFile(),
			"epochs", 1, "heldOut", 0.5, "outputModel", hardened.toString(), "sweepEpsilons", "0,8");
		assertTrue(!module.isCanceled(), module.getCancelReason());
		assertEquals(hardened.toString(), module.getOutput("exported"));
		assertTrue(java.nio.file.Files.isRegularFile(hardened.resolve("saved_model.pb")));
		assertEquals(1, ((ResultsTable) module.getOutput("epochs")).size());
		assertEquals(12, ((ResultsTable) module.getOutput("curves")).size(), "three attacks at two epsilons, for both models");
		assertTrue(module.getOutput("plot") instanceof ImagePlus);
	}

	/** A universal perturbation for the slices of a stack, headless: the perturbation within epsilon and the rates. */
	@Test
	void universalPerturbationOfAStack() throws Exception {
		XaiModule module = run(tool("universal"), "image", stack(), "model", new File("models/fashion_mnist_cnn"),
			"epsilon", 16.0, "passes", 1, "heldOut", 0.0);
		assertTrue(!module.isCanceled(), module.getCancelReason());
		ImagePlus perturbation = (ImagePlus) module.getOutput("perturbation");
		assertTrue(perturbation.getStatistics().max <= 16 + 1e-3 && perturbation.getStatistics().min >= -16 - 1e-3);
		assertEquals(3, ((ResultsTable) module.getOutput("rates")).getValue("images", 0));
	}

	/** The model-level feature modules run headless through the ModuleService, like any Fiji script would call them. */
	@Test
	void featureSpaceAndFiltersRunHeadless() throws Exception {
		XaiModule space = run(tool("features"), "image", stack(), "model", new File("models/fashion_mnist_cnn"),
			"normalize", "0-1", "layer", "", "query", 1, "k", 1);
		assertTrue(!space.isCanceled(), space.getCancelReason());
		ResultsTable neighbours = (ResultsTable) space.getOutput("neighbours");
		assertEquals(2, neighbours.size());
		assertEquals(ImagePlus.COLOR_RGB, ((ImagePlus) space.getOutput("pca")).getType());
		XaiModule filters = run(tool("filters"), "model", new File("models/fashion_mnist_cnn"));
		assertTrue(!filters.isCanceled(), filters.getCancelReason());
		assertEquals(32, ((ImagePlus) filters.getOutput("filters")).getBitDepth());
		XaiModule missing = run(tool("filters"), "model", new File("/no/such/model"));
		assertTrue(missing.isCanceled() && missing.getCancelReason().contains("/no/such/model"), String.valueOf(missing.getCancelReason()));
	}
}
