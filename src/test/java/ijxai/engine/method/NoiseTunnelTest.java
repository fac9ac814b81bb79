package ijxai.engine.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import ijxai.engine.Explainers;
import ijxai.engine.Fixtures;
import ijxai.engine.FloatBatch;
import ijxai.engine.ImageSpace;
import ijxai.engine.Numbers;
import ijxai.engine.Progress;
import ijxai.engine.attribution.SmoothGrad;
import ijxai.engine.model.ScoreKind;
import ijxai.engine.model.Target;

/**
 * The noise tunnel against the method itself on the same noisy copies (made here from the
 * committed copies, not by the tunnel), the combinations' identities, the SmoothGrad method, and
 * Captum 0.9.0's NoiseTunnel on the PyTorch copy of the CNN fed the same copies
 * (models/make_noise_tunnel_references.py: 4 copies per slice, noise 0.15, seed 5).
 */
class NoiseTunnelTest extends Fixtures {

	private static final String MODEL = "fashion_mnist_cnn";
	private static final int SAMPLES = 4;
	private static final Map<String, String> IG = Map.of("baseline", "zero", "steps", "16", "integration", "gauss-legendre");

	/** The method's own settings with the reference smoothing. */
	private static Map<String, String> smoothed(Map<String, String> own, String smoothing) {
		Map<String, String> all = new HashMap<>(own);
		all.putAll(Map.of("smoothing", smoothing, "samples", Integer.toString(SAMPLES), "noise", "0.15", "seed", "5"));
		return all;
	}

	private static Map<String, String> settings(String text) {
		Map<String, String> settings = new HashMap<>();
		if (text.equals("ig")) settings.putAll(IG);
		else if (!text.isEmpty()) settings.put(text.split("=")[0], text.split("=")[1]);
		return settings;
	}

