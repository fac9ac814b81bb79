package ijxai.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The base of methods computed from the gradient of the target score with respect to the input:
 * runs the batch through TensorFlow in chunks of the batch size (one call per chunk, progress and
 * cancellation between chunks) and lets the method turn gradient and input into its map.
 */
public abstract class GradientMethod implements Explainer {

	/** The display map (one channel) of one sample from its gradient and input. */
	protected abstract void map(FloatBatch gradient, FloatBatch input, int sample, FloatBatch out);

	/** The raw map (one value per input channel) of one sample. */
	protected abstract float raw(float gradient, float input);

	/** True when the display map has a sign. */
	protected abstract boolean signed();

	@Override
	public Explanation explain(LoadedModel model, FloatBatch input, ExplainOptions options, Progress progress) {
		InputCheck.check(model.info(), input);
		int count = input.count();
		FloatBatch maps = FloatBatch.zeros(count, input.height(), input.width(), options.raw() ? input.channels() : 1);
		int[] targets = new int[count];
		float[] scores = new float[count];
		float[] probabilities = new float[count];
		List<String> labels = new ArrayList<>();
		for (int from = 0; from < count; from += options.batchSize()) {
			progress.checkCanceled();
			progress.report(from, count, title());
			int to = Math.min(count, from + options.batchSize());
			FloatBatch chunk = input.slice(from, to);
			LoadedModel.Pass pass = model.gradients(chunk, options.target(), options.score());
			float[] probs = Predictions.probabilities(model.info(), pass, chunk.count());
			for (int n = 0; n < chunk.count(); n++) {
				int sample = from + n;
				targets[sample] = pass.targets()[n];
				scores[sample] = pass.scores()[n];
				probabilities[sample] = probs[n * model.info().classCount() + targets[sample]];
				labels.add(label(model.info(), options.score(), targets[sample], scores[sample], probabilities[sample]));
				FloatBatch one = FloatBatch.zeros(1, input.height(), input.width(), maps.channels());
				if (options.raw()) {
					float[] g = pass.gradient().data(), x = chunk.data(), out = one.data();
					int offset = n * chunk.sampleSize();
					for (int i = 0; i < out.length; i++) out[i] = raw(g[offset + i], x[offset + i]);
				}
				else {
					map(pass.gradient(), chunk, n, one);
				}
				maps.put(sample, one);
			}
		}
		progress.report(count, count, title());
		return new Explanation(name(), maps, targets, scores, probabilities, labels, options.raw() || signed());
	}

	private String label(ModelInfo info, ScoreKind score, int target, float value, float probability) {
		String kind = score == ScoreKind.PROBABILITY ? "output" : info.outputActivation().equals("none") ? "score" : "logit";
		if (info.isDenseOutput()) {
			return String.format(Locale.ROOT, "%s · %s (summed %s %.4g)", name(), info.className(target), kind, value);
		}
		return String.format(Locale.ROOT, "%s · %s (%s %.3g, p %.2f)", name(), info.className(target), kind, value, probability);
	}
}
