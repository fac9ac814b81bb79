package ijxai.engine.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ijxai.engine.Fixtures;
import ijxai.engine.FloatBatch;
import ijxai.engine.Numbers;
import ijxai.engine.Progress;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.ScoreKind;
import ijxai.engine.model.Target;

/** DeepLIFT against Captum 0.9.0's DeepLift on the PyTorch copy of the Fashion-MNIST CNN (models/make_deeplift_references.py) and a closed form. */
class DeepLiftTest extends Fixtures {

	private static final String MODEL = "fashion_mnist_cnn";

	/** The maps of the reference input with a baseline (image: the next reference image), in chunks of 3 and 1 pairs. */
	private Explanation explain(String baseline) throws IOException {
		FloatBatch input = input(MODEL);
		FloatBatch next = FloatBatch.zeros(input.count(), input.height(), input.width(), input.channels());
		for (int n = 0; n < input.count(); n++) next.put(n, input.samples((n + 1) % input.count(), (n + 1) % input.count() + 1));
		MethodSettings settings = new MethodSettings(Map.of(IntegratedGradients.BASELINE, baseline),
			baseline.equals("image") ? Map.of(IntegratedGradients.BASELINE_IMAGE, next) : Map.of());
		ExplainOptions options = new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, 7, true, settings);
		return new DeepLift().explain(model(MODEL), input, options, Progress.NONE);
	}

	/** Every map within 1e-4 relative L2 of Captum's (float64), and Σ attributions = S(x) − S(x₀) within 1e-4 relative: every nonlinearity is a ReLU or max pooling. */
	@ParameterizedTest
	@ValueSource(strings = { "zero", "white", "image" })
	void matchesCaptumAndSumsToTheScoreDifference(String baseline) throws IOException {
		Explanation result = explain(baseline);
		float[] targets = reference(MODEL, "target").values, captum = reference(MODEL, "deeplift_" + baseline).values, maps = result.maps().data();
		int size = result.maps().sampleSize();
		for (int n = 0; n < targets.length; n++) {
			assertEquals((int) targets[n], result.targets()[n], "target of sample " + n);
			double error = Numbers.relativeL2(Arrays.copyOfRange(maps, n * size, (n + 1) * size), Arrays.copyOfRange(captum, n * size, (n + 1) * size));
			assertTrue(error < 1e-4, baseline + " baseline, sample " + n + ": relative L2 to Captum " + error);
			float gap = result.measures().get(DeepLift.DELTA_GAP)[n];
			assertTrue(gap < 1e-4, baseline + " baseline, sample " + n + ": delta gap " + gap);
		}
		assertTrue(result.labels().get(0).contains("delta gap"), result.labels().get(0));
	}

	/** Summation-to-delta on other ReLU networks: residual additions, ReLU6 and depthwise convolutions, a Keras 3 export. */
	@ParameterizedTest
	@ValueSource(strings = { "resnet_small", "mobilenetv2_small", "keras3_export", "bias_free_cnn" })
	void sumsToTheScoreDifferenceOnOtherNetworks(String model) throws IOException {
		ExplainOptions options = new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, 4, true,
			new MethodSettings(Map.of(IntegratedGradients.BASELINE, "blur"), Map.of()));
		float[] gaps = new DeepLift().explain(model(model), input(model), options, Progress.NONE).measures().get(DeepLift.DELTA_GAP);
		for (int n = 0; n < gaps.length; n++) assertTrue(gaps[n] < 1e-4, model + ", sample " + n + ": delta gap " + gaps[n]);
	}

	/**
	 * relu(w·x + b) with w = (1, 2, 3, 4), b = −1 at x = 0.5 from the zero baseline: z = 4, z₀ = −1, so
	 * the multiplier is (relu(4) − relu(−1)) / (4 − (−1)) = 0.8 and DeepLIFT 0.8·w·x, where the
	 * gradient × input would be w·x (models/relu_unit, see models/make_deeplift_references.py).
	 */
	@Test
	void rescalesAReluByItsSecant() {
		FloatBatch input = new FloatBatch(1, 2, 2, 1, new float[] { 0.5f, 0.5f, 0.5f, 0.5f });
		ExplainOptions options = new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, 2, true,
			new MethodSettings(Map.of(IntegratedGradients.BASELINE, "zero"), Map.of()));
		Explanation result = new DeepLift().explain(model("relu_unit"), input, options, Progress.NONE);
		assertArrayEquals(new float[] { 0.4f, 0.8f, 1.2f, 1.6f }, result.maps().data(), 1e-6f);
		assertEquals(0, result.measures().get(DeepLift.DELTA_GAP)[0], 1e-6);
	}
}
