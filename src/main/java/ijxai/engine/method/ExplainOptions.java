package ijxai.engine.method;

import ijxai.engine.FloatBatch;
import ijxai.engine.ImageSpace;
import ijxai.engine.XaiException;
import ijxai.engine.model.ScoreKind;
import ijxai.engine.model.Target;

/**
 * Options every method shares, and the method's own settings.
 *
 * @param target which class (or output channel) to explain
 * @param score the logit (default) or the model's own output
 * @param batchSize at most this many samples go through TensorFlow in one call
 * @param raw unnormalized values in the method's own space: per input channel for gradient
 *     methods, at the layer's resolution for layer methods
 * @param settings the method's own options (steps, baseline, layer, ...)
 * @param space how the input's values map to the image's (null: they are the image's, unbounded)
 */
public record ExplainOptions(Target target, ScoreKind score, int batchSize, boolean raw, MethodSettings settings, ImageSpace space) {

	public static final int DEFAULT_BATCH_SIZE = 128;

	/** For tests: the predicted target, the logit, the default batch size, display maps, no settings of the method's own (adapters build theirs from {@link CommonOptions}). */
	public static final ExplainOptions DEFAULTS = new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, DEFAULT_BATCH_SIZE, false, MethodSettings.NONE);

	public ExplainOptions(Target target, ScoreKind score, int batchSize, boolean raw, MethodSettings settings) {
		this(target, score, batchSize, raw, settings, null);
	}

	public ExplainOptions {
		if (batchSize < 1) throw new XaiException("batch size must be at least 1, not " + batchSize);
		if (settings == null) settings = MethodSettings.NONE;
	}

	public ExplainOptions withTarget(Target newTarget) {
		return new ExplainOptions(newTarget, score, batchSize, raw, settings, space);
	}

	public ExplainOptions withSettings(MethodSettings newSettings) {
		return new ExplainOptions(target, score, batchSize, raw, newSettings, space);
	}

	public ExplainOptions withBatchSize(int newBatchSize) {
		return new ExplainOptions(target, score, newBatchSize, raw, settings, space);
	}

	public ExplainOptions withRaw(boolean newRaw) {
		return new ExplainOptions(target, score, batchSize, newRaw, settings, space);
	}

	public ExplainOptions withSpace(ImageSpace newSpace) {
		return new ExplainOptions(target, score, batchSize, raw, settings, newSpace);
	}

	/** The image space of a batch: the given one, or model values taken as image values. */
	public ImageSpace spaceFor(FloatBatch batch) {
		return space != null ? space : ImageSpace.identity(batch.count());
	}
}
