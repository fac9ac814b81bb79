package ijxai.engine.bioimage;

import java.util.Arrays;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.loops.LoopBuilder;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import ijxai.engine.FloatBatch;
import ijxai.engine.XaiException;

/**
 * An n-dimensional float tensor as a package describes it: one letter per axis ({@code b}atch,
 * {@code c}hannel, {@code x}, {@code y}, {@code z}, {@code t}ime, {@code i}ndex), the sizes, and
 * the values in C order (last axis fastest), the layout of .npy files and TensorFlow tensors.
 * Rearranging, padding and cropping go through ImgLib2 views, whose first dimension is the
 * fastest: ImgLib2 dimension {@code d} is axis {@code rank-1-d} here.
 *
 * @param axes one distinct letter per axis
 * @param shape the size of each axis
 * @param data the values, shared (not copied)
 */
public record TensorData(String axes, int[] shape, float[] data) {

	public static final String AXIS_LETTERS = "bitczyx";

	public TensorData {
		if (axes.length() != shape.length) throw new IllegalArgumentException("axes " + axes + " for a shape of rank " + shape.length);
		long count = 1;
		for (int i = 0; i < shape.length; i++) {
			if (AXIS_LETTERS.indexOf(axes.charAt(i)) < 0 || axes.indexOf(axes.charAt(i)) != i) throw new IllegalArgumentException("bad axes " + axes);
			if (shape[i] < 1) throw new IllegalArgumentException("axis " + axes.charAt(i) + " has size " + shape[i]);
			count *= shape[i];
		}
		if (count != data.length) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + count + " values, not " + data.length);
	}

	/** An N·H·W·C batch as a tensor with axes {@code byxc}, sharing its values. */
	public static TensorData of(FloatBatch batch) {
		return new TensorData("byxc", new int[] { batch.count(), batch.height(), batch.width(), batch.channels() }, batch.data());
	}

	public int rank() {
		return shape.length;
	}

	/** The distance in {@link #data} between neighbours along each axis. */
	public long[] strides() {
		long[] strides = new long[rank()];
		long stride = 1;
		for (int i = rank() - 1; i >= 0; i--) {
			strides[i] = stride;
			stride *= shape[i];
		}
		return strides;
	}

	/** A copy with its own values. */
	public TensorData copy() {
		return new TensorData(axes, shape.clone(), data.clone());
	}

	/**
	 * The same values laid out along {@code target}'s axes: axes missing here are added with size 1,
	 * axes of size 1 missing there are dropped, the rest permuted.
	 */
	public TensorData arrange(String target) {
		if (target.equals(axes)) return this;
		RandomAccessibleInterval<FloatType> view = view();
		String order = axes;
		for (int i = axes.length() - 1; i >= 0; i--) {
			char axis = axes.charAt(i);
			if (target.indexOf(axis) >= 0) continue;
			if (shape[i] != 1) throw new XaiException("a tensor with axes " + axes + " and shape " + Arrays.toString(shape) + " cannot be laid out as " + target +
				": its axis " + axis + " has " + shape[i] + " elements");
			view = Views.hyperSlice(view, dimension(order, axis), 0);
			order = order.substring(0, i) + order.substring(i + 1);
		}
		for (char axis : target.toCharArray()) {
			if (order.indexOf(axis) >= 0) continue;
			// a new slowest axis, then moved into place below
			view = Views.addDimension(view, 0, 0);
			order = axis + order;
		}
		for (int i = 0; i < target.length(); i++) {
			int at = order.indexOf(target.charAt(i));
			if (at == i) continue;
			view = Views.permute(view, dimension(order, order.charAt(i)), dimension(order, order.charAt(at)));
			char[] swapped = order.toCharArray();
			swapped[at] = order.charAt(i);
			swapped[i] = order.charAt(at);
			order = new String(swapped);
		}
		return fromView(target, view);
	}

	/** Padded by reflection (no repeated edge: c b | a b c | b a) to {@code padded}, split evenly before and after. */
	public TensorData padReflect(int[] padded) {
		if (Arrays.equals(padded, shape)) return this;
		long[] min = new long[rank()], max = new long[rank()];
		for (int i = 0; i < rank(); i++) {
			if (padded[i] < shape[i]) throw new IllegalArgumentException("cannot pad axis " + axes.charAt(i) + " from " + shape[i] + " down to " + padded[i]);
			int d = rank() - 1 - i;
			min[d] = -padBefore(shape[i], padded[i]);
			max[d] = min[d] + padded[i] - 1;
		}
		return fromView(axes, Views.interval(Views.extendMirrorSingle(view()), min, max));
	}

	/** Where {@link #padReflect} puts the original first element along an axis padded from {@code size} to {@code padded}. */
	public static int padBefore(int size, int padded) {
		return (padded - size) / 2;
	}

	/** The block of {@code size} elements starting at {@code offset}. */
	public TensorData crop(int[] offset, int[] size) {
		long[] min = new long[rank()], max = new long[rank()];
		for (int i = 0; i < rank(); i++) {
			if (offset[i] < 0 || size[i] < 1 || offset[i] + size[i] > shape[i]) {
				throw new XaiException("cannot crop " + size[i] + " elements at " + offset[i] + " from axis " + axes.charAt(i) + " of size " + shape[i]);
			}
			int d = rank() - 1 - i;
			min[d] = offset[i];
			max[d] = offset[i] + size[i] - 1;
		}
		return fromView(axes, Views.interval(view(), min, max));
	}

	private ArrayImg<FloatType, FloatArray> view() {
		return ArrayImgs.floats(data, imglibDimensions(shape));
	}

	private static int dimension(String order, char axis) {
		return order.length() - 1 - order.indexOf(axis);
	}

	private static long[] imglibDimensions(int[] shape) {
		long[] dimensions = new long[shape.length];
		for (int i = 0; i < shape.length; i++) dimensions[shape.length - 1 - i] = shape[i];
		return dimensions;
	}

	/** Copies a view into a new tensor with those axes (the view's dimensions in ImgLib2 order). */
	private static TensorData fromView(String axes, RandomAccessibleInterval<FloatType> view) {
		int[] shape = new int[axes.length()];
		long count = 1;
		for (int i = 0; i < shape.length; i++) {
			shape[i] = (int) view.dimension(shape.length - 1 - i);
			count *= shape[i];
		}
		if (count > Integer.MAX_VALUE - 8) throw new XaiException("a tensor of shape " + Arrays.toString(shape) + " is too large");
		float[] values = new float[(int) count];
		ArrayImg<FloatType, FloatArray> target = ArrayImgs.floats(values, imglibDimensions(shape));
		LoopBuilder.setImages(Views.zeroMin(view), target).forEachPixel((from, to) -> to.set(from));
		return new TensorData(axes, shape, values);
	}

	@Override
	public String toString() {
		return axes + Arrays.toString(shape);
	}
}
