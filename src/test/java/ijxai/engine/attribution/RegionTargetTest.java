package ijxai.engine.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ijxai.engine.Fixtures;
import ijxai.engine.FloatBatch;
import ijxai.engine.Numbers;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.Region;
import ijxai.engine.model.ScoreKind;
import ijxai.engine.model.Target;

/**
 * Region targets on dense models against TensorFlow's gradient of the masked sum
 * (models/make_region_references.py): the rectangle 4,6,10,8 of the input, on outputs at full and
 * half resolution, sigmoid, softmax and linear; relative L2 below 1e-5.
 */
class RegionTargetTest extends Fixtures {

	private static final String RECTANGLE = "4,6,10,8";
	private static final double TOLERANCE = 1e-5;

	private Explanation explain(String model, Explainer method, String channel, String region, boolean mean, ScoreKind score, Map<String, String> settings)
		throws IOException
	{
		// batches of 3: chunks do not divide the samples (nor the noisy copies, path points) evenly
		ExplainOptions options = new ExplainOptions(Target.parse(channel).inRegions(region, mean), score, 3, true, new MethodSettings(settings, Map.of()));
		return method.explain(model(model), input(model), options, Progress.NONE);
	}

	@ParameterizedTest
	@CsvSource({ "unet_small,0", "unet_softmax3,1", "denoiser_small,0", "half_resolution,1" })
	void gradientMethodsOfARegionEqualTheMaskedSumGradient(String model, String channel) throws IOException {
		float[] saliency = explain(model, new Saliency(), channel, RECTANGLE, false, ScoreKind.LOGIT, Map.of()).maps().data();
		assertCloseToReference(saliency, model, "region_saliency", TOLERANCE);
		float[] ig = explain(model, new IntegratedGradients(), channel, RECTANGLE, false, ScoreKind.LOGIT,
			Map.of("baseline", "zero", "integration", "riemann", "steps", "16")).maps().data();
		assertCloseToReference(ig, model, "region_ig", TOLERANCE);
		float[] smoothGrad = explain(model, new SmoothGrad(), channel, RECTANGLE, false, ScoreKind.LOGIT,
			Map.of("samples", "8", "noise", "0.15", "seed", "42")).maps().data();
		assertCloseToReference(smoothGrad, model, "region_smoothgrad", TOLERANCE);
	}

	@Test
	void theLogSoftmaxOfASoftmaxSegmentationIsExplained() throws IOException {
		float[] map = explain("unet_softmax3", new Saliency(), "1", RECTANGLE, false, ScoreKind.LOG_SOFTMAX, Map.of()).maps().data();
		assertCloseToReference(map, "unet_softmax3", "region_logsoftmax", TOLERANCE);
	}

	/** Seg-Grad-CAM: Grad-CAM of the region's score, at the U-Net's bottleneck when no layer is named, and the result says so. */
	@ParameterizedTest
	@CsvSource({ "unet_small,0", "unet_softmax3,1" })
	void segGradCamIsGradCamOfTheRegionAtTheBottleneck(String model, String channel) throws IOException {
		Explanation cam = explain(model, new GradCam(), channel, RECTANGLE, false, ScoreKind.LOGIT, Map.of());
		assertEquals(16, cam.maps().height());
		assertCloseToReference(cam.maps().data(), model, "region_segcam", TOLERANCE);
		assertTrue(cam.labels().get(0).contains("layer enc2 (the bottleneck"), cam.labels().get(0));
		assertTrue(cam.labels().get(0).contains("region " + RECTANGLE), cam.labels().get(0));
	}

	@Test
	void theMeanOverARegionIsItsSumOverItsArea() throws IOException {
		Explanation sum = explain("unet_small", new Saliency(), "0", RECTANGLE, false, ScoreKind.LOGIT, Map.of());
		Explanation mean = explain("unet_small", new Saliency(), "0", RECTANGLE, true, ScoreKind.LOGIT, Map.of());
		float[] scaled = sum.maps().data().clone();
		for (int i = 0; i < scaled.length; i++) scaled[i] /= 80;
		assertTrue(Numbers.relativeL2(mean.maps().data(), scaled) < 1e-6);
		assertEquals(sum.scores()[0] / 80, mean.scores()[0], 1e-5 * Math.abs(sum.scores()[0]));
	}

