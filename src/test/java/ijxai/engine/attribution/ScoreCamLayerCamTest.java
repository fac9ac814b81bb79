package ijxai.engine.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ijxai.engine.Fixtures;
import ijxai.engine.FloatBatch;
import ijxai.engine.Npy;
import ijxai.engine.Numbers;
import ijxai.engine.Progress;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ScoreKind;
import ijxai.engine.model.Target;

/**
 * Score-CAM and LayerCAM against tf-keras-vis 0.8.7 on Keras copies of the same SavedModels
 * (models/make_cam_references.py), and against identities that hold whatever the weights.
 */
class ScoreCamLayerCamTest extends Fixtures {

	/**
	 * Relative L2 to tf-keras-vis (and between the identities' sides): only float32 rounding differs,
	 * in the masks, the forward passes and the sums; measured below 1e-6 (at most 8.6e-7).
	 */
	private static final double TOLERANCE = 1e-5;

	/** The maps of a method for the reference targets, at the layer's resolution when {@code raw}, in batches of 7 (chunks do not divide the copies evenly). */
	private float[] maps(String model, Explainer method, boolean raw, Map<String, String> settings) throws IOException {
		return referenceMaps(model, method, raw, settings);
	}

	private static void assertClose(float[] actual, String model, String file) throws IOException {
		assertCloseToReference(actual, model, file, TOLERANCE);
	}

	@ParameterizedTest
	@CsvSource({ "fashion_mnist_cnn,conv2d_3", "fashion_mnist_cnn,dropout", "mobilenetv2_small,out_relu" })
	void scoreCamEqualsTfKerasVisAtTheLayersResolutionAndUpsampled(String model, String layer) throws IOException {
		assertClose(maps(model, new ScoreCam(), true, Map.of("layer", layer)), model, "scorecam_" + layer);
		assertClose(maps(model, new ScoreCam(), false, Map.of("layer", layer)), model, "scorecam_upsampled_" + layer);
	}

	@ParameterizedTest
	@CsvSource({ "fashion_mnist_cnn,conv2d_3", "fashion_mnist_cnn,dropout", "mobilenetv2_small,out_relu" })
	void fasterScoreCamWithTheEightMostVaryingChannelsEqualsTfKerasVisMaxN(String model, String layer) throws IOException {
		assertClose(maps(model, new ScoreCam(), true, Map.of("layer", layer, "max-channels", "8")), model, "scorecam_max8_" + layer);
	}

	/** tf-keras-vis as it ships upsamples the masks by scipy's zoom, with the corners aligned: so does {@code mask-upsampling=corners}. */
	@ParameterizedTest
	@CsvSource({ "fashion_mnist_cnn,conv2d_3", "fashion_mnist_cnn,dropout", "mobilenetv2_small,out_relu" })
	void scoreCamWithCornerAlignedMasksEqualsTfKerasVisAsItShips(String model, String layer) throws IOException {
		assertClose(maps(model, new ScoreCam(), true, Map.of("layer", layer, "mask-upsampling", "corners")), model, "scorecam_zoom_" + layer);
	}

	@ParameterizedTest
	@CsvSource({ "fashion_mnist_cnn,conv2d_3", "fashion_mnist_cnn,dropout", "fashion_mnist_cnn,re_lu", "mobilenetv2_small,out_relu",
		"mobilenetv2_small,block_0_expand_relu" })
	void layerCamEqualsTfKerasVisAtTheLayersResolutionAndUpsampled(String model, String layer) throws IOException {
		assertClose(maps(model, new LayerCam(), true, Map.of("layer", layer)), model, "layercam_" + layer);
		assertClose(maps(model, new LayerCam(), false, Map.of("layer", layer)), model, "layercam_upsampled_" + layer);
	}

