package ijxai.engine.attribution;

import org.tensorflow.Operand;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import ijxai.engine.model.LoadedModel;

/**
 * Grad-CAM++ (Chattopadhyay et al. 2018), the closed form with first-order gradients of exp(S):
 * α = g² / (2g² + Σ_ab A_ab g³) (0 where that is 0), w_k = Σ_ij α_ij relu(g_ij). The factor
 * exp(S) cancels in α and would only scale the map, so it is left out.
 */
public final class GradCamPlusPlus extends CamMethod {

	private static final LoadedModel.CamWeights CLOSED_FORM = (tf, activations, gradient) -> {
		Operand<TInt32> spatial = tf.constant(new int[] { 1, 2 });
		Operand<TFloat32> activationSums = tf.reduceSum(activations, spatial, ReduceSum.keepDims(true));
		Operand<TFloat32> squared = tf.math.mul(gradient, gradient);
		Operand<TFloat32> denominator = tf.math.add(tf.math.mul(tf.constant(2f), squared), tf.math.mul(activationSums, tf.math.mul(squared, gradient)));
		return tf.reduceSum(tf.math.mul(tf.math.divNoNan(squared, denominator), tf.nn.relu(gradient)), spatial);
	};

	@Override public String name() { return "gradcam++"; }

	@Override public String title() { return "Grad-CAM++"; }

	@Override
	protected LoadedModel.CamWeights weights() {
		return CLOSED_FORM;
	}
}
