package ijxai.engine.evaluation;

import java.util.IdentityHashMap;
import java.util.Map;

import ijxai.engine.FloatBatch;
import ijxai.engine.Progress;
import ijxai.engine.method.ExplainJob;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.method.SampleChunks;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.Predictions;
import ijxai.engine.model.ScoreKind;
import ijxai.engine.model.Target;

/**
 * What the metrics measure the model by: the score of each generated sample's class (its
 * probability, or its logit), from forward passes in chunks of the batch size with progress and
 * cancellation between chunks.
 *
 * @param probability the softmax probability of the class (as Quantus's pixel flipping), else its logit
 */
public record ModelScores(LoadedModel model, boolean probability, int batchSize) {

	/** The score of every sample of {@code samples} (shaped like {@code like}) for its class. */
	public double[] of(FloatBatch like, SampleChunks.Samples samples, Progress progress, String what) {
		ModelInfo info = model.info();
		double[] scores = new double[samples.count()];
		ExplainOptions options = new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, batchSize, false, MethodSettings.NONE);
		Map<LoadedModel.Pass, float[]> chunkProbabilities = new IdentityHashMap<>();
		SampleChunks.forward(ExplainJob.ofModel(model, like, options, progress), samples, progress, what, (index, pass, row) -> {
			int k = samples.target(index);
			if (probability) {
				if (row == 0) chunkProbabilities.clear();
				scores[index] = chunkProbabilities.computeIfAbsent(pass, p -> Predictions.probabilities(info, p, p.count()))[row * info.classCount() + k];
			}
			else {
				scores[index] = Predictions.score(info, pass.logits(), row, pass.count(), k);
			}
		});
		return scores;
	}

	/** The score of each of {@code images} for class {@code targets[n]}. */
	public double[] of(FloatBatch images, int[] targets, Progress progress, String what) {
		return of(images, SampleChunks.each(images, targets), progress, what);
	}
}
