package ijxai.engine.attribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;

import ijxai.engine.Explainers;
import ijxai.engine.Fixtures;
import ijxai.engine.FloatBatch;
import ijxai.engine.Npy;
import ijxai.engine.Numbers;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.method.ExplainJob;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.ScoreKind;
import ijxai.engine.model.Target;

/**
 * SLIC against scikit-image 0.26 and hand-built images; LIME and KernelSHAP against lime 0.2.0.1
 * and shap on the same superpixels and masks (models/make_limeshap_references.py), and against the
 * Shapley kernel's closed form.
 */
class LimeKernelShapTest extends Fixtures {

	private static final String MODEL = "fashion_mnist_cnn";
	/**
	 * Relative L2 to lime's and shap's coefficients: the scores differ by float32 rounding between
	 * TensorFlow Python and Java batches, the solvers by double rounding; measured 1.2e-7 to 4.0e-7.
	 */
	private static final double TOLERANCE = 1e-4;

	@Test
	void slicFindsTheQuadrantsOfAGreyImageExactlyAndMergesASpeck() {
		float[] image = quadrants(24, new float[][] { { 0 }, { 0.3f }, { 0.6f }, { 1 } });
		image[3 * 24 + 3] = 1; // a speck of the last quadrant's value inside the first
		Slic.Superpixels superpixels = new Slic(4, 0.01, 10).segment(image, 24, 24, 1);
		assertEquals(4, superpixels.count());
		assertArrayEquals(quadrantLabels(24), superpixels.labels());
	}

