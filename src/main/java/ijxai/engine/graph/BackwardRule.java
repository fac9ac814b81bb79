package ijxai.engine.graph;

import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * How a gradient (or relevance) flows back through one op of the model: from the values coming
 * back into its outputs to values for its inputs. The default is TensorFlow's own gradient of the
 * op; guided backpropagation, deconvnet and LRP replace it for some ops.
 */
@FunctionalInterface
public interface BackwardRule {

	/**
	 * What flows back through one op.
	 *
	 * @param tf where to build the backward ops
	 * @param op the forward op (its inputs are the forward values)
	 * @param upstream per op output, what flows back into it (null: nothing)
	 * @param needed per op input, whether a value for it is wanted
	 * @param pass the backward pass, which builds TensorFlow's gradients of single ops
	 */
	record Step(Ops tf, GraphOperation op, Output<TFloat32>[] upstream, boolean[] needed, BackwardPass pass) {

		/** TensorFlow's own gradient of the op for the upstream values. */
		public Output<?>[] tensorflow() {
			return pass.tensorflowGradient(tf, op, upstream, needed);
		}

		/** TensorFlow's gradient of the op computed on other inputs (e.g. modified weights), for other upstream values. */
		public Output<?>[] gradientOf(Output<?>[] inputs, Output<?>[] upstreamValues) {
			return pass.gradientOf(tf, op, inputs, upstreamValues, needed);
		}

		/** TensorFlow's gradient of any function of a tensor, for an upstream value. */
		public Output<TFloat32> gradientOf(java.util.function.Function<Output<TFloat32>, Output<TFloat32>> forward, Output<TFloat32> x, Output<TFloat32> dy) {
			return pass.gradientOf(tf, forward, x, dy);
		}

		/** The op computed again on other inputs. */
		public GraphOperation copy(Output<?>[] inputs) {
			return pass.copy(op, inputs, tf.scope().makeOpName("forward"));
		}

		/** The upstream value of output {@code index}, which must be present. */
		public Output<TFloat32> upstream(int index) {
			return upstream[index];
		}

		/** The forward value of input {@code index}. */
		public Output<TFloat32> input(int index) {
			return op.input(index).expect(TFloat32.class);
		}
	}

	/** One value per op input; null where nothing flows back. */
	Output<?>[] backward(Step step);

	/** TensorFlow's own gradient of the op. */
	BackwardRule TENSORFLOW = Step::tensorflow;
}
