package ijxai.engine.model;

import java.lang.management.ManagementFactory;
import java.util.Locale;

import ijxai.engine.XaiException;

/**
 * How much memory one run may take. By default the smaller of the Java heap's limit and half the
 * machine's physical memory: the image's copy lives on the heap, TensorFlow's tensors outside it.
 * Batches are sized from an estimate of what one sample takes through the model forward and
 * backward; an input of which one sample alone exceeds the budget is refused with the estimate.
 *
 * @param bytes the budget
 */
public record MemoryBudget(long bytes) {

	/**
	 * Values a gradient pass keeps per value of a layer's output: the value, its gradient, and
	 * one temporary (a layer's ops, e.g. convolution, bias and activation, each make a tensor).
	 */
	private static final int COPIES_PER_ACTIVATION = 3;
	private static final long MB = 1 << 20;

	public MemoryBudget {
		if (bytes < MB) throw new XaiException("the memory budget must be at least 1 MB, not " + bytes / (double) MB + " MB");
	}

	/** A budget in megabytes; 0 for {@link #automatic()}. */
	public static MemoryBudget megabytes(long megabytes) {
		if (megabytes == 0) return automatic();
		if (megabytes < 0) throw new XaiException("the memory budget is a number of megabytes (0: automatic), not " + megabytes);
		return new MemoryBudget(megabytes * MB);
	}

	public static MemoryBudget automatic() {
		long physical = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
			? os.getTotalMemorySize() : Long.MAX_VALUE;
		return new MemoryBudget(Math.max(MB, Math.min(Runtime.getRuntime().maxMemory(), physical / 2)));
	}

	/** What one sample of height × width × channels takes through the model: input, and every layer's output kept for the gradient. */
	static long bytesPerSample(ModelInfo info, int height, int width, int channels) {
		long values = (long) height * width * channels;
		for (ModelInfo.Layer layer : info.layers()) values += valuesPerSample(layer.shape(), height, width);
		return values * Float.BYTES * COPIES_PER_ACTIVATION;
	}

	/** A layer's values per sample; sizes only run time tells are taken as the input's (an upper bound for downsampling networks). */
	private static long valuesPerSample(long[] shape, int height, int width) {
		long values = 1;
		for (int axis = 1; axis < shape.length; axis++) {
			long size = shape[axis];
			if (size < 0) size = axis == 1 ? height : axis == 2 ? width : 1;
			values *= size;
		}
		return values;
	}

	/**
	 * The batch size to use: at most {@code requested}, and as many samples as fit the budget;
	 * refuses when one sample does not fit.
	 */
	public int batchSize(ModelInfo info, int height, int width, int channels, int requested) {
		long perSample = bytesPerSample(info, height, width, channels);
		if (perSample > bytes) {
			throw new XaiException(String.format(Locale.ROOT, "one %dx%d image with %d channel(s) needs about %d MB through the model in %s, more than the " +
				"memory budget of %d MB; use a smaller image (or resize), or raise the memory budget", width, height, channels, inMegabytes(perSample),
				info.folder(), inMegabytes(bytes)));
		}
		return (int) Math.max(1, Math.min(requested, bytes / perSample));
	}

	/** Refuses an image whose values alone (as floats) exceed the budget, before they are copied. */
	public void checkImage(String name, long values) {
		long needed = values * Float.BYTES;
		if (needed > bytes || values > Integer.MAX_VALUE - 8) {
			throw new XaiException(String.format(Locale.ROOT, "%s needs about %d MB as model input, more than the memory budget of %d MB; use a smaller "
				+ "image or fewer slices, or raise the memory budget", name, inMegabytes(needed), inMegabytes(bytes)));
		}
	}

	/** What to tell the user when Java runs out of memory anyway. */
	public static final String OUT_OF_MEMORY = "out of memory; use a smaller batch size or memory budget, or give Java more memory";

	private static long inMegabytes(long bytes) {
		return (bytes + MB - 1) / MB;
	}

	@Override
	public String toString() {
		return inMegabytes(bytes) + " MB";
	}
}
