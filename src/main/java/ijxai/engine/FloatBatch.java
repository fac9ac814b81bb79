package ijxai.engine;

/**
 * A batch of images as the model sees them: float values in N·H·W·C order (channels fastest),
 * the memory layout of an NHWC tensor. Shape and data are fixed; the array is not copied, so
 * whoever builds a batch hands its array over.
 */
public final class FloatBatch {

	private final int count, height, width, channels;
	private final float[] data;

	public FloatBatch(int count, int height, int width, int channels, float[] data) {
		if (count < 0 || height < 1 || width < 1 || channels < 1) {
			throw new IllegalArgumentException("bad batch shape " + count + "x" + height + "x" + width + "x" + channels);
		}
		if ((long) count * height * width * channels != data.length) {
			throw new IllegalArgumentException("batch data has " + data.length + " values, shape needs " + (long) count * height * width * channels);
		}
		this.count = count;
		this.height = height;
		this.width = width;
		this.channels = channels;
		this.data = data;
	}

	public static FloatBatch zeros(int count, int height, int width, int channels) {
		return new FloatBatch(count, height, width, channels, new float[count * height * width * channels]);
	}

	public int count() { return count; }
	public int height() { return height; }
	public int width() { return width; }
	public int channels() { return channels; }
	public int sampleSize() { return height * width * channels; }

	/** The backing array (N·H·W·C); shared, not copied. */
	public float[] data() { return data; }

	public float get(int n, int y, int x, int c) {
		return data[((n * height + y) * width + x) * channels + c];
	}

	public void set(int n, int y, int x, int c, float value) {
		data[((n * height + y) * width + x) * channels + c] = value;
	}

	/**
	 * Samples {@code from} (inclusive) to {@code to} (exclusive) to be read, not written: this batch
	 * itself when that is all of it (no copy of a batch that fits one TensorFlow call), else a slice.
	 */
	public FloatBatch samples(int from, int to) {
		return from == 0 && to == count ? this : slice(from, to);
	}

	/** Samples {@code from} (inclusive) to {@code to} (exclusive) as a new batch. */
	public FloatBatch slice(int from, int to) {
		float[] part = new float[(to - from) * sampleSize()];
		System.arraycopy(data, from * sampleSize(), part, 0, part.length);
		return new FloatBatch(to - from, height, width, channels, part);
	}

	/** Copies {@code part} into this batch starting at sample {@code at}. */
	public void put(int at, FloatBatch part) {
		System.arraycopy(part.data, 0, data, at * sampleSize(), part.data.length);
	}

	public boolean hasNonFinite() {
		for (float v : data) if (!Float.isFinite(v)) return true;
		return false;
	}
}
