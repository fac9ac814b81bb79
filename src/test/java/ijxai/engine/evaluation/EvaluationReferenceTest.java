package ijxai.engine.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import ijxai.engine.ConformanceTest;
import ijxai.engine.Fixtures;
import ijxai.engine.FloatBatch;
import ijxai.engine.Npy;
import ijxai.engine.Numbers;
import ijxai.engine.Progress;
import ijxai.engine.attribution.IntegratedGradients;
import ijxai.engine.attribution.Saliency;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.ScoreKind;
import ijxai.engine.model.Target;

/**
 * The metrics against Quantus 0.6.0 and Captum 0.9.0 (models/make_evaluation_references.py) on the
 * Fashion-MNIST CNN: the same 16 images, the same maps, the same random subsets and noise. The
 * peers ran on a PyTorch copy of the model whose logits differ from TensorFlow's by at most 4e-6,
 * which bounds how close the numbers can be.
 */
class EvaluationReferenceTest extends Fixtures {

	private static final String MODEL = "fashion_mnist_cnn";
	private static final Path FOLDER = ConformanceTest.MODELS.resolve(MODEL).resolve("reference").resolve("evaluation");
	private static final String[] METHODS = { "saliency", "integrated_gradients" };

	private static Npy read(String name) throws IOException {
		return Npy.read(FOLDER.resolve(name + ".npy"));
	}

	private static FloatBatch images() throws IOException {
		return read("images").asBatch();
	}

	private static int[] targets() throws IOException {
		float[] values = read("targets").values;
		return java.util.stream.IntStream.range(0, values.length).map(i -> (int) values[i]).toArray();
	}

	private static FloatBatch map(String method) throws IOException {
		return read(method).asBatch();
	}

	private ModelScores probabilities() {
		return new ModelScores(model(MODEL), true, 64);
	}

	private static FloatBatch black(FloatBatch images) {
		return IntegratedGradients.baselines(images, new MethodSettings(Map.of(IntegratedGradients.BASELINE, "black"), Map.of()).forMethod(new IntegratedGradients()));
	}

	/** Summary.json's list {@code key} of {@code method}. */
	private static double[] summary(String method, String key) throws IOException {
		String json = Files.readString(FOLDER.resolve("summary.json"));
		Matcher m = Pattern.compile("\"" + method + "\":\\s*\\{[^}]*?\"" + key + "\":\\s*\\[([^\\]]*)\\]", Pattern.DOTALL).matcher(json);
		assertTrue(m.find(), key + " of " + method + " in summary.json");
		return Arrays.stream(m.group(1).split(",")).mapToDouble(v -> Double.parseDouble(v.trim())).toArray();
	}

