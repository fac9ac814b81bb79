package ijxai.engine.bioimage;

import java.util.Arrays;

import ijxai.engine.XaiException;

/**
 * One pre- or postprocessing step of a package, as bioimage.io defines them, applied in place
 * to a float tensor. Statistics ({@code axes}: the letters of the axes reduced together) are
 * taken separately for every index of the other axes, e.g. per channel for {@code yx}.
 */
public sealed interface Processing {

	/** Applies the step to the values of {@code tensor}, in place. */
	void apply(TensorData tensor);

	/** The bioimage.io name of the step. */
	String name();

	/**
	 * Maps the values between two percentiles (linear interpolation, as numpy) to 0..1:
	 * (x − lower) / (upper − lower + eps).
	 *
	 * @param axes the axes reduced together; null for all; with {@code perDataset} the batch is included
	 */
	record ScaleRange(String axes, double minPercentile, double maxPercentile, double eps, boolean perDataset) implements Processing {
		public ScaleRange {
			if (!(0 <= minPercentile && minPercentile < maxPercentile && maxPercentile <= 100)) {
				throw new XaiException("scale_range needs 0 <= min_percentile < max_percentile <= 100, not " + minPercentile + " and " + maxPercentile);
			}
		}

		@Override
		public void apply(TensorData tensor) {
			Groups groups = Groups.of(tensor, statisticsAxes(axes, perDataset, tensor));
			double[] lower = new double[groups.count()], divisor = new double[groups.count()];
			for (int g = 0; g < groups.count(); g++) {
				float[] values = groups.values()[g];
				Arrays.sort(values);
				lower[g] = percentile(values, minPercentile);
				divisor[g] = percentile(values, maxPercentile) - lower[g] + eps;
			}
			groups.normalize(tensor, lower, divisor);
		}

		@Override
		public String name() {
			return "scale_range";
		}
	}

	/**
	 * (x − mean) / (std + eps), with a fixed mean and std (one, or one per index of {@code along}),
	 * or those of the values themselves (population std).
	 */
	record ZeroMeanUnitVariance(String axes, boolean perDataset, double[] mean, double[] std, char along, double eps) implements Processing {
		/** Statistics of the values themselves. */
		public static ZeroMeanUnitVariance measured(String axes, boolean perDataset, double eps) {
			return new ZeroMeanUnitVariance(axes, perDataset, null, null, '\0', eps);
		}

		/** A fixed mean and standard deviation, one value or one per index of axis {@code along}. */
		public static ZeroMeanUnitVariance fixed(double[] mean, double[] std, char along, double eps) {
			if (mean.length != std.length) throw new XaiException("zero_mean_unit_variance has " + mean.length + " means but " + std.length + " standard deviations");
			return new ZeroMeanUnitVariance(null, false, mean, std, along, eps);
		}

		@Override
		public void apply(TensorData tensor) {
			if (mean != null) {
				PerIndex.of(tensor, along, mean.length, name()).map(tensor, (x, i) -> (x - mean[i]) / (std[i] + eps));
				return;
			}
			Groups groups = Groups.of(tensor, statisticsAxes(axes, perDataset, tensor));
			double[] means = new double[groups.count()], divisor = new double[groups.count()];
			for (int g = 0; g < groups.count(); g++) {
				float[] values = groups.values()[g];
				double sum = 0, squares = 0;
				for (float v : values) sum += v;
				means[g] = sum / values.length;
				for (float v : values) squares += (v - means[g]) * (v - means[g]);
				divisor[g] = Math.sqrt(squares / values.length) + eps;
			}
			groups.normalize(tensor, means, divisor);
		}

		@Override
		public String name() {
			return "zero_mean_unit_variance";
		}
	}

	/** x · gain + offset, each one value or one per index of axis {@code along}. */
	record ScaleLinear(double[] gain, double[] offset, char along) implements Processing {
		public ScaleLinear {
			if (gain.length != offset.length && gain.length != 1 && offset.length != 1) {
				throw new XaiException("scale_linear has " + gain.length + " gains but " + offset.length + " offsets");
			}
		}

		@Override
		public void apply(TensorData tensor) {
			int count = Math.max(gain.length, offset.length);
			PerIndex.of(tensor, along, count, name())
				.map(tensor, (x, i) -> x * gain[Math.min(i, gain.length - 1)] + offset[Math.min(i, offset.length - 1)]);
		}

		@Override
		public String name() {
			return "scale_linear";
		}
	}

	/** Values limited to min..max. */
	record Clip(double min, double max) implements Processing {
		@Override
		public void apply(TensorData tensor) {
			float[] data = tensor.data();
			for (int i = 0; i < data.length; i++) data[i] = (float) Math.min(max, Math.max(min, data[i]));
		}

		@Override
		public String name() {
			return "clip";
		}
	}

	/** 1 where x > threshold (one, or one per index of {@code along}), else 0. */
	record Binarize(double[] threshold, char along) implements Processing {
		@Override
		public void apply(TensorData tensor) {
			PerIndex.of(tensor, along, threshold.length, name()).map(tensor, (x, i) -> x > threshold[i] ? 1 : 0);
		}

		@Override
		public String name() {
			return "binarize";
		}
	}

