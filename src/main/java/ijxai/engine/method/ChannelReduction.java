package ijxai.engine.method;

import ijxai.engine.FloatBatch;

/** How a per-channel map becomes the one-channel display map. */
public enum ChannelReduction {
	/** The largest magnitude over the channels (saliency, SmoothGrad): non-negative. */
	MAX_ABS(false),
	/** The sum over the channels (gradient × input, Integrated Gradients): signed. */
	SUM(true);

	private final boolean signed;

	ChannelReduction(boolean signed) {
		this.signed = signed;
	}

	public boolean signed() {
		return signed;
	}

	/** The one-channel display maps of all samples. */
	public FloatBatch reduceAll(FloatBatch values) {
		FloatBatch out = FloatBatch.zeros(values.count(), values.height(), values.width(), 1);
		for (int n = 0; n < values.count(); n++) reduce(values, n, out);
		return out;
	}

	/** Reduces sample {@code sample} of {@code values} into sample {@code sample} of the one-channel {@code out}. */
	public void reduce(FloatBatch values, int sample, FloatBatch out) {
		for (int y = 0; y < values.height(); y++) {
			for (int x = 0; x < values.width(); x++) {
				float result = 0;
				for (int c = 0; c < values.channels(); c++) {
					float v = values.get(sample, y, x, c);
					result = this == SUM ? result + v : Math.max(result, Math.abs(v));
				}
				out.set(sample, y, x, 0, result);
			}
		}
	}
}
