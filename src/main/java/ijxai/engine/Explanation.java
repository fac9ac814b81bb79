package ijxai.engine;

import java.util.List;
import java.util.Map;

/**
 * The result of an explanation method for a batch: one map per sample, the class each was
 * explained for, its score and probability, and a label per sample such as
 * {@code saliency · Ankle boot (logit 8.85, p 0.97)}.
 *
 * @param maps one map per sample; several channels when the method gives several planes
 * @param channelNames a name per map channel, or empty when channels are the input's channels
 * @param signed true when the map has a sign (diverging display), false for magnitudes
 * @param measures further numbers per sample for the results table, e.g. the completeness gap
 * @param input a new model input the method made (the adversarial image), or null; shown as an
 *     image of the source's own type
 */
public record Explanation(String method, FloatBatch maps, List<String> channelNames, int[] targets, float[] scores,
	float[] probabilities, List<String> labels, boolean signed, Map<String, float[]> measures, FloatBatch input) {}