	/**
	 * Behind global average pooling and a dense layer the gradient at the last layer is the same at
	 * every position, ∂S/∂A_k = mean(∂S/∂A_k): LayerCAM is Grad-CAM with its channel weights' positive
	 * parts, relu(Σ_k relu(w_k) A_k), and, the layer being a ReLU6 (A ≥ 0), never below Grad-CAM.
	 */
	@Test
	void layerCamBehindAPooledLinearHeadIsGradCamWithPositiveWeights() throws IOException {
		String model = "mobilenetv2_small", layer = "out_relu";
		LoadedModel loaded = model(model);
		Npy activations = reference(model, "activations_" + layer);
		FloatBatch gradient = loaded.gradients(input(model), null, ScoreKind.LOGIT, loaded.info().layer(layer).tensor(), null).gradient();
		int count = gradient.count(), height = gradient.height(), width = gradient.width(), depth = gradient.channels();
		float[] expected = new float[count * height * width];
		for (int n = 0; n < count; n++) {
			for (int k = 0; k < depth; k++) {
				double weight = gradient.get(n, 0, 0, k);
				for (int y = 0; y < height; y++) for (int x = 0; x < width; x++) assertEquals(weight, gradient.get(n, y, x, k), 1e-6 * Math.abs(weight) + 1e-9);
				for (int p = 0; p < height * width; p++) expected[n * height * width + p] += (float) (Math.max(0, weight) * activations.values[(n * height * width + p) * depth + k]);
			}
		}
		float[] layerCam = maps(model, new LayerCam(), true, Map.of("layer", layer)), gradCam = reference(model, "gradcam_" + layer).values;
		assertTrue(Numbers.relativeL2(layerCam, expected) < 1e-5, "LayerCAM vs relu(Σ relu(w) A): " + Numbers.relativeL2(layerCam, expected));
		for (int i = 0; i < layerCam.length; i++) assertTrue(layerCam[i] >= gradCam[i] * (1 - 1e-5), "LayerCAM " + layerCam[i] + " < Grad-CAM " + gradCam[i] + " at " + i);
	}

	/** With one channel, the map is that channel (the most varying one; ReLU output, so A ≥ 0) times the probability its mask leaves. */
	@Test
	void scoreCamWithOneChannelIsProportionalToThatChannel() throws IOException {
		String model = "fashion_mnist_cnn", layer = "conv2d_3";
		Npy activations = reference(model, "activations_" + layer);
		int count = (int) activations.shape[0], positions = (int) (activations.shape[1] * activations.shape[2]), depth = (int) activations.shape[3];
		float[] map = maps(model, new ScoreCam(), true, Map.of("layer", layer, "max-channels", "1"));
		for (int n = 0; n < count; n++) {
			int channel = mostVarying(activations.values, n, positions, depth);
			float[] a = new float[positions], m = Arrays.copyOfRange(map, n * positions, (n + 1) * positions);
			double cross = 0, square = 0;
			for (int p = 0; p < positions; p++) {
				a[p] = activations.values[(n * positions + p) * depth + channel];
				cross += a[p] * m[p];
				square += a[p] * a[p];
			}
			double ratio = cross / square;
			for (int p = 0; p < positions; p++) a[p] *= ratio;
			double error = Numbers.relativeL2(m, a);
			assertTrue(error < TOLERANCE, "sample " + n + ": map vs " + ratio + " × channel " + channel + ": relative L2 " + error);
			assertTrue(ratio > 0 && ratio <= 1, "sample " + n + ": the weight is a probability: " + ratio);
		}
	}

	/** The channel of largest population standard deviation over the positions, by the two-pass formula (not the code under test's one-pass). */
	private static int mostVarying(float[] values, int n, int positions, int depth) {
		int best = -1;
		double bestVariance = -1;
		for (int k = 0; k < depth; k++) {
			double mean = 0, variance = 0;
			for (int p = 0; p < positions; p++) mean += values[(n * positions + p) * depth + k] / (double) positions;
			for (int p = 0; p < positions; p++) variance += Math.pow(values[(n * positions + p) * depth + k] - mean, 2) / positions;
			if (variance > bestVariance) {
				best = k;
				bestVariance = variance;
			}
		}
		return best;
	}

	/** The masked copies (4 samples × 64 channels) go through TensorFlow in batches, with progress, and stop when cancelled. */
	@Test
	void scoreCamReportsProgressPerBatchOfMaskedCopiesAndCancels() throws IOException {
		List<Integer> reported = new ArrayList<>();
		Progress cancelAfterFirstBatch = new Progress() {
			@Override public void report(int done, int total, String what) {
				assertEquals(4 * 64, total);
				reported.add(done);
			}
			@Override public boolean isCanceled() { return reported.size() > 1; }
		};
		ExplainOptions options = new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, 32, false, new MethodSettings(Map.of("layer", "conv2d_3"), Map.of()));
		assertThrows(CancellationException.class, () -> new ScoreCam().explain(model("fashion_mnist_cnn"), input("fashion_mnist_cnn"), options, cancelAfterFirstBatch));
		assertEquals(List.of(0, 32), reported);
	}
}
