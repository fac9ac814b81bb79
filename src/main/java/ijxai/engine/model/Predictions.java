package ijxai.engine.model;

import java.util.ArrayList;
import java.util.List;

import ijxai.engine.FloatBatch;

/** Class probabilities and top-k classes from a forward pass. */
public final class Predictions {

	/** One ranked class of one sample. */
	public record Ranked(int classIndex, String className, float probability) {}

	private Predictions() {}

	/**
	 * Probabilities per sample and class ([N·K]): the output when it ends in softmax or sigmoid,
	 * a softmax of the logits otherwise; per-pixel outputs are averaged over the pixels.
	 */
	public static float[] probabilities(ModelInfo info, LoadedModel.Pass pass, int count) {
		int classes = info.classCount();
		boolean activated = !info.outputActivation().equals("none");
		float[] source = activated ? pass.outputs() : pass.logits();
		int pixels = source.length / (count * classes);
		float[] result = new float[count * classes];
		for (int n = 0; n < count; n++) {
			for (int p = 0; p < pixels; p++) {
				for (int k = 0; k < classes; k++) result[n * classes + k] += source[(n * pixels + p) * classes + k] / pixels;
			}
			if (!activated) softmax(result, n * classes, classes);
		}
		return result;
	}

	/** Class probabilities of every sample ([N·K]), in TensorFlow calls of at most {@code batchSize} samples. */
	public static float[] probabilities(LoadedModel model, FloatBatch batch, int batchSize) {
		int classes = model.info().classCount();
		float[] all = new float[batch.count() * classes];
		for (int from = 0; from < batch.count(); from += batchSize) {
			int to = Math.min(batch.count(), from + batchSize);
			float[] part = probabilities(model.info(), model.predict(batch.samples(from, to)), to - from);
			System.arraycopy(part, 0, all, from * classes, part.length);
		}
		return all;
	}

	/** The class a sample's values (logits or probabilities) point to; for per-pixel outputs, summed over the pixels. */
	public static int predictedClass(ModelInfo info, float[] values, int sample, int count) {
		double[] sums = perClass(info, values, sample, count);
		int best = 0;
		for (int k = 1; k < sums.length; k++) if (sums[k] > sums[best]) best = k;
		return best;
	}

	/** The most probable class of sample {@code sample} in probabilities laid out [N·classes] (the first of equal ones). */
	public static int mostProbable(float[] probabilities, int sample, int classes) {
		int best = 0;
		for (int k = 1; k < classes; k++) if (probabilities[sample * classes + k] > probabilities[sample * classes + best]) best = k;
		return best;
	}

	/** The values of a pass a score of {@code kind} is made of: logits, outputs, or the log-softmax of the logits over the classes (per pixel). */
	public static float[] values(ModelInfo info, LoadedModel.Pass pass, ScoreKind kind) {
		return switch (kind) {
			case LOGIT -> pass.logits();
			case PROBABILITY -> pass.outputs();
			case LOG_SOFTMAX -> logSoftmax(pass.logits(), info.classCount());
		};
	}

	private static float[] logSoftmax(float[] logits, int classes) {
		float[] result = new float[logits.length];
		for (int at = 0; at < logits.length; at += classes) {
			float max = Float.NEGATIVE_INFINITY;
			for (int k = 0; k < classes; k++) max = Math.max(max, logits[at + k]);
			double sum = 0;
			for (int k = 0; k < classes; k++) sum += Math.exp(logits[at + k] - max);
			for (int k = 0; k < classes; k++) result[at + k] = (float) (logits[at + k] - max - Math.log(sum));
		}
		return result;
	}

	/** A sample's value of one class: the logit, or for per-pixel outputs the sum over the pixels. */
	public static float score(ModelInfo info, float[] values, int sample, int count, int classIndex) {
		return (float) perClass(info, values, sample, count)[classIndex];
	}

	private static double[] perClass(ModelInfo info, float[] values, int sample, int count) {
		int perSample = values.length / count;
		int classes = info.classCount();
		double[] sums = new double[classes];
		for (int i = 0; i < perSample; i++) sums[i % classes] += values[sample * perSample + i];
		return sums;
	}

	private static void softmax(float[] values, int offset, int length) {
		float max = Float.NEGATIVE_INFINITY;
		for (int i = 0; i < length; i++) max = Math.max(max, values[offset + i]);
		double sum = 0;
		for (int i = 0; i < length; i++) sum += Math.exp(values[offset + i] - max);
		for (int i = 0; i < length; i++) values[offset + i] = (float) (Math.exp(values[offset + i] - max) / sum);
	}

	/** The {@code k} most probable classes of each sample. */
	public static List<List<Ranked>> top(ModelInfo info, float[] probabilities, int k) {
		int classes = info.classCount();
		List<List<Ranked>> result = new ArrayList<>();
		for (int n = 0; n < probabilities.length / classes; n++) {
			List<Ranked> ranked = new ArrayList<>();
			for (int c = 0; c < classes; c++) ranked.add(new Ranked(c, info.className(c), probabilities[n * classes + c]));
			ranked.sort((a, b) -> Float.compare(b.probability(), a.probability()));
			result.add(ranked.subList(0, Math.min(k, classes)));
		}
		return result;
	}
}
