package ijxai.engine.method;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ijxai.engine.FloatBatch;
import ijxai.engine.Progress;
import ijxai.engine.graph.RuleSet;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.Predictions;
import ijxai.engine.model.ScoreKind;

/**
 * What the methods share: the class each sample is explained for, many generated samples (noisy,
 * interpolated, occluded copies) through TensorFlow in chunks of the batch size with progress and
 * cancellation between chunks, and the labelled result.
 */
public final class SampleChunks {

	private SampleChunks() {}

	/** Generated model inputs: sample {@code index} written into {@code into} at {@code offset}, explained for class {@code target(index)}. */
	public interface Samples {
		int count();

		void fill(int index, float[] into, int offset);

		int target(int index);
	}

	/** The input samples themselves, each for its class. */
	public static Samples each(FloatBatch input, int[] targets) {
		return new Samples() {
			@Override public int count() { return input.count(); }

			@Override public void fill(int index, float[] into, int offset) {
				System.arraycopy(input.data(), index * input.sampleSize(), into, offset, input.sampleSize());
			}

			@Override public int target(int index) { return targets[index]; }
		};
	}

	/** Receives row {@code row} of a chunk's pass as generated sample {@code index}. */
	public interface Sink {
		void accept(int index, LoadedModel.Pass pass, int row);
	}

	/** The score and probability of the explained class of every input sample. */
	public record Scores(int[] targets, float[] scores, float[] probabilities) {}

	/** The score and probability of every input sample for its class: the job's target, or what the model predicts. */
	public static Scores scores(ExplainJob job) {
		return scores(job, job.input(), job.targets());
	}

	/** The score and probability of class {@code classes[n]} (null: what the model predicts for it) for every sample of {@code batch}. */
	public static Scores scores(ExplainJob job, FloatBatch batch, int[] classes) {
		ModelInfo info = job.info();
		int batchSize = job.options().batchSize();
		Scores scores = new Scores(new int[batch.count()], new float[batch.count()], new float[batch.count()]);
		for (int from = 0; from < batch.count(); from += batchSize) {
			int to = Math.min(batch.count(), from + batchSize);
			LoadedModel.Pass pass = job.model().predict(batch.samples(from, to));
			float[] probabilities = Predictions.probabilities(info, pass, to - from);
			for (int n = 0; n < to - from; n++) {
				int k = classes != null ? classes[from + n] : Predictions.predictedClass(info, pass.logits(), n, to - from);
				record(job, pass, probabilities, n, k, scores, from + n);
			}
		}
		return scores;
	}

	/**
	 * Sample {@code index}'s class {@code k}, its score (over its region for a region target) and
	 * probability (the image's mean for a per-pixel output), from row {@code row} of a pass.
	 */
	private static void record(ExplainJob job, LoadedModel.Pass pass, float[] probabilities, int row, int k, Scores into, int index) {
		into.targets()[index] = k;
		into.scores()[index] = job.score(pass, row, k, index);
		into.probabilities()[index] = probabilities[row * job.info().classCount() + k];
	}

	/** Gradients (with respect to {@code wrt}, by {@code rules}; null for the input and TensorFlow's gradients) of samples generated from the job's input. */
	public static void gradients(ExplainJob job, Samples samples, String wrt, RuleSet rules, String what, Sink sink) {
		ExplainOptions options = job.options();
		chunks(job, samples, job.progress(), what, (chunk, targets, outputSeed) -> job.model().gradients(chunk, targets, outputSeed, options.score(), wrt, rules),
			sink);
	}

	/**
	 * Gradients of the input samples themselves, each for its class: the classes, scores and
	 * probabilities come from the same TensorFlow calls (the predicted class is found in the graph).
	 */
	public static Scores inputGradients(ExplainJob job, String wrt, RuleSet rules, String what, Sink sink) {
		return inputPasses(job, what, (chunk, targets, outputSeed) -> job.model().gradients(chunk, targets, outputSeed, job.options().score(), wrt, rules), sink);
	}

	/** Class activation maps at the layer tensor {@code layer} of the input samples themselves, each for its class (as {@link #inputGradients}). */
	public static Scores classActivationMaps(ExplainJob job, String layer, LoadedModel.CamWeights weights, String what, Sink sink) {
		return inputPasses(job, what,
			(chunk, targets, outputSeed) -> job.model().classActivationMaps(chunk, targets, outputSeed, job.options().score(), layer, weights), sink);
	}

	/** Passes of the input samples by {@code call}, which is given null targets when the job explains each sample's predicted class. */
	private static Scores inputPasses(ExplainJob job, String what, Call call, Sink sink) {
		ModelInfo info = job.info();
		FloatBatch input = job.input();
		int count = input.count();
		Scores scores = new Scores(new int[count], new float[count], new float[count]);
		float[][] chunkProbabilities = new float[1][];
		chunks(job, each(input, job.predicted() ? new int[count] : job.targets()), job.progress(), what,
			(chunk, targets, outputSeed) -> call.run(chunk, job.predicted() ? null : targets, outputSeed),
			(index, pass, row) -> {
				if (row == 0) chunkProbabilities[0] = Predictions.probabilities(info, pass, pass.count());
				record(job, pass, chunkProbabilities[0], row, pass.targets()[row], scores, index);
				sink.accept(index, pass, row);
			});
		return scores;
	}

	/** Forward passes of samples generated from (and shaped like) the job's input, with progress reported to {@code progress}. */
	public static void forward(ExplainJob job, Samples samples, Progress progress, String what, Sink sink) {
		chunks(job, samples, progress, what, (chunk, targets, outputSeed) -> job.model().predict(chunk), sink);
	}

