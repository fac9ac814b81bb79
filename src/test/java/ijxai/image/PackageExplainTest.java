package ijxai.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.ImagePlus;
import ij.process.FloatProcessor;
import ijxai.engine.Explainers;
import ijxai.engine.FloatBatch;
import ijxai.engine.Normalization;
import ijxai.engine.Progress;
import ijxai.engine.bioimage.ModelPackage;
import ijxai.engine.bioimage.TensorData;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelOptions;

/**
 * A package's model explained the package's way: its preprocessing instead of the normalization,
 * padded to a valid size and the maps cropped back; compared with the package's bare SavedModel
 * fed the preprocessed (and padded) image by hand.
 */
class PackageExplainTest {

	private static final Path PACKAGES = Path.of("models/packages");

	private static ExplainImage.Output saliency(ImagePlus image, Path model, Normalization normalization, ModelCache cache) {
		ExplainImage.Settings settings = new ExplainImage.Settings(model, ModelOptions.DEFAULTS, normalization, false, 0);
		return ExplainImage.explain(image, settings, Explainers.byName("saliency"), ExplainOptions.DEFAULTS, Map.of(), cache, Progress.NONE);
	}

	private static float[] pixels(ImagePlus image) {
		return (float[]) image.getStack().getProcessor(1).convertToFloat().getPixels();
	}

	/** resnet_small_0.4.zip: zero_mean_unit_variance per sample over x and y (eps 1e-6, numpy's std), then scale_linear 0.3·x + 0.3. */
	@Test
	void theClassifierPackagesPreprocessingReplacesTheNormalization() {
		ImagePlus image = IJ.openImage("test-images/fashion-0000-ankle-boot.png");
		float[] raw = (float[]) image.getProcessor().convertToFloat().getPixels();
		double mean = 0, variance = 0;
		for (float v : raw) mean += v / raw.length;
		for (float v : raw) variance += (v - mean) * (v - mean) / raw.length;
		float[] byHand = new float[raw.length];
		for (int i = 0; i < raw.length; i++) byHand[i] = (float) (0.3 * ((raw[i] - mean) / (Math.sqrt(variance) + 1e-6)) + 0.3);
		try (ModelCache cache = new ModelCache()) {
			ExplainImage.Output packaged = saliency(image, PACKAGES.resolve("resnet_small_0.4.zip"), Normalization.ZERO_ONE, cache);
			ImagePlus preprocessed = new ImagePlus("ankle-boot", new FloatProcessor(28, 28, byHand));
			ExplainImage.Output bare = saliency(preprocessed, Path.of("models/resnet_small"), Normalization.NONE, cache);
			assertArrayEquals(pixels(bare.maps()), pixels(packaged.maps()), 1e-5f);
			assertEquals(bare.predictions().getValue("p 1", 0), packaged.predictions().getValue("p 1", 0), 1e-6);
			String info = (String) packaged.maps().getProperty("Info");
			assertTrue(info.contains("package: ij-xai small ResNet") && info.contains("note: input: the package's preprocessing (zero_mean_unit_variance, scale_linear) "
				+ "instead of normalize"), info);

			// an explicit normalization overrides the package's preprocessing, and the notes say so
			ExplainImage.Output overridden = saliency(image, PACKAGES.resolve("resnet_small_0.4.zip"), Normalization.MEAN_STD, cache);
			ExplainImage.Output bareMeanStd = saliency(image, Path.of("models/resnet_small"), Normalization.MEAN_STD, cache);
			assertArrayEquals(pixels(bareMeanStd.maps()), pixels(overridden.maps()), 1e-6f);
			String notes = (String) overridden.maps().getProperty("Info");
			assertTrue(notes.contains("note: normalize mean-std given: it replaces the package's preprocessing (zero_mean_unit_variance, scale_linear)"), notes);
		}
	}

	/** unet_small_0.5 takes 16 + 4k along y and x: a 37×41 image is padded (reflect) to 40×44 and its map cropped back. */
	@Test
	void anOddSizedImageIsPaddedForTheUNetAndItsMapCroppedBack() {
		int height = 37, width = 41;
		Random random = new Random(16);
		float[] values = new float[height * width];
		for (int i = 0; i < values.length; i++) values[i] = 100 + 50 * (float) random.nextGaussian();
		ImagePlus image = new ImagePlus("odd", new FloatProcessor(width, height, values));
		Path folder = PACKAGES.resolve("unet_small_0.5");
		ModelPackage pack = ModelSource.open(folder);
		// by hand: the package's scale_range on the image as it is, numpy's reflect padding by one row and column before, two and three after
		TensorData preprocessed = pack.preprocess(new TensorData("byxc", new int[] { 1, height, width, 1 }, values.clone()));
		float[] padded = new float[40 * 44];
		for (int y = 0; y < 40; y++) {
			for (int x = 0; x < 44; x++) padded[y * 44 + x] = preprocessed.data()[reflect(y - 1, height) * width + reflect(x - 1, width)];
		}
		try (ModelCache cache = new ModelCache()) {
			ExplainImage.Output packaged = saliency(image, folder, Normalization.ZERO_ONE, cache);
			assertEquals(width, packaged.maps().getWidth());
			assertEquals(height, packaged.maps().getHeight());
			ExplainImage.Output bare = saliency(new ImagePlus("padded", new FloatProcessor(44, 40, padded)), pack.savedModel(), Normalization.NONE, cache);
			float[] full = pixels(bare.maps()), cropped = new float[height * width];
			for (int y = 0; y < height; y++) System.arraycopy(full, (y + 1) * 44 + 1, cropped, y * width, width);
			float[] map = pixels(packaged.maps());
			float largest = 0;
			for (float v : cropped) largest = Math.max(largest, Math.abs(v));
			assertTrue(largest > 0);
			assertArrayEquals(cropped, map, 1e-5f * largest);
			String info = (String) packaged.maps().getProperty("Info");
			assertTrue(info.contains("note: input padded (reflect) from [1, 37, 41, 1] to [1, 40, 44, 1], maps cropped back"), info);

			// an explicit normalization replaces scale_range; the image is still padded and the map cropped back
			ExplainImage.Output overridden = saliency(image, folder, Normalization.MEAN_STD, cache);
			assertEquals(width, overridden.maps().getWidth());
			String notes = (String) overridden.maps().getProperty("Info");
			assertTrue(notes.contains("note: normalize mean-std given: it replaces the package's preprocessing (scale_range)")
				&& notes.contains("note: input padded (reflect) from [1, 37, 41, 1] to [1, 40, 44, 1]"), notes);
		}
	}

	/** numpy's 'reflect' (the edge not repeated). */
	private static int reflect(int i, int size) {
		return i < 0 ? -i : i >= size ? 2 * size - 2 - i : i;
	}
}