	/** The method's raw maps of every committed copy, unsmoothed, each explained for its slice's reference target (7 per TensorFlow call). */
	private float[] perCopy(Explainer method, Map<String, String> own) throws IOException {
		FloatBatch copies = reference(MODEL, "noise_tunnel_copies").asBatch();
		float[] reference = reference(MODEL, "target").values;
		int[] targets = new int[copies.count()];
		for (int i = 0; i < targets.length; i++) targets[i] = (int) reference[i / SAMPLES];
		ExplainOptions options = new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, 7, true, new MethodSettings(own, Map.of()));
		ExplainJob job = new ExplainJob(model(MODEL), copies, targets, options.settings().forMethod(method), options, ImageSpace.identity(copies.count()),
			Progress.NONE, null);
		return method.explain(job).maps().data();
	}

	@Test
	void copiesAreTheCommittedOnes() throws IOException {
		FloatBatch input = input(MODEL);
		SampleChunks.Samples copies = NoiseTunnel.noisyCopies(input, 0.15, SAMPLES, 5, new int[input.count()]);
		float[] made = new float[copies.count() * input.sampleSize()];
		for (int i = 0; i < copies.count(); i++) copies.fill(i, made, i * input.sampleSize());
		assertArrayEquals(reference(MODEL, "noise_tunnel_copies").values, made, "java.util.Random noise, bit for bit as the script draws it");
	}

	/** smoothgrad, squared and vargrad are the mean, the mean square and the variance of the method's maps of the same copies. */
	@ParameterizedTest
	@CsvSource({ "integrated-gradients,ig", "lrp,", "gradcam,layer=conv2d_3", "guided-backprop,", "gradxinput," })
	void smoothingCombinesTheMapsOfTheSameCopies(String name, String own) throws IOException {
		Explainer method = Explainers.byName(name);
		Map<String, String> settings = settings(own == null ? "" : own);
		float[] copies = perCopy(method, settings);
		int size = copies.length / (input(MODEL).count() * SAMPLES);
		float[] mean = new float[copies.length / SAMPLES], square = new float[mean.length], variance = new float[mean.length];
		for (int i = 0; i < mean.length; i++) {
			int slice = i / size, at = i % size;
			double sum = 0, squares = 0;
			for (int s = 0; s < SAMPLES; s++) {
				double value = copies[(slice * SAMPLES + s) * size + at];
				sum += value;
				squares += value * value;
			}
			mean[i] = (float) (sum / SAMPLES);
			square[i] = (float) (squares / SAMPLES);
			variance[i] = (float) (squares / SAMPLES - mean[i] * (double) mean[i]);
		}
		float[] smoothgrad = referenceMaps(MODEL, method, true, smoothed(settings, "smoothgrad"));
		float[] squared = referenceMaps(MODEL, method, true, smoothed(settings, "squared"));
		float[] vargrad = referenceMaps(MODEL, method, true, smoothed(settings, "vargrad"));
		// the same copies in TensorFlow calls of other compositions: float rounding only
		assertTrue(Numbers.relativeL2(smoothgrad, mean) < 1e-5, name + " smoothgrad vs mean of the copies' maps: " + Numbers.relativeL2(smoothgrad, mean));
		assertTrue(Numbers.relativeL2(squared, square) < 1e-5, name + " squared vs mean square: " + Numbers.relativeL2(squared, square));
		assertTrue(Numbers.relativeL2(vargrad, variance) < 1e-4, name + " vargrad vs variance: " + Numbers.relativeL2(vargrad, variance));
		for (int i = 0; i < vargrad.length; i++) {
			assertTrue(vargrad[i] >= 0, name + " vargrad is a variance");
			assertEquals(squared[i] - (double) smoothgrad[i] * smoothgrad[i], vargrad[i], 1e-5 * (1 + squared[i]), name + " vargrad = squared − smoothgrad² at " + i);
		}
	}

	@ParameterizedTest
	@CsvSource({ "integrated-gradients,ig,smoothgrad,nt_ig_smoothgrad", "integrated-gradients,ig,vargrad,nt_ig_vargrad",
		"gradxinput,,squared,nt_gradxinput_squared", "guided-backprop,,vargrad,nt_guided_vargrad", "gradcam,layer=conv2d_3,smoothgrad,nt_gradcam_smoothgrad" })
	void smoothingEqualsCaptumsNoiseTunnel(String name, String own, String smoothing, String file) throws IOException {
		float[] maps = referenceMaps(MODEL, Explainers.byName(name), true, smoothed(settings(own == null ? "" : own), smoothing));
		assertCloseToReference(maps, MODEL, file, 1e-4);
	}

	@ParameterizedTest
	@ValueSource(strings = { "smoothgrad", "squared", "vargrad" })
	void smoothedSaliencyIsTheSmoothGradMethod(String variant) throws IOException {
		Map<String, String> smoothGrad = Map.of("variant", variant, "samples", "8", "noise", "0.15", "seed", "42");
		Map<String, String> saliency = Map.of("smoothing", variant, "samples", "8", "noise", "0.15", "seed", "42");
		for (boolean raw : new boolean[] { true, false }) {
			assertArrayEquals(referenceMaps(MODEL, new SmoothGrad(), raw, smoothGrad), referenceMaps(MODEL, Explainers.byName("saliency"), raw, saliency));
		}
	}

	@Test
	void labelsSayTheSmoothingAndTheMeanMeasure() throws IOException {
		Explanation explanation = Explainers.byName("integrated-gradients").explain(model(MODEL), input(MODEL),
			ExplainOptions.DEFAULTS.withSettings(new MethodSettings(smoothed(IG, "smoothgrad"), Map.of())), Progress.NONE);
		String label = explanation.labels().get(0);
		assertTrue(label.startsWith("integrated-gradients · "), label);
		assertTrue(label.endsWith(" · baseline zero, 16 gauss-legendre steps, smoothgrad ×4, σ 0.15, completeness gap "
			+ String.format(java.util.Locale.ROOT, "%.3g", explanation.measures().get("completeness gap")[0])), label);
		assertEquals("saliency · smoothgrad ×4, σ 0.15", explainedLabel("saliency", smoothed(Map.of(), "smoothgrad")).replaceAll(" · [^·]*\\) · ", " · "));
		assertEquals(Explanation.Display.MAGNITUDE, explanation(smoothed(IG, "vargrad")).display(), "a variance is a magnitude");
		assertEquals(Explanation.Display.SIGNED, explanation(smoothed(IG, "smoothgrad")).display());
	}

	private Explanation explanation(Map<String, String> settings) throws IOException {
		return Explainers.byName("integrated-gradients").explain(model(MODEL), input(MODEL).samples(0, 1),
			ExplainOptions.DEFAULTS.withSettings(new MethodSettings(settings, Map.of())), Progress.NONE);
	}

	private String explainedLabel(String method, Map<String, String> settings) throws IOException {
		return Explainers.byName(method).explain(model(MODEL), input(MODEL).samples(0, 1),
			ExplainOptions.DEFAULTS.withSettings(new MethodSettings(settings, Map.of())), Progress.NONE).labels().get(0);
	}

	@Test
	void progressCountsTheCopiesAndCancelStopsBetweenBatches() throws IOException {
		List<int[]> reports = new ArrayList<>();
		Progress recording = new Progress() {
			@Override public void report(int done, int total, String what) { reports.add(new int[] { done, total }); }
			@Override public boolean isCanceled() { return false; }
		};
		ExplainOptions options = new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, 3, false, new MethodSettings(smoothed(IG, "smoothgrad"), Map.of()));
		Explainers.byName("integrated-gradients").explain(model(MODEL), input(MODEL), options, recording);
		int total = input(MODEL).count() * SAMPLES;
		for (int i = 1; i < reports.size(); i++) {
			assertEquals(total, reports.get(i)[1], "progress over all copies");
			assertTrue(reports.get(i)[0] >= reports.get(i - 1)[0], "progress never goes back");
		}
		assertArrayEquals(new int[] { total, total }, reports.get(reports.size() - 1));
		int[] checks = { 0 };
		Progress cancelLater = new Progress() {
			@Override public void report(int done, int total, String what) {}
			@Override public boolean isCanceled() { return ++checks[0] > 3; }
		};
		assertThrows(CancellationException.class, () -> Explainers.byName("integrated-gradients").explain(model(MODEL), input(MODEL), options, cancelLater));
	}
}
