package ijxai.engine.model;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

import ijxai.engine.FloatBatch;
import ijxai.engine.XaiException;

/**
 * A model's batches, targets and seeds as TensorFlow tensors, and the tensors it returns as Java
 * values. The caller closes every tensor made here.
 */
final class BatchTensors {

	private final ModelInfo info;

	BatchTensors(ModelInfo info) {
		this.info = info;
	}

	/** A batch in the shape of the model's input: [N,h,w,c], [N,h,w] or flat [N,h·w·c]. */
	TFloat32 toInputTensor(FloatBatch batch) {
		long[] shape;
		switch (info.inputRank()) {
			case 4: shape = new long[] { batch.count(), batch.height(), batch.width(), batch.channels() }; break;
			case 3: shape = new long[] { batch.count(), batch.height(), batch.width() }; break;
			default: shape = new long[] { batch.count(), batch.sampleSize() };
		}
		return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(batch.data(), true, false));
	}

	/** One row per target: 1 at the target's class, 0 elsewhere ([N·K]). */
	float[] oneHot(int[] targets) {
		int classes = info.classCount();
		float[] oneHot = new float[targets.length * classes];
		for (int n = 0; n < targets.length; n++) {
			if (targets[n] < 0 || targets[n] >= classes) throw new XaiException("class " + targets[n] + " is not an output of the model in " + info.folder());
			oneHot[n * classes + targets[n]] = 1f;
		}
		return oneHot;
	}

	/** A seed of one value per sample and class, as [N,K]. */
	TFloat32 seedTensor(float[] seed, int count) {
		if (seed.length != count * info.classCount()) throw new IllegalArgumentException("a seed needs " + count * info.classCount() + " values");
		return TFloat32.tensorOf(Shape.of(count, info.classCount()), DataBuffers.of(seed, true, false));
	}

	/** Values as a tensor of rank 1, for a placeholder that reshapes them itself. */
	static TFloat32 flatTensor(float[] values) {
		return TFloat32.tensorOf(Shape.of(values.length), DataBuffers.of(values, true, false));
	}

	/** A float tensor of rank 2 to 4 as a batch: [N,k] as [N,1,1,k], [N,h,w] as [N,h,w,1]. */
	FloatBatch toBatch(Tensor tensor) {
		long[] shape = tensor.shape().asArray();
		float[] values = read(tensor);
		switch (shape.length) {
			case 4: return new FloatBatch((int) shape[0], (int) shape[1], (int) shape[2], (int) shape[3], values);
			case 3: return new FloatBatch((int) shape[0], (int) shape[1], (int) shape[2], 1, values);
			case 2: return new FloatBatch((int) shape[0], 1, 1, (int) shape[1], values);
			default: throw new XaiException("a tensor of shape " + ModelInfo.shapeString(shape) + " of the model in " + info.folder() + " is not an image-like layer");
		}
	}

	/** A float tensor shaped like {@code batch} (e.g. a gradient with respect to the input) as a batch of that shape. */
	static FloatBatch shapedLike(FloatBatch batch, Tensor tensor) {
		return new FloatBatch(batch.count(), batch.height(), batch.width(), batch.channels(), read(tensor));
	}

	/** A float tensor's values, copied. */
	static float[] read(Tensor tensor) {
		TFloat32 values = (TFloat32) tensor;
		float[] copy = new float[(int) values.size()];
		values.copyTo(DataBuffers.of(copy, false, false));
		return copy;
	}
}
