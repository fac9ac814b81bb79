package ijxai.engine;

import java.util.Arrays;

/** How image values become model-input values, per image (all channels of one slice together). */
public enum Normalization {
	/** Values go in unchanged. */
	NONE("none"),
	/** Divided by the bit depth's maximum (255, 65535); 32-bit images scaled from their min..max. */
	ZERO_ONE("0-1"),
	/** CSBDeep-style: the 1st..99.8th percentile mapped to 0..1. */
	PERCENTILE("percentile"),
	/** Zero mean, unit standard deviation. */
	MEAN_STD("mean-std");

	public static final double LOW_PERCENTILE = 1, HIGH_PERCENTILE = 99.8;

	private final String key;

	Normalization(String key) {
		this.key = key;
	}

	public String key() {
		return key;
	}

	public static Normalization parse(String text) {
		for (Normalization n : values()) if (n.key.equalsIgnoreCase(text.trim())) return n;
		throw new XaiException("normalization '" + text + "' is not one of none, 0-1, percentile, mean-std");
	}

	/**
	 * Normalizes {@code values[from..to)} in place; returns the map it applied, model value =
	 * (image value − low) / range.
	 *
	 * @param bitDepthMax 255 or 65535 for integer images, 0 for float images
	 */
	public ImageSpace.Affine apply(float[] values, int from, int to, double bitDepthMax) {
		switch (this) {
			case NONE: return new ImageSpace.Affine(0, 1);
			case ZERO_ONE:
				if (bitDepthMax > 0) return scale(values, from, to, 0, bitDepthMax);
				return scale(values, from, to, min(values, from, to), max(values, from, to));
			case PERCENTILE: {
				float[] sorted = Arrays.copyOfRange(values, from, to);
				Arrays.sort(sorted);
				return scale(values, from, to, percentile(sorted, LOW_PERCENTILE), percentile(sorted, HIGH_PERCENTILE));
			}
			default: {
				double sum = 0, squares = 0;
				for (int i = from; i < to; i++) sum += values[i];
				double mean = sum / (to - from);
				for (int i = from; i < to; i++) squares += (values[i] - mean) * (values[i] - mean);
				double std = Math.sqrt(squares / (to - from));
				return scale(values, from, to, mean, mean + (std > 0 ? std : 1));
			}
		}
	}

	private static ImageSpace.Affine scale(float[] values, int from, int to, double low, double high) {
		double range = high > low ? high - low : 1;
		for (int i = from; i < to; i++) values[i] = (float) ((values[i] - low) / range);
		return new ImageSpace.Affine(low, range);
	}

	private static double percentile(float[] sorted, double p) {
		double position = p / 100 * (sorted.length - 1);
		int below = (int) Math.floor(position);
		int above = Math.min(below + 1, sorted.length - 1);
		return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
	}

	private static double min(float[] values, int from, int to) {
		double min = Double.POSITIVE_INFINITY;
		for (int i = from; i < to; i++) min = Math.min(min, values[i]);
		return min;
	}

	private static double max(float[] values, int from, int to) {
		double max = Double.NEGATIVE_INFINITY;
		for (int i = from; i < to; i++) max = Math.max(max, values[i]);
		return max;
	}
}