	private static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
		assertEquals(expected.length, actual.length, what + ": length");
		for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], tolerance, what + " at " + i);
	}

	/** The maps the peers evaluated are ij-xai's own saliency and Integrated Gradients (defaults) of the images, to float32 rounding. */
	@Test
	void theReferenceMapsAreIjXaisOwn() throws IOException {
		FloatBatch images = images();
		ExplainOptions options = new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, 64, false, MethodSettings.NONE);
		Explainer[] methods = { new Saliency(), new IntegratedGradients() };
		for (int m = 0; m < methods.length; m++) {
			var explanation = methods[m].explain(model(MODEL), images, options, Progress.NONE);
			assertEquals(Arrays.toString(targets()), Arrays.toString(explanation.targets()), "explained classes");
			double error = Numbers.relativeL2(Attributions.of(explanation, images).data(), map(METHODS[m]).data());
			assertTrue(error < 1e-4, METHODS[m] + " relative L2 to the reference map " + error);
		}
	}

	/** Pixel flipping (patch 1, 28 pixels a step) equals Quantus's PixelFlipping after every step, and the area follows from Quantus's. */
	@Test
	void pixelFlippingMatchesQuantus() throws IOException {
		FloatBatch images = images();
		PerturbationCurves curves = new PerturbationCurves(28, 28, 1, 28);
		assertEquals(28, curves.steps());
		for (String method : METHODS) {
			double[][] deletion = curves.run(probabilities(), images, map(method), black(images), targets(), Progress.NONE).deletion();
			Npy quantus = read(method + "_pixel_flipping");
			double[] quantusArea = summary(method, "quantus_auc_pixel_flipping");
			for (int n = 0; n < images.count(); n++) {
				double[] expected = new double[28];
				for (int k = 0; k < 28; k++) expected[k] = quantus.values[n * 28 + k];
				assertClose(expected, Arrays.copyOfRange(deletion[n], 1, 29), 2e-5, method + " image " + n + " pixel flipping");
				// Quantus's trapezoid (dx = 1) starts after the first step; ours spans all 28 steps over [0, 1]
				assertEquals((quantusArea[n] + (deletion[n][0] + deletion[n][1]) / 2) / 28, PerturbationCurves.area(deletion[n]), 2e-5, method + " area, image " + n);
			}
		}
	}

	/** Region perturbation with 4x4 patches (a 7x7 grid) and 8x8 patches (a centred, padded 4x4 grid) equals Quantus's; AOPC is Samek's. */
	@Test
	void regionPerturbationAndAopcMatchQuantus() throws IOException {
		FloatBatch images = images();
		for (String method : METHODS) {
			for (int patch : new int[] { 4, 8 }) {
				PerturbationCurves curves = new PerturbationCurves(28, 28, patch, 1000);
				int steps = curves.steps();
				assertEquals(patch == 4 ? 49 : 16, steps);
				double[][] deletion = curves.run(probabilities(), images, map(method), black(images), targets(), Progress.NONE).deletion();
				Npy quantus = read(method + "_region" + patch);
				double[] aopc = summary(method, "aopc_region4");
				for (int n = 0; n < images.count(); n++) {
					double[] drops = new double[steps];
					for (int k = 0; k < steps; k++) drops[k] = deletion[n][0] - deletion[n][k + 1];
					assertClose(Arrays.copyOfRange(toDouble(quantus.values), n * steps, (n + 1) * steps), drops, 2e-5, method + " patch " + patch + " image " + n);
					if (patch == 4) assertEquals(aopc[n], PerturbationCurves.deletionAopc(deletion[n]), 2e-5, method + " AOPC image " + n);
				}
			}
		}
	}

	/** Insertion (4x4 patches back into the black image) equals the script's independent numpy loop. */
	@Test
	void insertionMatchesTheIndependentLoop() throws IOException {
		FloatBatch images = images();
		PerturbationCurves curves = new PerturbationCurves(28, 28, 4, 49);
		for (String method : METHODS) {
			double[][] insertion = curves.run(probabilities(), images, map(method), black(images), targets(), Progress.NONE).insertion();
			double[] expected = toDouble(read(method + "_insertion4").values);
			for (int n = 0; n < images.count(); n++) {
				assertClose(Arrays.copyOfRange(expected, n * 50, (n + 1) * 50), insertion[n], 2e-5, method + " insertion image " + n);
			}
		}
	}

	/** Faithfulness correlation on Quantus's own random subsets equals Quantus's. */
	@Test
	void faithfulnessCorrelationMatchesQuantus() throws IOException {
		FloatBatch images = images();
		Npy recorded = read("correlation_subsets");
		int runs = (int) recorded.shape[1], size = (int) recorded.shape[2];
		int[][][] subsets = new int[images.count()][runs][size];
		for (int i = 0; i < recorded.values.length; i++) subsets[i / (runs * size)][i / size % runs][i % size] = (int) recorded.values[i];
		for (String method : METHODS) {
			double[] correlation = FaithfulnessCorrelation.run(probabilities(), images, map(method), black(images), targets(), subsets, Progress.NONE);
			assertClose(toDouble(read(method + "_faithfulness_correlation").values), correlation, 1e-3, method + " faithfulness correlation");
		}
	}

	/** Max-sensitivity of saliency on Quantus's own noise (ij-xai recomputes the maps) equals Quantus's. */
	@Test
	void maxSensitivityMatchesQuantus() throws IOException {
		FloatBatch images = images();
		FloatBatch noise = new FloatBatch(images.count() * 10, 28, 28, 1, read("sensitivity_noise").values);
		ExplainOptions options = new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, 64, false, MethodSettings.NONE);
		MaxSensitivity.Explain saliency = (inputs, classes, progress) -> Evaluation.explainEach(new Saliency(), model(MODEL), inputs, classes, options, progress);
		double[] sensitivity = MaxSensitivity.run(saliency, images, map("saliency"), targets(), noise, Progress.NONE);
		double[] expected = toDouble(read("saliency_max_sensitivity").values);
		for (int n = 0; n < expected.length; n++) assertEquals(expected[n], sensitivity[n], 1e-3 * expected[n], "max-sensitivity image " + n);
	}

	/** Infidelity, normalized and not, on Captum's own perturbations equals Captum's. */
	@Test
	void infidelityMatchesCaptum() throws IOException {
		FloatBatch images = images();
		FloatBatch noise = new FloatBatch(images.count() * 10, 28, 28, 1, read("infidelity_noise").values);
		for (String method : METHODS) {
			for (boolean normalize : new boolean[] { true, false }) {
				double[] infidelity = Infidelity.run(probabilities(), images, map(method), targets(), noise, normalize, Progress.NONE);
				double[] expected = toDouble(read(method + "_infidelity" + (normalize ? "" : "_raw")).values);
				for (int n = 0; n < expected.length; n++) {
					assertEquals(expected[n], infidelity[n], 1e-3 * Math.abs(expected[n]) + 1e-9, method + (normalize ? " normalized" : "") + " infidelity image " + n);
				}
			}
		}
	}

	private static double[] toDouble(float[] values) {
		double[] all = new double[values.length];
		for (int i = 0; i < values.length; i++) all[i] = values[i];
		return all;
	}
}
