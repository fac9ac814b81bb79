package ijxai.engine;

import java.util.stream.IntStream;

/** Image filters the methods need for baselines and fills, on one sample of a batch. */
public final class Filters {

	private Filters() {}

	/** A Gaussian blur of sample {@code n} (each channel on its own, edges clamped), as an H·W·C array. */
	public static float[] gaussianBlur(FloatBatch batch, int n, double sigma) {
		int h = batch.height(), w = batch.width(), c = batch.channels();
		float[] source = new float[batch.sampleSize()];
		System.arraycopy(batch.data(), n * batch.sampleSize(), source, 0, source.length);
		if (sigma <= 0) return source;
		int radius = (int) Math.ceil(3 * sigma);
		double[] kernel = new double[2 * radius + 1];
		double total = 0;
		for (int i = -radius; i <= radius; i++) total += kernel[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
		for (int i = 0; i < kernel.length; i++) kernel[i] /= total;
		float[] rows = new float[source.length], result = new float[source.length];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				for (int ch = 0; ch < c; ch++) {
					double sum = 0;
					for (int k = -radius; k <= radius; k++) sum += kernel[k + radius] * source[(y * w + clamp(x + k, w)) * c + ch];
					rows[(y * w + x) * c + ch] = (float) sum;
				}
			}
		}
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				for (int ch = 0; ch < c; ch++) {
					double sum = 0;
					for (int k = -radius; k <= radius; k++) sum += kernel[k + radius] * rows[(clamp(y + k, h) * w + x) * c + ch];
					result[(y * w + x) * c + ch] = (float) sum;
				}
			}
		}
		return result;
	}

	/** The mean of every channel of sample {@code n}. */
	public static float[] channelMeans(FloatBatch batch, int n) {
		double[] sums = new double[batch.channels()];
		int offset = n * batch.sampleSize();
		for (int i = 0; i < batch.sampleSize(); i++) sums[i % batch.channels()] += batch.data()[offset + i];
		float[] means = new float[sums.length];
		for (int ch = 0; ch < sums.length; ch++) means[ch] = (float) (sums[ch] / (batch.height() * batch.width()));
		return means;
	}

	/**
	 * Bilinear resampling of every sample to {@code height}×{@code width} with pixel centres
	 * aligned (half-pixel convention, as {@code tf.image.resize}).
	 */
	public static FloatBatch resizeBilinear(FloatBatch batch, int height, int width) {
		FloatBatch out = FloatBatch.zeros(batch.count(), height, width, batch.channels());
		double sy = (double) batch.height() / height, sx = (double) batch.width() / width;
		// the source columns and weights of every output column, found once
		int[] x0s = new int[width], x1s = new int[width];
		double[] wxs = new double[width];
		for (int x = 0; x < width; x++) {
			double fx = Math.max(0, (x + 0.5) * sx - 0.5);
			x0s[x] = Math.min((int) fx, batch.width() - 1);
			x1s[x] = Math.min(x0s[x] + 1, batch.width() - 1);
			wxs[x] = fx - x0s[x];
		}
		// separable: every source row is resampled along x once, then output rows blend two of those; samples on all cores
		float[] in = batch.data(), result = out.data();
		int channels = batch.channels(), rowLength = width * channels;
		IntStream.range(0, batch.count()).parallel().forEach(n -> {
			double[] across = new double[batch.height() * rowLength];
			for (int y = 0; y < batch.height(); y++) {
				int source = (n * batch.height() + y) * batch.width();
				for (int x = 0; x < width; x++) {
					double wx = wxs[x];
					int left = (source + x0s[x]) * channels, right = (source + x1s[x]) * channels, at = y * rowLength + x * channels;
					for (int c = 0; c < channels; c++) across[at + c] = in[left + c] * (1 - wx) + in[right + c] * wx;
				}
			}
			for (int y = 0; y < height; y++) {
				double fy = Math.max(0, (y + 0.5) * sy - 0.5);
				int y0 = Math.min((int) fy, batch.height() - 1), y1 = Math.min(y0 + 1, batch.height() - 1);
				double wy = fy - y0;
				int above = y0 * rowLength, below = y1 * rowLength, row = (n * height + y) * rowLength;
				for (int i = 0; i < rowLength; i++) result[row + i] = (float) (across[above + i] * (1 - wy) + across[below + i] * wy);
			}
		});
		return out;
	}

	private static int clamp(int i, int size) {
		return i < 0 ? 0 : i >= size ? size - 1 : i;
	}
}