	@Test
	void slicFindsTheQuadrantsOfAnRgbImageOfEqualBrightnessExactly() {
		float[] image = quadrants(24, new float[][] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 }, { 0.5f, 0.5f, 0 } });
		Slic.Superpixels superpixels = new Slic(4, 0.01, 10).segment(image, 24, 24, 3);
		assertEquals(4, superpixels.count());
		assertArrayEquals(quadrantLabels(24), superpixels.labels());
	}

	/** Adjusted Rand index to scikit-image's labels (30 segments, compactness 0.1): the bound leaves room for ties broken otherwise in float32. */
	@Test
	void slicAgreesWithScikitImage() throws IOException {
		for (String[] fixture : new String[][] { { MODEL, "slic_grey" }, { "mobilenetv2_small", "slic_rgb" } }) {
			FloatBatch input = input(fixture[0]);
			Npy expected = reference(fixture[0], fixture[1]);
			int pixels = input.height() * input.width();
			for (int n = 0; n < input.count(); n++) {
				float[] slice = Arrays.copyOfRange(input.data(), n * input.sampleSize(), (n + 1) * input.sampleSize());
				Slic.Superpixels superpixels = new Slic(30, 0.1, 10).segment(slice, input.height(), input.width(), input.channels());
				int[] theirs = new int[pixels];
				for (int p = 0; p < pixels; p++) theirs[p] = (int) expected.values[n * pixels + p];
				double index = adjustedRandIndex(superpixels.labels(), theirs);
				assertTrue(index > 0.9, fixture[1] + " slice " + n + ": adjusted Rand index " + index);
			}
		}
	}

	@Test
	void limeEqualsLimeOnTheSameSuperpixelsAndMasks() throws IOException {
		List<Slic.Superpixels> superpixels = superpixels(reference(MODEL, "lime_segments"));
		Npy masks = reference(MODEL, "lime_masks"), coefficients = reference(MODEL, "lime_coefficients");
		int samples = (int) masks.shape[1], width = (int) masks.shape[2];
		List<double[][]> given = new ArrayList<>();
		for (int n = 0; n < superpixels.size(); n++) {
			double[][] rows = new double[samples][superpixels.get(n).count()];
			for (int i = 0; i < samples; i++) for (int k = 0; k < rows[i].length; k++) rows[i][k] = masks.values[(n * samples + i) * width + k];
			given.add(rows);
		}
		Lime lime = new Lime();
		Explanation explanation = lime.explain(job(lime, superpixels.size(), Map.of("fill", "segment-mean")), superpixels, given);
		assertCloseToCoefficients(explanation, superpixels, coefficients);
	}

	@Test
	void kernelShapEnumeratesEveryCoalitionAndEqualsShapExactly() throws IOException {
		List<Slic.Superpixels> superpixels = superpixels(reference(MODEL, "kernelshap_segments"));
		KernelShap shap = new KernelShap();
		Explanation explanation = shap.explain(job(shap, superpixels.size(), Map.of("fill", "zero", "samples", "2048")), superpixels, null);
		assertCloseToCoefficients(explanation, superpixels, reference(MODEL, "kernelshap_exact"));
		for (float gap : explanation.measures().get(KernelShap.EFFICIENCY_GAP)) assertTrue(gap < 1e-5, "efficiency gap " + gap);
		assertTrue(explanation.labels().get(0).contains("efficiency gap"), explanation.labels().get(0));
	}

	@Test
	void kernelShapSolvesShapsOwnSampledCoalitionsAsShapDoes() throws IOException {
		List<Slic.Superpixels> superpixels = superpixels(reference(MODEL, "kernelshap_sampled_segments"));
		Npy masks = reference(MODEL, "kernelshap_sampled_masks"), weights = reference(MODEL, "kernelshap_sampled_weights");
		int rows = (int) masks.shape[0], m = (int) masks.shape[1];
		double[][] given = new double[rows][m];
		double[] givenWeights = new double[rows];
		for (int i = 0; i < rows; i++) {
			for (int k = 0; k < m; k++) given[i][k] = masks.values[i * m + k];
			givenWeights[i] = weights.values[i];
		}
		KernelShap shap = new KernelShap();
		Explanation explanation = shap.explain(job(shap, 1, Map.of("fill", "zero")), superpixels, List.of(new KernelShap.Coalitions(given, givenWeights)));
		assertCloseToCoefficients(explanation, superpixels, reference(MODEL, "kernelshap_sampled"));
	}

	/** With the budget for all of them, the coalitions are every proper non-empty subset once, at the Shapley kernel's weight (M−1)/(C(M,s)·s·(M−s)), normalized. */
	@Test
	void kernelShapsCoalitionsAreTheShapleyKernelWhenEnumerated() {
		int m = 7;
		KernelShap.Coalitions coalitions = KernelShap.coalitions(m, 5000, new Random(0));
		assertEquals((1 << m) - 2, coalitions.masks().length);
		Map<String, Double> seen = new HashMap<>();
		double total = 0;
		for (int s = 1; s < m; s++) total += binomial(m, s) * (m - 1.0) / (binomial(m, s) * s * (m - s));
		for (int i = 0; i < coalitions.masks().length; i++) {
			int s = (int) Arrays.stream(coalitions.masks()[i]).sum();
			assertTrue(seen.put(Arrays.toString(coalitions.masks()[i]), coalitions.weights()[i]) == null, "coalition twice");
			assertEquals((m - 1.0) / (binomial(m, s) * s * (m - s)) / total, coalitions.weights()[i], 1e-12, "weight of a coalition of " + s);
		}
	}

	/** Sampled coalitions come in complementary pairs and their weights add up to one, as shap's. */
	@Test
	void kernelShapsSampledCoalitionsArePairedAndWeighTogetherOne() {
		KernelShap.Coalitions coalitions = KernelShap.coalitions(20, 300, new Random(3));
		assertEquals(300, coalitions.masks().length);
		assertEquals(1, Arrays.stream(coalitions.weights()).sum(), 1e-9);
		double[][] masks = coalitions.masks();
		int paired = 0;
		for (int i = 0; i + 1 < masks.length; i++) {
			boolean complement = true;
			for (int k = 0; k < 20; k++) complement &= masks[i][k] + masks[i + 1][k] == 1;
			if (complement) paired++;
		}
		assertTrue(paired >= 140, "complementary neighbours: " + paired);
	}

	@Test
	void bothMethodsRunFromTheRegistryBatchedAndSeeded() throws IOException {
		for (String name : List.of("lime", "kernelshap")) {
			Explainer method = Explainers.byName(name);
			Map<String, String> settings = Map.of("segments", "12", "samples", "64", "seed", "5");
			Explanation first = method.explain(model(MODEL), input(MODEL), options(settings), Progress.NONE);
			Explanation second = method.explain(model(MODEL), input(MODEL), options(settings), Progress.NONE);
			assertEquals(4, first.maps().count());
			assertArrayEquals(first.maps().data(), second.maps().data(), name + " with the same seed");
			assertTrue(first.labels().get(0).contains("superpixels, 64 samples"), first.labels().get(0));
		}
		assertThrows(XaiException.class, () -> new Slic(0, 0.1, 10));
	}

	/** All perturbed copies of all slices (4 × 50) go through TensorFlow in batches, with progress per batch, and stop when cancelled. */
	@Test
	void limeReportsProgressPerBatchOfCopiesAndCancels() {
		List<Integer> reported = new ArrayList<>();
		Progress cancelAfterFirstBatch = new Progress() {
			@Override public void report(int done, int total, String what) {
				assertEquals(4 * 50, total);
				reported.add(done);
			}
			@Override public boolean isCanceled() { return reported.size() > 1; }
		};
		ExplainOptions options = new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, 32, false, new MethodSettings(Map.of("samples", "50"), Map.of()));
		assertThrows(CancellationException.class, () -> new Lime().explain(model(MODEL), input(MODEL), options, cancelAfterFirstBatch));
		assertEquals(List.of(0, 32), reported);
	}

	private static ExplainOptions options(Map<String, String> settings) {
		return new ExplainOptions(Target.PREDICTED, ScoreKind.PROBABILITY, 7, false, new MethodSettings(settings, Map.of()));
	}

	/** The job of the first {@code count} reference inputs, explained by their probability (the references' score), in batches of 7. */
	private ExplainJob job(Explainer method, int count, Map<String, String> settings) throws IOException {
		return ExplainJob.bind(method, model(MODEL), input(MODEL).samples(0, count), options(settings), Progress.NONE);
	}

	/** Every slice's value on each superpixel (read off the painted map) against the reference's row, padded with −1. */
	private static void assertCloseToCoefficients(Explanation explanation, List<Slic.Superpixels> superpixels, Npy expected) {
		int width = expected.values.length / superpixels.size(), pixels = superpixels.get(0).labels().length;
		for (int n = 0; n < superpixels.size(); n++) {
			int m = superpixels.get(n).count();
			float[] ours = new float[m];
			int[] labels = superpixels.get(n).labels();
			for (int p = 0; p < pixels; p++) ours[labels[p]] = explanation.maps().data()[n * pixels + p];
			float[] theirs = Arrays.copyOfRange(expected.values, n * width, n * width + m);
			double error = Numbers.relativeL2(ours, theirs);
			assertTrue(error < TOLERANCE, "slice " + n + ": relative L2 " + error + "\n" + Arrays.toString(ours) + "\n" + Arrays.toString(theirs));
		}
	}

	private static List<Slic.Superpixels> superpixels(Npy segments) {
		int count = (int) segments.shape[0], height = (int) segments.shape[1], width = (int) segments.shape[2];
		List<Slic.Superpixels> superpixels = new ArrayList<>();
		for (int n = 0; n < count; n++) {
			int[] labels = new int[height * width];
			for (int p = 0; p < labels.length; p++) labels[p] = (int) segments.values[n * labels.length + p];
			superpixels.add(new Slic.Superpixels(height, width, Arrays.stream(labels).max().getAsInt() + 1, labels));
		}
		return superpixels;
	}

	private static float[] quadrants(int side, float[][] colours) {
		int channels = colours[0].length;
		float[] image = new float[side * side * channels];
		int[] labels = quadrantLabels(side);
		for (int p = 0; p < side * side; p++) System.arraycopy(colours[labels[p]], 0, image, p * channels, channels);
		return image;
	}

	/** 0 top left, 1 top right, 2 bottom left, 3 bottom right: the raster order in which SLIC numbers them. */
	private static int[] quadrantLabels(int side) {
		int[] labels = new int[side * side];
		for (int y = 0; y < side; y++) for (int x = 0; x < side; x++) labels[y * side + x] = (y < side / 2 ? 0 : 2) + (x < side / 2 ? 0 : 1);
		return labels;
	}

	/** Hubert & Arabie's adjusted Rand index of two labellings. */
	static double adjustedRandIndex(int[] a, int[] b) {
		Map<Long, Integer> pairs = new HashMap<>();
		Map<Integer, Integer> rows = new HashMap<>(), columns = new HashMap<>();
		for (int i = 0; i < a.length; i++) {
			pairs.merge(((long) a[i] << 32) | b[i], 1, Integer::sum);
			rows.merge(a[i], 1, Integer::sum);
			columns.merge(b[i], 1, Integer::sum);
		}
		double index = pairs.values().stream().mapToDouble(LimeKernelShapTest::choose2).sum();
		double sumRows = rows.values().stream().mapToDouble(LimeKernelShapTest::choose2).sum();
		double sumColumns = columns.values().stream().mapToDouble(LimeKernelShapTest::choose2).sum();
		double expected = sumRows * sumColumns / choose2(a.length), maximum = (sumRows + sumColumns) / 2;
		return maximum == expected ? 1 : (index - expected) / (maximum - expected);
	}

	private static double choose2(int n) {
		return n * (n - 1) / 2.0;
	}

	private static double binomial(int n, int k) {
		double result = 1;
		for (int i = 1; i <= k; i++) result = result * (n - k + i) / i;
		return result;
	}
}
