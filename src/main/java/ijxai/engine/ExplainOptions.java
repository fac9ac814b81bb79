package ijxai.engine;

/**
 * Options every gradient method shares.
 *
 * @param target which class (or output channel) to explain
 * @param score the logit (default) or the model's own output
 * @param batchSize at most this many samples go through TensorFlow in one call
 * @param raw keep one map per input channel, signed, in model-input space, instead of the display map
 */
public record ExplainOptions(Target target, ScoreKind score, int batchSize, boolean raw) {

	public static final int DEFAULT_BATCH_SIZE = 32;

	public static final ExplainOptions DEFAULTS = new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, DEFAULT_BATCH_SIZE, false);

	public ExplainOptions {
		if (batchSize < 1) throw new XaiException("batch size must be at least 1, not " + batchSize);
	}
}
