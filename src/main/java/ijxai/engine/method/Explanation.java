package ijxai.engine.method;

import java.util.List;
import java.util.Map;

import ijxai.engine.FloatBatch;

/**
 * The result of an explanation method for a batch: one map per sample, the class each was
 * explained for, its score and probability, and a label per sample such as
 * {@code saliency · Ankle boot (logit 8.85, p 0.97)}.
 *
 * @param maps one map per sample; several channels when the method gives several planes
 * @param channelNames a name per map channel, or empty when channels are the input's channels
 * @param display how the maps are shown: magnitudes, signed values (diverging), or images
 * @param measures further numbers per sample for the results table, e.g. the completeness gap
 * @param input a new model input the method made (the adversarial image), or null; shown as an
 *     image of the source's own type
 */
public record Explanation(String method, FloatBatch maps, List<String> channelNames, int[] targets, float[] scores,
	float[] probabilities, List<String> labels, Display display, Map<String, float[]> measures, FloatBatch input) {

	/** How maps are shown: a magnitude LUT from 0, a diverging LUT centred on 0, or gray (colour channels) over their range as images. */
	public enum Display {
		MAGNITUDE, SIGNED, IMAGE;

		public static Display of(boolean signed) {
			return signed ? SIGNED : MAGNITUDE;
		}
	}
}
