package ijxai.engine.model;

import java.util.Locale;

import ijxai.engine.XaiException;

/**
 * A named part of an image an explanation is about: weights (1 inside, 0 outside; fractions on
 * an outline) over the pixels of the model input. Mapped to a dense output by {@link #onOutput}.
 */
public final class Region {

	private final String name;
	private final int width, height;
	private final float[] weights;

	private Region(String name, int width, int height, float[] weights) {
		this.name = name;
		this.width = width;
		this.height = height;
		this.weights = weights;
	}

	/** Weights over a {@code width} × {@code height} image, row by row; all zero is refused, as a region that explains nothing. */
	public static Region of(String name, int width, int height, float[] weights) {
		if (weights.length != (long) width * height) throw new IllegalArgumentException("a " + width + "x" + height + " region needs " + width * height + " weights");
		boolean any = false;
		for (float weight : weights) {
			if (!(weight >= 0) || Float.isInfinite(weight)) throw new XaiException("region '" + name + "' has a weight " + weight + "; weights must be 0 or more");
			any |= weight > 0;
		}
		if (!any) throw new XaiException("region '" + name + "' is empty");
		return new Region(name, width, height, weights);
	}

	/** The rectangle at {@code x,y} of {@code w} × {@code h} pixels on a {@code width} × {@code height} image (it must overlap the image). */
	public static Region rectangle(int x, int y, int w, int h, int width, int height) {
		String name = String.format(Locale.ROOT, "%d,%d,%d,%d", x, y, w, h);
		if (w < 1 || h < 1) throw new XaiException("region " + name + ": width and height must be at least 1");
		float[] weights = new float[width * height];
		for (int row = Math.max(0, y); row < Math.min(height, (long) y + h); row++) {
			for (int column = Math.max(0, x); column < Math.min(width, (long) x + w); column++) weights[row * width + column] = 1;
		}
		return of(name, width, height, weights);
	}

	public String name() {
		return name;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** The weight of pixel {@code x,y}. */
	public float weight(int x, int y) {
		return weights[y * width + x];
	}

	/**
	 * The weights on an output of {@code outHeight} × {@code outWidth} pixels computed from this
	 * region's image: the same grid as is; else output pixel (i, j) covers the block of
	 * {@code scale} × {@code scale} input pixels at offset + scale·(i, j) (its weight is their
	 * mean), the scale the whole ratio of the sizes (2 for an output at half resolution) and the
	 * offset centering the rest (valid-padding crops); an output larger than the input takes the
	 * weight of the input pixel it lies in.
	 */
	public float[] onOutput(int outHeight, int outWidth) {
		if (outHeight == height && outWidth == width) return weights.clone();
		float[] mapped = new float[outHeight * outWidth];
		if (outHeight > height || outWidth > width) {
			int up = Math.max(1, Math.round(Math.min((float) outHeight / height, (float) outWidth / width)));
			int top = (outHeight - height * up) / 2, left = (outWidth - width * up) / 2;
			for (int i = 0; i < outHeight; i++) {
				for (int j = 0; j < outWidth; j++) {
					int y = Math.floorDiv(i - top, up), x = Math.floorDiv(j - left, up);
					if (y >= 0 && y < height && x >= 0 && x < width) mapped[i * outWidth + j] = weight(x, y);
				}
			}
			return mapped;
		}
		int scale = Math.max(1, Math.min(height / outHeight, width / outWidth));
		int top = (height - outHeight * scale) / 2, left = (width - outWidth * scale) / 2;
		for (int i = 0; i < outHeight; i++) {
			for (int j = 0; j < outWidth; j++) {
				double sum = 0;
				for (int y = top + i * scale; y < top + (i + 1) * scale; y++) for (int x = left + j * scale; x < left + (j + 1) * scale; x++) sum += weight(x, y);
				mapped[i * outWidth + j] = (float) (sum / (scale * scale));
			}
		}
		return mapped;
	}

	@Override
	public String toString() {
		return name;
	}
}
