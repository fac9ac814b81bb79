package ijxai.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ijxai.engine.Explainers;
import ijxai.engine.method.Explainer;

/** Every method from the command line, with its own options, over a folder of real images. */
class MethodCommandLineTest {

	@TempDir
	Path temp;

	private static final String MODEL = "models/fashion_mnist_cnn";
	private static final String IMAGE = "test-images/fashion-0000-ankle-boot.png";

	@ParameterizedTest
	@CsvSource(delimiter = ';', value = {
		"smoothgrad; --samples 6 --noise 0.1 --variant squared; smoothgrad · Ankle boot; squared, noise 0.1, 6 samples",
		"integrated-gradients; --steps 16 --baseline blur --blur-sigma 3; integrated-gradients · Ankle boot; completeness gap",
		"occlusion; --patch 7 --stride 7 --fill mean; occlusion · Ankle boot; patch 7, stride 7, fill mean",
		"gradcam; --layer conv2d_3; gradcam · Ankle boot; layer conv2d_3",
		"gradcam++; ; gradcam++ · Ankle boot; layer dropout",
		"guided-backprop; ; guided-backprop · Ankle boot; logit",
		"deconvnet; ; deconvnet · Ankle boot; logit",
		"guided-gradcam; --layer conv2d_3; guided-gradcam · Ankle boot; layer conv2d_3",
		"activations; --layer max_pooling2d; activations · Ankle boot; max_pooling2d channel 31",
		"lrp; --composite epsilon-gamma-box; lrp · Ankle boot; epsilon-gamma-box, relevance sum",
		"lrp; --rule epsilon:0.25 --layer-rule conv2d=flat --layer-rule dense_1=zplus; lrp · Ankle boot; rule epsilon:0.25 + conv2d=flat,dense_1=zplus",
		"class-visualization; --target Sandal --iterations 30 --frame-every 10; class-visualization · Sandal; iteration 30",
		"deepdream; --layer conv2d_3 --iterations 5 --channel 3; deepdream · ; activation gain",
		"caricature; --layers conv2d_1,dense --iterations 20; caricature · Ankle boot; cosine dense" })
	void everyMethodWritesItsLabelledMap(String method, String options, String labelStart, String labelPart) {
		java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(method, "--model", MODEL, "--image", IMAGE, "--out", temp.toString()));
		if (options != null) args.addAll(java.util.List.of(options.trim().split(" +")));
		BadInputTest.Run run = BadInputTest.cli(args.toArray(new String[0]));
		assertEquals(0, run.status(), run.err());
		assertTrue(run.out().contains(labelStart) && run.out().contains(labelPart), run.out());
		ImagePlus maps = new ImagePlus(temp.resolve("fashion-0000-ankle-boot_" + method + ".tif").toString());
		assertEquals(32, maps.getBitDepth());
		// stacks keep their slice labels; a single image keeps them in its info
		StringBuilder kept = new StringBuilder(String.valueOf(maps.getProperty("Info")));
		for (int slice = 1; slice <= maps.getStackSize() && maps.getStackSize() > 1; slice++) kept.append(maps.getStack().getSliceLabel(slice));
		assertTrue(kept.toString().contains(labelStart) && kept.toString().contains(labelPart), "labels kept in the TIFF: " + kept);
	}

	@Test
	void gradCamRawIsAtTheLayersResolutionAndTheDisplayAtTheImages() {
		BadInputTest.Run raw = BadInputTest.cli("gradcam", "--model", MODEL, "--image", IMAGE, "--out", temp.resolve("raw").toString(), "--raw");
		assertEquals(0, raw.status(), raw.err());
		ImagePlus layer = new ImagePlus(temp.resolve("raw/fashion-0000-ankle-boot_gradcam.tif").toString());
		assertEquals(7, layer.getWidth());
		BadInputTest.Run display = BadInputTest.cli("gradcam", "--model", MODEL, "--image", IMAGE, "--out", temp.toString());
		assertEquals(0, display.status(), display.err());
		assertEquals(28, new ImagePlus(temp.resolve("fashion-0000-ankle-boot_gradcam.tif").toString()).getWidth());
	}

	@Test
	void occlusionGivesScoreAndProbabilityPlanes() {
		BadInputTest.Run run = BadInputTest.cli("occlusion", "--model", MODEL, "--image", IMAGE, "--out", temp.toString(), "--patch", "4");
		assertEquals(0, run.status(), run.err());
		ImagePlus maps = new ImagePlus(temp.resolve("fashion-0000-ankle-boot_occlusion.tif").toString());
		assertEquals(2, maps.getStackSize());
		assertTrue(maps.getStack().getSliceLabel(1).endsWith("score drop"), maps.getStack().getSliceLabel(1));
		assertTrue(maps.getStack().getSliceLabel(2).endsWith("probability drop"), maps.getStack().getSliceLabel(2));
	}

	@Test
	void overlayIsAnRgbImageBesideTheMap() {
		BadInputTest.Run run = BadInputTest.cli("gradcam", "--model", MODEL, "--image", "test-images", "--out", temp.toString(), "--overlay", "0.6");
		assertEquals(0, run.status(), run.err());
		ImagePlus overlay = new ImagePlus(temp.resolve("fashion-0000-ankle-boot_gradcam_overlay.tif").toString());
		assertEquals(ImagePlus.COLOR_RGB, overlay.getType());
		assertEquals(28, overlay.getWidth());
		assertEquals(2, BadInputTest.cli("gradcam", "--model", MODEL, "--image", IMAGE, "--out", temp.toString(), "--overlay", "2").status());
	}

	/** An all-black baseline image gives what the black baseline gives (the image's minimum is 0). */
	@Test
	void integratedGradientsTakeABaselineImageFile() throws Exception {
		Path black = temp.resolve("black.tif");
		new FileSaver(new ImagePlus("black", new ByteProcessor(28, 28))).saveAsTiff(black.toString());
		BadInputTest.Run withImage = BadInputTest.cli("integrated-gradients", "--model", MODEL, "--image", IMAGE, "--out", temp.resolve("a").toString(),
			"--baseline", "image", "--baseline-image", black.toString(), "--raw", "--steps", "8");
		BadInputTest.Run withBlack = BadInputTest.cli("integrated-gradients", "--model", MODEL, "--image", IMAGE, "--out", temp.resolve("b").toString(),
			"--baseline", "black", "--raw", "--steps", "8");
		assertEquals(0, withImage.status(), withImage.err());
		assertEquals(0, withBlack.status(), withBlack.err());
		float[] a = (float[]) new ImagePlus(temp.resolve("a/fashion-0000-ankle-boot_integrated-gradients.tif").toString()).getProcessor().getPixels();
		float[] b = (float[]) new ImagePlus(temp.resolve("b/fashion-0000-ankle-boot_integrated-gradients.tif").toString()).getProcessor().getPixels();
		for (int i = 0; i < a.length; i++) assertEquals(b[i], a[i], 1e-6 * (1 + Math.abs(b[i])));
	}

	@Test
	void unknownOptionsAndValuesAreRefused() {
		BadInputTest.Run unknown = BadInputTest.cli("gradcam", "--model", MODEL, "--image", IMAGE, "--out", temp.toString(), "--steps", "4");
		assertEquals(2, unknown.status());
		assertTrue(unknown.err().contains("unknown option --steps for gradcam"), unknown.err());
		BadInputTest.Run bad = BadInputTest.cli("smoothgrad", "--model", MODEL, "--image", IMAGE, "--out", temp.toString(), "--variant", "cubed");
		assertEquals(1, bad.status());
		assertTrue(bad.err().contains("smoothgrad option 'variant' is one of smoothgrad, squared, vargrad, not 'cubed'"), bad.err());
	}

	/** Accuracy versus epsilon over class-named subfolders: PGD brings it down, noise of the same size does not. */
	@Test
	void robustnessSweepOverClassFolders() throws Exception {
		String[][] images = { { "fashion-0000-ankle-boot.png", "Ankle boot" }, { "fashion-0002-trouser.png", "Trouser" },
			{ "fashion-0003-trouser.png", "Trouser" }, { "fashion-0013-dress.png", "Dress" } };
		for (String[] image : images) {
			Path folder = Files.createDirectories(temp.resolve("set").resolve(image[1]));
			Files.copy(Path.of("test-images", image[0]), folder.resolve(image[0]));
		}
		BadInputTest.Run run = BadInputTest.cli("sweep", "--model", MODEL, "--image", temp.resolve("set").toString(), "--out", temp.toString(),
			"--epsilons", "0,32", "--attacks", "pgd,noise");
		assertEquals(0, run.status(), run.err());
		java.util.List<String> lines = Files.readAllLines(temp.resolve("robustness.csv"));
		assertEquals(java.util.List.of("attack,epsilon,accuracy,correct,total", "pgd,0.0,1.0000,4,4", "pgd,32.0,0.0000,0,4", "noise,0.0,1.0000,4,4",
			"noise,32.0,1.0000,4,4"), lines);
		BadInputTest.Run unknown = BadInputTest.cli("sweep", "--model", MODEL, "--image", temp.resolve("set").toString(), "--out", temp.toString(),
			"--attacks", "deepdream");
		assertEquals(1, unknown.status());
		assertTrue(unknown.err().contains("not 'deepdream'"), unknown.err());
	}

	/**
	 * A successful adversarial image is written in the image's own bit depth, within epsilon gray
	 * levels of it; a failed attack writes none.
	 */
	@Test
	void aSuccessfulAttackWritesTheAdversarialImageAsEightBit() {
		BadInputTest.Run run = BadInputTest.cli("pgd", "--model", MODEL, "--image", IMAGE, "--out", temp.toString(), "--target", "Sandal", "--epsilon", "16",
			"--steps", "40");
		assertEquals(0, run.status(), run.err());
		assertTrue(run.out().contains("→ Sandal") && run.out().contains("success"), run.out());
		ImagePlus adversarial = new ImagePlus(temp.resolve("fashion-0000-ankle-boot_pgd_adversarial.tif").toString());
		ImagePlus original = new ImagePlus(IMAGE);
		assertEquals(8, adversarial.getBitDepth());
		int changed = 0;
		for (int i = 0; i < 28 * 28; i++) {
			int a = adversarial.getProcessor().get(i), o = original.getProcessor().get(i);
			assertTrue(Math.abs(a - o) <= 16, "pixel " + i + ": " + o + " -> " + a);
			if (a != o) changed++;
		}
		assertTrue(changed > 100, changed + " pixels changed");
		assertEquals(5, new ImagePlus(temp.resolve("fashion-0000-ankle-boot_pgd.tif").toString()).getStackSize());
		BadInputTest.Run failed = BadInputTest.cli("fgsm", "--model", MODEL, "--image", IMAGE, "--out", temp.resolve("failed").toString(), "--epsilon", "2");
		assertTrue(failed.out().contains("failed"), failed.out());
		assertTrue(!Files.exists(temp.resolve("failed").resolve("fashion-0000-ankle-boot_fgsm_adversarial.tif")));
	}

	/** A sweep over one stack takes the classes from the slice labels. */
	@Test
	void robustnessSweepOverAStackWithSliceLabels() {
		ij.ImageStack stack = new ij.ImageStack(28, 28);
		stack.addSlice("Ankle boot", new ImagePlus("test-images/fashion-0000-ankle-boot.png").getProcessor());
		stack.addSlice("Trouser", new ImagePlus("test-images/fashion-0002-trouser.png").getProcessor());
		Path file = temp.resolve("labelled.tif");
		new FileSaver(new ImagePlus("labelled", stack)).saveAsTiffStack(file.toString());
		BadInputTest.Run run = BadInputTest.cli("sweep", "--model", MODEL, "--image", file.toString(), "--out", temp.toString(), "--epsilons", "0,32",
			"--attacks", "noise");
		assertEquals(0, run.status(), run.err());
		assertTrue(run.out().contains("noise,0.0,1.0000,2,2") && run.out().contains("noise,32.0,1.0000,2,2"), run.out());
	}

	/** Odd attack options end in results or clear messages, never NaN or a stack trace. */
	@Test
	void oddAttackOptions() {
		BadInputTest.Run zero = BadInputTest.cli("pgd", "--model", MODEL, "--image", IMAGE, "--out", temp.toString(), "--epsilon", "0", "--step", "2");
		assertEquals(0, zero.status(), zero.err());
		assertTrue(zero.out().contains("Linf 0") && !zero.out().contains("NaN"), zero.out());
		BadInputTest.Run predicted = BadInputTest.cli("fgsm", "--model", MODEL, "--image", IMAGE, "--out", temp.toString(), "--label", "predicted");
		assertEquals(0, predicted.status(), predicted.err());
		BadInputTest.Run heldOut = BadInputTest.cli("universal", "--model", MODEL, "--image", "test-images", "--out", temp.toString(), "--held-out", "-0.5");
		assertEquals(1, heldOut.status());
		assertTrue(heldOut.err().contains("held-out share"), heldOut.err());
		BadInputTest.Run percentile = BadInputTest.cli("universal", "--model", MODEL, "--image", "test-images", "--out", temp.toString(), "--normalize",
			"percentile");
		assertEquals(1, percentile.status());
		assertTrue(percentile.err().contains("normalized alike"), percentile.err());
		BadInputTest.Run segmentation = BadInputTest.cli("fgsm", "--model", "models/unet_small", "--image", IMAGE, "--out", temp.toString(), "--resize");
		assertEquals(1, segmentation.status());
		assertTrue(segmentation.err().contains("needs a classifier"), segmentation.err());
	}

	@Test
	void helpAfterACommandAndUnknownCommands() {
		BadInputTest.Run help = BadInputTest.cli("gradcam", "--help");
		assertEquals(0, help.status());
		assertTrue(help.out().contains("--layer"), help.out());
		BadInputTest.Run unknown = BadInputTest.cli("explain-everything", "--model", MODEL);
		assertEquals(2, unknown.status());
		assertTrue(unknown.err().contains("unknown command 'explain-everything'"), unknown.err());
	}

	@Test
	void usageListsEveryMethodWithItsOptions() {
		BadInputTest.Run help = BadInputTest.cli("--help");
		for (Explainer method : Explainers.all()) {
			assertTrue(help.out().contains(method.name()), method.name());
			method.parameters().forEach(p -> assertTrue(help.out().contains("--" + p.name()), method.name() + " --" + p.name()));
		}
		assertTrue(Files.exists(Path.of(MODEL)));
	}
}
