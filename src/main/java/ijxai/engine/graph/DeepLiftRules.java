package ijxai.engine.graph;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * DeepLIFT's rescale rule (Shrikumar et al. 2017) as backward rules, as Captum's {@code DeepLift}
 * applies it. The batch holds the images in its first half and their baselines in its second (row
 * n + N is the baseline of row n), so every op's forward values give Δx = x − x₀ and Δy = f(x) − f(x₀)
 * of its image and baseline. Both halves carry the same multiplier: what reaches the input is the
 * DeepLIFT multiplier, and (x − x₀) times it sums to S(x) − S(x₀). Ops without a rule (convolution,
 * matrix product, bias, addition, reshape, average pooling, frozen batch normalization) are linear and
 * pass TensorFlow's gradient. So does any other op: a nonlinearity without a rule here (e.g. a Mul of two
 * activations) breaks summation-to-delta, as a module Captum does not know does there.
 */
public final class DeepLiftRules {

	/** Below this |Δx| the multiplier is TensorFlow's gradient (Captum's default {@code eps}). */
	static final float EPSILON = 1e-10f;

	/** Element-wise nonlinearities: upstream · Δy/Δx. */
	private static final List<String> ELEMENTWISE = List.of("Relu", "Relu6", "Elu", "Selu", "LeakyRelu", "Softplus", "Softsign", "Sigmoid", "Tanh");

	/** The rescale rule on every nonlinearity, Captum's max-pooling and softmax rules. */
	public static final BackwardRules RESCALE = new BackwardRules("DeepLIFT", rules(), Map.of());

	private DeepLiftRules() {}

	private static Map<String, BackwardRule> rules() {
		Map<String, BackwardRule> rules = new HashMap<>();
		for (String type : ELEMENTWISE) rules.put(type, step -> new Output<?>[] { rescaled(step) });
		rules.put("Softmax", DeepLiftRules::softmax);
		for (String type : List.of("MaxPool", "MaxPoolV2", "MaxPool3D")) rules.put(type, DeepLiftRules::maxPool);
		return Map.copyOf(rules);
	}

	/** upstream · Δy/Δx, the gradient where Δx is tiny. */
	private static Output<TFloat32> rescaled(BackwardRule.Step step) {
		Ops tf = step.tf();
		Output<TFloat32> difference = change(tf, step.input(0));
		return orGradient(step, difference, tf.math.mul(step.upstream(0), tf.math.div(change(tf, step.op().output(0).expect(TFloat32.class)), difference)));
	}

	/** Captum's softmax rule: the rescaled values less their mean over the whole batch. */
	private static Output<?>[] softmax(BackwardRule.Step step) {
		Ops tf = step.tf();
		Output<TFloat32> rescaled = rescaled(step);
		Operand<TFloat32> mean = tf.math.mean(rescaled, tf.range(tf.constant(0), tf.rank(rescaled), tf.constant(1)));
		return new Output<?>[] { tf.math.sub(rescaled, mean).asOutput() };
	}

	/**
	 * Captum's max-pooling rule. With m = max(y, y₀) per window, the image's arg-max receives
	 * upstream · (m − y₀) and the baseline's arg-max upstream · (y − m), which together are
	 * upstream · Δy; per input value their sum, divided by Δx, is the multiplier.
	 */
	private static Output<?>[] maxPool(BackwardRule.Step step) {
		Ops tf = step.tf();
		List<Output<TFloat32>> pooled = halves(tf, step.op().output(0).expect(TFloat32.class)), upstream = halves(tf, step.upstream(0));
		Operand<TFloat32> larger = tf.math.maximum(pooled.get(0), pooled.get(1));
		Output<TFloat32> routed = tf.concat(List.of(tf.math.mul(upstream.get(0), tf.math.sub(larger, pooled.get(1))),
			tf.math.mul(upstream.get(1), tf.math.sub(pooled.get(0), larger))), tf.constant(0)).asOutput();
		Output<?>[] inputs = new Output<?>[step.op().numInputs()];
		for (int i = 0; i < inputs.length; i++) inputs[i] = step.op().input(i);
		List<Output<TFloat32>> unpooled = halves(tf, step.gradientOf(inputs, new Output<?>[] { routed })[0].expect(TFloat32.class));
		Operand<TFloat32> sum = tf.math.add(unpooled.get(0), unpooled.get(1));
		Output<TFloat32> difference = change(tf, step.input(0));
		return new Output<?>[] { orGradient(step, difference, tf.math.div(tf.concat(List.of(sum, sum), tf.constant(0)), difference)) };
	}

	/** {@code multiplied} where |Δx| ≥ {@link #EPSILON}, TensorFlow's gradient of the op elsewhere. */
	private static Output<TFloat32> orGradient(BackwardRule.Step step, Output<TFloat32> difference, Operand<TFloat32> multiplied) {
		Ops tf = step.tf();
		Output<TFloat32> gradient = step.tensorflow()[0].expect(TFloat32.class);
		return tf.select(tf.math.less(tf.math.abs(difference), tf.constant(EPSILON)), gradient, multiplied).asOutput();
	}

	/** The image's value less its baseline's, for both halves of the batch. */
	private static Output<TFloat32> change(Ops tf, Output<TFloat32> values) {
		List<Output<TFloat32>> parts = halves(tf, values);
		Operand<TFloat32> difference = tf.math.sub(parts.get(0), parts.get(1));
		return tf.concat(List.of(difference, difference), tf.constant(0)).asOutput();
	}

	/** The images' half of a batch and the baselines' half. */
	private static List<Output<TFloat32>> halves(Ops tf, Output<TFloat32> values) {
		return tf.split(tf.constant(0), values, 2L).output();
	}
}
