package ijxai.engine;

/**
 * How model-input values relate to the image the user sees, per sample: model value =
 * (image value − low) / range, the image's valid value range, and whether it holds whole numbers
 * (8/16-bit, RGB). Attacks use it to take ε in image units, clip to what the image can hold and
 * check that a perturbation survives saving at the image's bit depth.
 *
 * @param affines one map per sample
 * @param minimum the smallest value the image type holds (−∞ for 32-bit)
 * @param maximum the largest value the image type holds (+∞ for 32-bit)
 * @param integer true when image values are whole numbers
 */
public record ImageSpace(Affine[] affines, double minimum, double maximum, boolean integer) {

	/** model value = (image value − low) / range. */
	public record Affine(double low, double range) {}

	/** Model values are the image values: unbounded floats (a batch that did not come from an image). */
	public static ImageSpace identity(int count) {
		Affine[] affines = new Affine[count];
		java.util.Arrays.fill(affines, new Affine(0, 1));
		return new ImageSpace(affines, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, false);
	}

	public double toModel(int sample, double imageValue) {
		return (imageValue - affines[sample].low()) / affines[sample].range();
	}

	public double toImage(int sample, double modelValue) {
		return modelValue * affines[sample].range() + affines[sample].low();
	}

	/** A length (ε, a norm) in image units as model units. */
	public double lengthToModel(int sample, double imageLength) {
		return imageLength / affines[sample].range();
	}

	/** The model value of the image value the image type stores for it: clipped, and rounded for integer images. */
	public double stored(int sample, double modelValue) {
		double image = clamp(toImage(sample, modelValue), minimum, maximum);
		return toModel(sample, integer ? Math.rint(image) : image);
	}

	/** The model value clipped to what the image type holds. */
	public double clip(int sample, double modelValue) {
		return toModel(sample, clamp(toImage(sample, modelValue), minimum, maximum));
	}

	/**
	 * Math.max(minimum, Math.min(maximum, value)) bit for bit, signed zeros and NaN values included (not NaN bounds), by
	 * comparisons: the attacks clip every value of a batch several times, and Java 17's Math.max and
	 * Math.min of doubles take several times as long.
	 */
	public static double clamp(double value, double minimum, double maximum) {
		// plain selections first (compiled without branches: PGD's steps cross ε at random), the signed-zero ties after
		double below = value > maximum ? maximum : value;
		if (value == maximum && Double.doubleToRawLongBits(maximum) < Double.doubleToRawLongBits(value)) below = maximum;
		double clamped = below < minimum ? minimum : below;
		if (below == minimum && Double.doubleToRawLongBits(below) < Double.doubleToRawLongBits(minimum)) clamped = minimum;
		return clamped;
	}
}
