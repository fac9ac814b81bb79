package ijxai.engine;

import java.util.List;

/**
 * The result of an explanation method for a batch: one map per sample (one channel, or one per
 * input channel when raw), the class each was explained for, its score, and a label per sample
 * such as {@code saliency · Ankle boot (logit 8.85, p 0.97)}.
 *
 * @param signed true when the map has a sign (diverging display), false for magnitudes
 */
public record Explanation(String method, FloatBatch maps, int[] targets, float[] scores, float[] probabilities,
	List<String> labels, boolean signed) {}
