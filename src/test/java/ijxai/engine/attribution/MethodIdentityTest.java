package ijxai.engine.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ijxai.engine.Fixtures;
import ijxai.engine.FloatBatch;
import ijxai.engine.Numbers;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.lrp.Lrp;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.ScoreKind;
import ijxai.engine.model.Target;

/** Methods checked against what must hold whatever the model: completeness, exact quadrature, a model whose answer is known. */
class MethodIdentityTest extends Fixtures {


	private Explanation explain(String model, Explainer method, FloatBatch input, Target target, Map<String, String> settings) {
		ExplainOptions options = new ExplainOptions(target, ScoreKind.LOGIT, 32, true, new MethodSettings(settings, Map.of()));
		return method.explain(model(model), input, options, Progress.NONE);
	}

	/** Σ attributions = S(x) − S(baseline) within 1% with 128 steps (the bar), for every baseline kind. */
	@ParameterizedTest
	@CsvSource({ "black", "white", "zero", "blur", "noise" })
	void integratedGradientsAreCompleteWithin1PercentAt128Steps(String baseline) throws IOException {
		Explanation result = explain("fashion_mnist_cnn", new IntegratedGradients(), input("fashion_mnist_cnn"), Target.PREDICTED,
			Map.of("steps", "128", "baseline", baseline));
		float[] gaps = result.measures().get(IntegratedGradients.COMPLETENESS_GAP);
		for (int n = 0; n < gaps.length; n++) assertTrue(gaps[n] < 0.01, baseline + " baseline, sample " + n + ": completeness gap " + gaps[n]);
		assertTrue(result.labels().get(0).contains("completeness gap"), result.labels().get(0));
	}

	/** An n-point Gauss–Legendre rule integrates polynomials up to degree 2n − 1 exactly: ∫₀¹ x^d dx = 1/(d+1). */
	@Test
	void gaussLegendreIsExactForPolynomials() {
		for (int points : new int[] { 1, 2, 5, 16, 128 }) {
			double[][] rule = IntegratedGradients.gaussLegendre(points);
			for (int degree = 0; degree <= 2 * points - 1; degree += Math.max(1, points / 4)) {
				double sum = 0;
				for (int i = 0; i < points; i++) sum += rule[1][i] * Math.pow(rule[0][i], degree);
				assertEquals(1.0 / (degree + 1), sum, 1e-12, points + " points, degree " + degree);
			}
		}
	}

	/** Patch positions along an axis: every stride from 0, plus one flush with the far edge when the last one leaves pixels uncovered. */
	@ParameterizedTest
	@CsvSource({ "8,3,2,0 2 4 5", "8,4,4,0 4", "10,4,3,0 3 6", "10,4,4,0 4 6", "5,5,1,0", "7,2,3,0 3 5", "1,1,1,0" })
	void occlusionPositionsCoverEveryPixel(int length, int patch, int stride, String expected) {
		assertEquals(expected, java.util.Arrays.stream(Occlusion.positions(length, patch, stride)).mapToObj(Integer::toString)
			.collect(java.util.stream.Collectors.joining(" ")));
	}

