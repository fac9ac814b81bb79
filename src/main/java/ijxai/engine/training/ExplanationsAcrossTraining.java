package ijxai.engine.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ijxai.engine.FloatBatch;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.Explanation;
import ijxai.engine.model.LoadedModel;

/**
 * How attribution forms during training: one method's maps at every checkpoint, and the
 * training-integrated loss gradient g = Σₙ ∇ₐ J(O(a; θₙ), y) of the true classes y, with per
 * checkpoint the mean loss, the accuracy and the correlation between |∇ₐJ| and the input.
 */
public final class ExplanationsAcrossTraining {

	/** One checkpoint: the method's explanation, and means over the images of loss, accuracy and the |∇J|–input correlation. */
	public record Step(String name, Explanation explanation, double loss, double accuracy, double gradientInputCorrelation) {}

	/** Every checkpoint in training order, the integrated loss gradient g and g × input. */
	public record Result(List<Step> steps, FloatBatch integratedGradient, FloatBatch integratedGradientTimesInput) {}

	private ExplanationsAcrossTraining() {}

	/** @param labels the true class of each image (the loss needs it) */
	public static Result run(Checkpoints checkpoints, FloatBatch images, int[] labels, Explainer method, ExplainOptions options, Progress progress) {
		if (labels.length != images.count()) throw new XaiException(images.count() + " images but " + labels.length + " labels");
		for (int n = 0; n < labels.length; n++) if (labels[n] < 0) throw new XaiException("image " + (n + 1) + " has no class: the loss gradient needs the true class");
		List<String> names = checkpoints.names();
		List<Step> steps = new ArrayList<>();
		float[] integrated = new float[images.data().length];
		for (int c = 0; c < names.size(); c++) {
			progress.checkCanceled();
			progress.report(c, names.size(), "checkpoint " + names.get(c));
			try (LoadedModel model = checkpoints.open(c)) {
				steps.add(step(names.get(c), model, images, labels, method, options, integrated));
			}
		}
		progress.report(names.size(), names.size(), "done");
		float[] timesInput = new float[integrated.length];
		for (int i = 0; i < integrated.length; i++) timesInput[i] = integrated[i] * images.data()[i];
		return new Result(steps, like(images, integrated), like(images, timesInput));
	}

	/** The checkpoint's explanation and measures; its loss gradients added to {@code integrated}. */
	private static Step step(String name, LoadedModel model, FloatBatch images, int[] labels, Explainer method, ExplainOptions options, float[] integrated) {
		Explanation explanation = method.explain(model, images, options, Progress.NONE);
		double loss = 0, correct = 0, correlation = 0;
		int batchSize = Math.max(1, options.batchSize());
		for (int from = 0; from < images.count(); from += batchSize) {
			int to = Math.min(images.count(), from + batchSize);
			FloatBatch chunk = images.samples(from, to);
			LoadedModel.Pass pass = model.lossGradients(chunk, Arrays.copyOfRange(labels, from, to), false);
			float[] gradient = pass.gradient().data();
			int size = images.sampleSize(), classes = pass.logits().length / pass.count();
			for (int n = 0; n < pass.count(); n++) {
				loss += crossEntropy(pass.logits(), n * classes, classes, labels[from + n]);
				if (argmax(pass.logits(), n * classes, classes) == labels[from + n]) correct++;
				correlation += absoluteCorrelation(gradient, chunk.data(), n * size, size);
			}
			for (int i = 0; i < gradient.length; i++) integrated[from * size + i] += gradient[i];
		}
		int count = images.count();
		return new Step(name, explanation, loss / count, correct / count, correlation / count);
	}

	/** −log softmax(logits)[label], computed stably. */
	static double crossEntropy(float[] logits, int offset, int classes, int label) {
		double max = Double.NEGATIVE_INFINITY;
		for (int k = 0; k < classes; k++) max = Math.max(max, logits[offset + k]);
		double sum = 0;
		for (int k = 0; k < classes; k++) sum += Math.exp(logits[offset + k] - max);
		return max + Math.log(sum) - logits[offset + label];
	}

	private static int argmax(float[] values, int offset, int count) {
		int best = 0;
		for (int k = 1; k < count; k++) if (values[offset + k] > values[offset + best]) best = k;
		return best;
	}

	/** Pearson correlation of |gradient| and the input over one sample (0 when either is constant). */
	static double absoluteCorrelation(float[] gradient, float[] input, int offset, int size) {
		double meanG = 0, meanX = 0;
		for (int i = offset; i < offset + size; i++) {
			meanG += Math.abs(gradient[i]);
			meanX += input[i];
		}
		meanG /= size;
		meanX /= size;
		double gx = 0, gg = 0, xx = 0;
		for (int i = offset; i < offset + size; i++) {
			double g = Math.abs(gradient[i]) - meanG, x = input[i] - meanX;
			gx += g * x;
			gg += g * g;
			xx += x * x;
		}
		return gg == 0 || xx == 0 ? 0 : gx / Math.sqrt(gg * xx);
	}

	private static FloatBatch like(FloatBatch images, float[] data) {
		return new FloatBatch(images.count(), images.height(), images.width(), images.channels(), data);
	}
}