	/**
	 * dense_identity outputs 2x: the region 2,2,4,4 scores 2 Σ_region x, and a zero patch of 2×2
	 * at stride 2 lowers it by 2 Σ of the region's pixels under the patch.
	 */
	@Test
	void occlusionOfARegionDropsItsScoreByWhatThePatchHidesOfIt() throws IOException {
		Explanation result = explain("dense_identity", new Occlusion(), "0", "2,2,4,4", false, ScoreKind.LOGIT,
			Map.of("patch", "2", "stride", "2", "fill", "zero"));
		FloatBatch x = input("dense_identity");
		for (int n = 0; n < x.count(); n++) {
			double regionSum = 0;
			for (int y = 2; y < 6; y++) for (int c = 2; c < 6; c++) regionSum += x.get(n, y, c, 0);
			assertEquals(2 * regionSum, result.scores()[n], 1e-5);
			// the whole region filled with zero: nothing of it is left
			assertEquals(0, result.measures().get(Occlusion.REGION_SCORE_AFTER)[n], 1e-6);
			for (int y = 0; y < 8; y++) {
				for (int c = 0; c < 8; c++) {
					double hidden = 0;
					for (int py = y / 2 * 2; py < y / 2 * 2 + 2; py++) {
						for (int pc = c / 2 * 2; pc < c / 2 * 2 + 2; pc++) if (py >= 2 && py < 6 && pc >= 2 && pc < 6) hidden += x.get(n, py, pc, 0);
					}
					assertEquals(2 * hidden, result.maps().get(n, y, c, 0), 1e-5, "pixel " + c + "," + y);
				}
			}
		}
	}

	/** Several regions: every image once per region (image n, region r is sample n·R + r), each labelled with its region. */
	@Test
	void everyRegionGetsItsOwnMap() throws IOException {
		FloatBatch input = input("unet_small");
		List<Region> regions = List.of(Region.rectangle(4, 6, 10, 8, 32, 32), Region.rectangle(16, 16, 8, 8, 32, 32));
		ExplainOptions options = new ExplainOptions(Target.parse("0").inRegions(regions, false), ScoreKind.LOGIT, 5, true, MethodSettings.NONE);
		Explanation both = new Saliency().explain(model("unet_small"), input, options, Progress.NONE);
		assertEquals(input.count() * 2, both.maps().count());
		float[] reference = reference("unet_small", "region_saliency").values;
		int size = input.sampleSize();
		for (int n = 0; n < input.count(); n++) {
			float[] first = java.util.Arrays.copyOfRange(both.maps().data(), 2 * n * size, (2 * n + 1) * size);
			assertTrue(Numbers.relativeL2(first, java.util.Arrays.copyOfRange(reference, n * size, (n + 1) * size)) < TOLERANCE);
			assertTrue(both.labels().get(2 * n + 1).contains("region 16,16,8,8"), both.labels().get(2 * n + 1));
		}
	}

	@Test
	void aRegionTargetNeedsADenseOutputAndAPixelOfIt() {
		XaiException classifier = assertThrows(XaiException.class,
			() -> explain("fashion_mnist_cnn", new Saliency(), "0", RECTANGLE, false, ScoreKind.LOGIT, Map.of()));
		assertTrue(classifier.getMessage().contains("needs a per-pixel output"), classifier.getMessage());
		XaiException outside = assertThrows(XaiException.class, () -> explain("unet_small", new Saliency(), "0", "40,40,5,5", false, ScoreKind.LOGIT, Map.of()));
		assertTrue(outside.getMessage().contains("is empty"), outside.getMessage());
		XaiException words = assertThrows(XaiException.class, () -> explain("unet_small", new Saliency(), "0", "middle", false, ScoreKind.LOGIT, Map.of()));
		assertTrue(words.getMessage().contains("is not x,y,w,h"), words.getMessage());
	}
}