	/**
	 * quadrant_sum scores class 0 as the sum of the top-left 4×4 quadrant of an 8×8 image: the
	 * drop when a patch is occluded is the sum (minus the fill) over its overlap with that quadrant,
	 * averaged at each pixel over the patches covering it.
	 */
	@ParameterizedTest
	@CsvSource({ "3,2,zero,0 2 4 5", "4,4,mean,0 4", "2,1,zero,0 1 2 3 4 5 6", "8,8,mean,0" })
	void occlusionOfTheQuadrantModelGivesTheExactExpectedMap(int patch, int stride, String fill, String positions) throws IOException {
		FloatBatch input = input("quadrant_sum");
		Explanation result = explain("quadrant_sum", new Occlusion(), input, Target.parse("top-left"),
			Map.of("patch", Integer.toString(patch), "stride", Integer.toString(stride), "fill", fill));
		// the patch positions by hand (every stride, and one flush with the far edge), not by the code under test
		int[] starts = java.util.Arrays.stream(positions.split(" ")).mapToInt(Integer::parseInt).toArray();
		for (int n = 0; n < input.count(); n++) {
			double mean = 0;
			for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) mean += input.get(n, y, x, 0) / 64;
			double fillValue = fill.equals("mean") ? mean : 0;
			double score = 0, other = 0;
			for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) {
				if (y < 4 && x < 4) score += input.get(n, y, x, 0);
				if (y >= 4 && x >= 4) other += 0.5 * input.get(n, y, x, 0);
			}
			double[][] scoreDrop = new double[8][8], probabilityDrop = new double[8][8];
			int[][] covering = new int[8][8];
			for (int top : starts) {
				for (int left : starts) {
					double drop = 0, otherDrop = 0;
					for (int y = top; y < top + patch; y++) for (int x = left; x < left + patch; x++) {
						if (y < 4 && x < 4) drop += input.get(n, y, x, 0) - fillValue;
						if (y >= 4 && x >= 4) otherDrop += 0.5 * (input.get(n, y, x, 0) - fillValue);
					}
					double pDrop = probability(score, other) - probability(score - drop, other - otherDrop);
					for (int y = top; y < top + patch; y++) for (int x = left; x < left + patch; x++) {
						scoreDrop[y][x] += drop;
						probabilityDrop[y][x] += pDrop;
						covering[y][x]++;
					}
				}
			}
			for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) {
				String where = "sample " + n + " pixel " + x + "," + y;
				assertEquals(scoreDrop[y][x] / covering[y][x], result.maps().get(n, y, x, 0), 1e-4, "score drop at " + where);
				assertEquals(probabilityDrop[y][x] / covering[y][x], result.maps().get(n, y, x, 1), 1e-5, "probability drop at " + where);
			}
		}
		assertEquals(Occlusion.PLANES, result.channelNames());
	}

	/** Softmax probability of class 0 over two logits. */
	private static double probability(double logit0, double logit1) {
		return 1 / (1 + Math.exp(logit1 - logit0));
	}

	/** Without noise every SmoothGrad sample is the image itself: the mean gradient is the gradient, VarGrad is zero. */
	@Test
	void smoothGradWithoutNoiseIsTheGradient() throws IOException {
		FloatBatch input = input("resnet_small");
		float[] gradient = model("resnet_small").gradients(input, null, ScoreKind.LOGIT, null, null).gradient().data();
		float[] smooth = explain("resnet_small", new SmoothGrad(), input, Target.PREDICTED, Map.of("noise", "0", "samples", "3")).maps().data();
		assertTrue(Numbers.relativeL2(smooth, gradient) < 1e-6, "noise-free SmoothGrad vs gradient");
		float[] variance = explain("resnet_small", new SmoothGrad(), input, Target.PREDICTED, Map.of("noise", "0", "samples", "3", "variant", "vargrad")).maps().data();
		for (float v : variance) assertEquals(0, v, 1e-12);
	}

	/** A cancel between two batches stops the run: the user pressed Esc after the first batch of path points. */
	@Test
	void longRunsReportProgressAndStopWhenCancelled() throws IOException {
		java.util.List<Integer> reported = new java.util.ArrayList<>();
		Progress cancelAfterFirstBatch = new Progress() {
			@Override public void report(int done, int total, String what) { reported.add(done); }

			@Override public boolean isCanceled() { return reported.size() > 1; }
		};
		ExplainOptions options = new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, 16, false, new MethodSettings(Map.of("steps", "64"), Map.of()));
		org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CancellationException.class,
			() -> new IntegratedGradients().explain(model("fashion_mnist_cnn"), input("fashion_mnist_cnn"), options, cancelAfterFirstBatch));
		assertEquals(java.util.List.of(0, 16), reported);
	}

	/** A baseline that scores like the image (blur with σ 0 is the image) gives a finite gap, not 0/0. */
	@Test
	void completenessGapStaysFiniteWhenBaselineScoresLikeTheImage() throws IOException {
		Explanation result = explain("fashion_mnist_cnn", new IntegratedGradients(), input("fashion_mnist_cnn"), Target.PREDICTED,
			Map.of("baseline", "blur", "blur-sigma", "0", "steps", "4"));
		for (float gap : result.measures().get(IntegratedGradients.COMPLETENESS_GAP)) assertTrue(Float.isFinite(gap) && gap < 1e-3, "gap " + gap);
	}

	/** Grad-CAM on the output layer of a segmentation model looks at its pre-sigmoid values (the score's side). */
	@Test
	void gradCamOnTheOutputLayerUsesItsLogits() throws IOException {
		ModelInfo.Layer last = model("unet_small").info().layers().get(model("unet_small").info().layers().size() - 1);
		Explanation result = explain("unet_small", new GradCam(), input("unet_small"), Target.PREDICTED, Map.of("layer", last.name()));
		for (float v : result.maps().data()) assertTrue(Float.isFinite(v));
	}

	@Test
	void badMethodOptionsAreClearErrors() throws IOException {
		FloatBatch input = input("fashion_mnist_cnn");
		assertMessage(() -> explain("fashion_mnist_cnn", new IntegratedGradients(), input, Target.PREDICTED, Map.of("steps", "many")), "steps", "whole number");
		assertMessage(() -> explain("fashion_mnist_cnn", new SmoothGrad(), input, Target.PREDICTED, Map.of("samples", "0")), "samples", "between 1");
		assertMessage(() -> explain("fashion_mnist_cnn", new Occlusion(), input, Target.PREDICTED, Map.of("fill", "purple")), "fill", "zero, mean, blur");
		assertMessage(() -> explain("fashion_mnist_cnn", new GradCam(), input, Target.PREDICTED, Map.of("layer", "conv9")), "no layer 'conv9'", "conv2d_3");
		assertMessage(() -> explain("fashion_mnist_cnn", new GradCam(), input, Target.PREDICTED, Map.of("layer", "dense")), "spatial", "dense");
		assertMessage(() -> explain("fashion_mnist_cnn", new GradCam(), input, Target.PREDICTED, Map.of("steps", "3")), "gradcam has no option 'steps'", "layer");
		assertMessage(() -> explain("fashion_mnist_cnn", new IntegratedGradients(), input, Target.PREDICTED, Map.of("baseline", "image")), "baseline image");
		assertMessage(() -> explain("fashion_mnist_cnn", new Lrp(), input, Target.PREDICTED, Map.of("rule", "epsilon:0")), "epsilon > 0", "zero");
		assertMessage(() -> explain("fashion_mnist_cnn", new Lrp(), input, Target.PREDICTED, Map.of("epsilon", "0")), "epsilon", "between 1.0E-12");
		assertMessage(() -> explain("fashion_mnist_cnn", new Lrp(), input, Target.PREDICTED, Map.of("rule", "gamma:-1")), "gamma >= 0");
		assertMessage(() -> explain("fashion_mnist_cnn", new Lrp(), input, Target.PREDICTED, Map.of("layer-rule", "dropout=flat")),
			"'dropout' has no convolution or dense product", "conv2d_3");
		MethodSettings withImage = new MethodSettings(Map.of("baseline", "zero"), Map.of("baseline-image", input));
		assertMessage(() -> new IntegratedGradients().explain(model("fashion_mnist_cnn"), input,
			new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, 32, false, withImage), Progress.NONE), "baseline=image");
	}

	private static void assertMessage(Runnable run, String... parts) {
		XaiException e = assertThrows(XaiException.class, run::run, "no error for a bad option");
		for (String part : parts) assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
	}
}