	/** A layer tensor's values for a whole batch (the job's input, or an image made from it), in TensorFlow calls of the job's batch size. */
	public static FloatBatch activations(ExplainJob job, FloatBatch input, String tensor) {
		int batchSize = job.options().batchSize();
		FloatBatch all = null;
		for (int from = 0; from < input.count(); from += batchSize) {
			int to = Math.min(input.count(), from + batchSize);
			FloatBatch part = job.model().activations(input.samples(from, to), tensor);
			if (all == null) all = FloatBatch.zeros(input.count(), part.height(), part.width(), part.channels());
			all.put(from, part);
		}
		return all;
	}

	/** One TensorFlow call on a chunk; {@code outputSeed} is the chunk's region seed, null without regions. */
	private interface Call {
		LoadedModel.Pass run(FloatBatch chunk, int[] targets, float[] outputSeed);
	}

	/**
	 * Samples generated from the job's input through {@code call} in chunks of the batch size. The
	 * samples come in equal runs per input sample (as every method makes them: noisy copies, path
	 * points, occluded copies), which tells a generated sample's region.
	 */
	private static void chunks(ExplainJob job, Samples samples, Progress progress, String what, Call call, Sink sink) {
		FloatBatch like = job.input();
		int batchSize = job.options().batchSize(), total = samples.count(), size = like.sampleSize(), perSource = Math.max(1, total / like.count());
		for (int from = 0; from < total; from += batchSize) {
			progress.checkCanceled();
			progress.report(from, total, what);
			int to = Math.min(total, from + batchSize);
			float[] data = new float[(to - from) * size];
			int[] targets = new int[to - from], sources = new int[to - from];
			for (int i = from; i < to; i++) {
				samples.fill(i, data, (i - from) * size);
				targets[i - from] = samples.target(i);
				sources[i - from] = i / perSource;
			}
			float[] outputSeed = job.regions() == null ? null : job.regions().seed(sources, targets);
			LoadedModel.Pass pass = call.run(new FloatBatch(to - from, like.height(), like.width(), like.channels(), data), targets, outputSeed);
			for (int i = from; i < to; i++) sink.accept(i, pass, i - from);
		}
		progress.report(total, total, what);
	}

	/** The labelled explanation; {@code details} (may be empty) are added to every slice label. */
	public static Explanation result(Explainer method, ExplainJob job, FloatBatch maps, List<String> channelNames, Scores scores,
		Explanation.Display display, Map<String, float[]> measures, String details)
	{
		List<String> labels = new ArrayList<>();
		for (int n = 0; n < maps.count(); n++) {
			String label = label(method, job, n, scores.targets()[n], scores.scores()[n], scores.probabilities()[n]);
			String extra = withMeasures(details, measures, n);
			labels.add(extra.isEmpty() ? label : label + " · " + extra);
		}
		return new Explanation(method.name(), maps, channelNames, scores.targets(), scores.scores(), scores.probabilities(), labels, display, measures, null);
	}

	/** {@code details} followed by sample {@code n}'s measures, as labels end. */
	private static String withMeasures(String details, Map<String, float[]> measures, int n) {
		StringBuilder extra = new StringBuilder(details);
		for (Map.Entry<String, float[]> measure : measures.entrySet()) {
			extra.append(extra.length() > 0 ? ", " : "").append(String.format(Locale.ROOT, "%s %.3g", measure.getKey(), measure.getValue()[n]));
		}
		return extra.toString();
	}

	/** The details {@link #result} added to sample {@code n}'s label, without its measures ("" if none). */
	public static String details(Explanation explanation, int n) {
		String label = explanation.labels().get(n), measures = withMeasures("", explanation.measures(), n);
		// the label is "method · class (score)" or "method · class · region R (score)", then " · details, measures" unless both are empty
		int region = label.indexOf(" · region ");
		int second = label.indexOf(" · ", region >= 0 ? region + 3 : label.indexOf(" · ") + 1);
		String extra = second < 0 ? "" : label.substring(second + 3);
		if (measures.isEmpty() || !extra.endsWith(measures)) return extra;
		String details = extra.substring(0, extra.length() - measures.length());
		return details.endsWith(", ") ? details.substring(0, details.length() - 2) : details;
	}

	private static String label(Explainer method, ExplainJob job, int sample, int target, float value, float probability) {
		ModelInfo info = job.info();
		ScoreKind score = job.options().score();
		String kind = score == ScoreKind.PROBABILITY ? "output" : score == ScoreKind.LOG_SOFTMAX ? "log-softmax"
			: info.outputActivation().equals("none") ? "score" : "logit";
		if (job.regions() != null) {
			return String.format(Locale.ROOT, "%s · %s · region %s (%s %s %.4g)", method.name(), info.className(target), job.regions().region(sample).name(),
				job.options().target().mean() ? "mean" : "summed", kind, value);
		}
		if (info.isDenseOutput()) return String.format(Locale.ROOT, "%s · %s (summed %s %.4g)", method.name(), info.className(target), kind, value);
		return String.format(Locale.ROOT, "%s · %s (%s %.3g, p %.2f)", method.name(), info.className(target), kind, value, probability);
	}

	/** Per-sample bounds of a batch's values: {min, max}. */
	public static float[] range(FloatBatch batch, int sample) {
		float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
		float[] data = batch.data();
		for (int i = sample * batch.sampleSize(); i < (sample + 1) * batch.sampleSize(); i++) {
			min = Math.min(min, data[i]);
			max = Math.max(max, data[i]);
		}
		return new float[] { min, max };
	}
}
