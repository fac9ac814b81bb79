package ijxai.engine.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

import ijxai.engine.DatasetTools;
import ijxai.engine.Fixtures;
import ijxai.engine.FloatBatch;
import ijxai.engine.ImageSpace;
import ijxai.engine.Npy;
import ijxai.engine.Progress;
import ijxai.engine.evaluation.SanityChecks.Measure;
import ijxai.engine.method.DatasetTool;
import ijxai.engine.method.ImageSet;
import ijxai.engine.model.LoadedModel;

/**
 * The sanity checks against Quantus 0.6.0's ModelParameterRandomisation (models/make_sanity_references.py)
 * on 8 Fashion-MNIST test images, saliency and Integrated Gradients: the same permuted weights, bit for
 * bit, and the same rank correlations at every step; at step 0 every similarity is 1, and randomizing
 * the layers lowers the rank correlation.
 */
class SanityReferenceTest extends Fixtures {

	private static final String MODEL = "fashion_mnist_cnn";
	private static final String[] METHODS = { "saliency", "integrated_gradients" };
	private static final Map<String, SanityChecks.Result> RESULTS = new HashMap<>();

	private static ImageSet images() throws IOException {
		FloatBatch images = Npy.read(MapSimilarityTest.FOLDER.resolve("images.npy")).asBatch();
		return new ImageSet(images, null, ImageSpace.identity(images.count()));
	}

	@SuppressWarnings("unchecked")
	private SanityChecks.Result run(String mode) throws IOException {
		if (!RESULTS.containsKey(mode)) {
			DatasetTool<SanityChecks.Result> tool = (DatasetTool<SanityChecks.Result>) DatasetTools.byName("sanity");
			RESULTS.put(mode, tool.run(model(MODEL), images(), tool.settings(Map.of("methods", "saliency,integrated-gradients", "mode", mode, "seed", "42")),
				64, Progress.NONE));
		}
		return RESULTS.get(mode);
	}

	/** The layers Quantus names in the order a mode randomizes them (steps.json), "original" first. */
	private static List<String> quantusSteps(String mode) throws IOException {
		Matcher m = Pattern.compile("\"" + mode + "\":\\s*\\[([^\\]]*)\\]").matcher(Files.readString(MapSimilarityTest.FOLDER.resolve("steps.json")));
		assertTrue(m.find(), mode + " in steps.json");
		return Arrays.stream(m.group(1).split(",")).map(s -> s.trim().replace("\"", "")).toList();
	}

	@Test
	void theRandomizedWeightsAreQuantussBitForBit() throws IOException {
		LoadedModel model = model(MODEL);
		List<LayerWeights> layers = new ArrayList<>(LayerWeights.of(model));
		java.util.Collections.reverse(layers);
		assertEquals(quantusSteps("cascading").subList(1, 9), layers.stream().map(LayerWeights::layer).toList(), "layers with weights, from the logits");
		for (LayerWeights layer : layers) {
			List<float[]> values = new ArrayList<>(layer.randomized(model, 42).values());
			for (int k = 0; k < values.size(); k++) {
				float[] order = Npy.read(MapSimilarityTest.FOLDER.resolve("permutation_" + layer.layer() + "_" + k + ".npy")).values;
				float[] trained = trained(model, layer.constants().get(k));
				int rowSize = trained.length / order.length;
				float[] expected = new float[trained.length];
				for (int i = 0; i < order.length; i++) System.arraycopy(trained, (int) order[i] * rowSize, expected, i * rowSize, rowSize);
				assertArrayEquals(expected, values.get(k), layer.layer() + " weight " + k);
			}
			assertTrue(!Files.exists(MapSimilarityTest.FOLDER.resolve("permutation_" + layer.layer() + "_" + values.size() + ".npy")), layer.layer() + ": all weights");
		}
	}

	private static float[] trained(LoadedModel model, String constant) {
		return model.constant(model.operations().stream().filter(op -> op.name().equals(constant)).findFirst().orElseThrow().output(0)).values();
	}