	/** 1 / (1 + e^−x). */
	record Sigmoid() implements Processing {
		@Override
		public void apply(TensorData tensor) {
			float[] data = tensor.data();
			for (int i = 0; i < data.length; i++) data[i] = (float) (1 / (1 + Math.exp(-data[i])));
		}

		@Override
		public String name() {
			return "sigmoid";
		}
	}

	/**
	 * The values as that data type would hold them: integers rounded toward zero and limited to the
	 * type's range, booleans 0 or 1, float32 and float64 unchanged (the tensor stays float).
	 */
	record EnsureDtype(String dtype) implements Processing {
		public EnsureDtype {
			if (range(dtype) == null) throw new XaiException("ensure_dtype: unknown data type '" + dtype + "'");
		}

		@Override
		public void apply(TensorData tensor) {
			double[] range = range(dtype);
			if (range.length == 0) return;
			float[] data = tensor.data();
			for (int i = 0; i < data.length; i++) {
				data[i] = dtype.equals("bool") ? (data[i] != 0 ? 1 : 0) : (float) Math.min(range[1], Math.max(range[0], (double) (long) data[i]));
			}
		}

		private static double[] range(String dtype) {
			switch (dtype) {
				case "float32": case "float64": return new double[0];
				case "bool": return new double[] { 0, 1 };
				case "uint8": return new double[] { 0, 255 };
				case "int8": return new double[] { -128, 127 };
				case "uint16": return new double[] { 0, 65535 };
				case "int16": return new double[] { -32768, 32767 };
				case "uint32": return new double[] { 0, 4294967295.0 };
				case "int32": return new double[] { Integer.MIN_VALUE, Integer.MAX_VALUE };
				case "uint64": return new double[] { 0, 0x1p64 };
				case "int64": return new double[] { Long.MIN_VALUE, Long.MAX_VALUE };
				default: return null;
			}
		}

		@Override
		public String name() {
			return "ensure_dtype";
		}
	}

	/** Applies steps in order. */
	static void applyAll(Iterable<Processing> steps, TensorData tensor) {
		for (Processing step : steps) step.apply(tensor);
	}

	/** The axes statistics are taken over: all when none are given; the batch too per dataset. */
	private static String statisticsAxes(String axes, boolean perDataset, TensorData tensor) {
		String reduced = axes == null ? tensor.axes() : axes;
		if (perDataset && reduced.indexOf('b') < 0) reduced += "b";
		if (!perDataset && axes == null) reduced = reduced.replace("b", "");
		return reduced;
	}

	/** The numpy percentile ('linear') of sorted values. */
	static double percentile(float[] sorted, double percent) {
		double position = percent / 100 * (sorted.length - 1);
		int below = (int) Math.floor(position), above = (int) Math.ceil(position);
		return sorted[below] + (sorted[above] - (double) sorted[below]) * (position - below);
	}

	/** A function of a value and its index along one axis. */
	interface IndexedMap {
		double of(float value, int index);
	}

	/** The elements grouped by their index along the axes not reduced: each group's values, then (x − shift) / divisor per group. */
	record Groups(int[] ofElement, float[][] values) {
		static Groups of(TensorData tensor, String reduced) {
			for (char axis : reduced.toCharArray()) {
				if (tensor.axes().indexOf(axis) < 0 && axis != 'b') throw new XaiException("statistics over axis " + axis + " of a tensor with axes " + tensor.axes());
			}
			int[] shape = tensor.shape();
			long[] strides = tensor.strides();
			int count = 1;
			for (int i = 0; i < shape.length; i++) if (reduced.indexOf(tensor.axes().charAt(i)) < 0) count *= shape[i];
			float[] data = tensor.data();
			int[] ofElement = new int[data.length];
			float[][] values = new float[count][data.length / count];
			int[] filled = new int[count];
			for (int e = 0; e < data.length; e++) {
				int group = 0;
				for (int i = 0; i < shape.length; i++) {
					if (reduced.indexOf(tensor.axes().charAt(i)) < 0) group = group * shape[i] + (int) (e / strides[i] % shape[i]);
				}
				ofElement[e] = group;
				values[group][filled[group]++] = data[e];
			}
			return new Groups(ofElement, values);
		}

		int count() {
			return values.length;
		}

		void normalize(TensorData tensor, double[] shift, double[] divisor) {
			float[] data = tensor.data();
			for (int e = 0; e < data.length; e++) data[e] = (float) ((data[e] - shift[ofElement[e]]) / divisor[ofElement[e]]);
		}
	}

	/** Parameters given once, or once per index along one axis. */
	record PerIndex(long stride, int size) {
		static PerIndex of(TensorData tensor, char along, int count, String step) {
			if (count == 1) return new PerIndex(1, 1);
			int axis = tensor.axes().indexOf(along);
			if (axis < 0 || tensor.shape()[axis] != count) {
				throw new XaiException(step + " has " + count + " values along axis " + (along == '\0' ? "?" : along) + ", but the tensor is " + tensor);
			}
			return new PerIndex(tensor.strides()[axis], count);
		}

		void map(TensorData tensor, IndexedMap map) {
			float[] data = tensor.data();
			for (int i = 0; i < data.length; i++) data[i] = (float) map.of(data[i], (int) (i / stride % size));
		}
	}
}