	/**
	 * Spearman's correlations of |maps| and of maps per image and step within 0.005 of Quantus's, their
	 * means within 0.001 (measured: 0.0024 and 0.0003): TensorFlow Java and Python sum the gradients in
	 * another order, and in the randomized networks many gradients are nearly tied, so a few ranks swap.
	 */
	@Test
	void rankCorrelationsEqualQuantussInBothModes() throws IOException {
		for (String mode : List.of("cascading", "independent")) {
			SanityChecks.Result result = run(mode);
			List<String> steps = quantusSteps(mode);
			for (int m = 0; m < METHODS.length; m++) {
				SanityChecks.MethodResult method = result.methods().get(m);
				for (Measure measure : List.of(Measure.SPEARMAN_ABS, Measure.SPEARMAN)) {
					Npy quantus = Npy.read(MapSimilarityTest.FOLDER.resolve(METHODS[m] + "_" + mode + "_" + measure.column + ".npy"));
					int images = (int) quantus.shape[1];
					for (SanityChecks.Step step : result.steps()) {
						int row = steps.indexOf(step.layer());
						assertTrue(row >= 0, step.layer());
						double[] ours = method.values()[step.index()][measure.ordinal()];
						double meanQuantus = 0;
						for (int n = 0; n < images; n++) {
							double expected = quantus.values[row * images + n];
							meanQuantus += expected / images;
							assertEquals(expected, ours[n], 0.005, mode + " " + METHODS[m] + " " + measure.column + " step " + step.index() + " image " + n);
						}
						assertEquals(meanQuantus, method.mean(step.index(), measure), 0.001, mode + " " + METHODS[m] + " " + measure.column + " step " + step.index());
					}
				}
			}
		}
	}

	@Test
	void stepZeroIsTheOriginalAndRandomizationLowersTheRankCorrelation() throws IOException {
		SanityChecks.Result result = run("cascading");
		assertEquals(SanityChecks.ORIGINAL, result.steps().get(0).layer());
		for (SanityChecks.MethodResult method : result.methods()) {
			for (Measure measure : Measure.values()) {
				for (double value : method.values()[0][measure.ordinal()]) assertEquals(1, value, 1e-12, method.method() + " " + measure.column + " at step 0");
			}
			int last = result.steps().size() - 1;
			for (int step = 1; step <= last; step++) {
				assertTrue(method.mean(step, Measure.SPEARMAN_ABS) < 0.95, method.method() + " step " + step + ": " + method.mean(step, Measure.SPEARMAN_ABS));
			}
		}
		// saliency loses its structure, Integrated Gradients keeps the input's (Adebayo et al.'s finding for input-times-gradient maps)
		assertTrue(result.methods().get(0).mean(result.steps().size() - 1, Measure.SPEARMAN_ABS) < 0.3);
		assertTrue(result.methods().get(0).mean(result.steps().size() - 1, Measure.SSIM) < result.methods().get(0).mean(0, Measure.SSIM));
	}

	/** Every randomized copy is closed after its step, after a complete run and after a cancelled one (JavaCPP's count of native objects). */
	@Test
	void cancellingStopsBetweenStepsAndNoCopyStaysOpen() throws IOException {
		@SuppressWarnings("unchecked")
		DatasetTool<SanityChecks.Result> tool = (DatasetTool<SanityChecks.Result>) DatasetTools.byName("sanity");
		LoadedModel model = model(MODEL);
		var settings = tool.settings(Map.of("methods", "saliency"));
		// a complete run first: the original model's gradient ops are built once and stay with it
		tool.run(model, images(), settings, 64, Progress.NONE);
		long open = Pointer.totalCount();
		tool.run(model, images(), settings, 64, Progress.NONE);
		assertEquals(open, Pointer.totalCount(), "native objects open after a complete run");
		int[] reports = { 0 };
		Progress cancelAfterTheFirstRandomizedStep = new Progress() {
			@Override public void report(int done, int total, String what) { if (what.startsWith("randomized")) reports[0]++; }
			@Override public boolean isCanceled() { return reports[0] > 0; }
		};
		assertThrows(CancellationException.class, () -> tool.run(model, images(), settings, 64, cancelAfterTheFirstRandomizedStep));
		assertEquals(1, reports[0], "stopped before the second randomized step");
		assertEquals(open, Pointer.totalCount(), "native objects open after a cancelled run");
	}
}
