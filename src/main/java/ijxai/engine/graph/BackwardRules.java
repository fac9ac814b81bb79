package ijxai.engine.graph;

import java.util.Map;

import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A set of backward rules as data: by op type and by Keras layer name (a layer name wins over an
 * op type); every other op uses TensorFlow's own gradient. Two sets with the same name and rules
 * are equal, so the backward graph built for one is reused.
 *
 * @param name what the set is called in messages
 * @param byOpType rules for op types, e.g. "Relu"
 * @param byLayer rules for the ops of a Keras layer, by the layer's name
 */
public record BackwardRules(String name, Map<String, BackwardRule> byOpType, Map<String, BackwardRule> byLayer) implements RuleSet {

	/** Guided backpropagation (Springenberg et al.): through a ReLU only positive gradient flows, and only where the input was positive. */
	public static final BackwardRules GUIDED_BACKPROP = reluRules("guided backpropagation", true);

	/** Deconvnet (Zeiler & Fergus): through a ReLU the positive part of the gradient flows, whatever the input was. */
	public static final BackwardRules DECONVNET = reluRules("deconvnet", false);

	@Override
	public BackwardRule ruleFor(GraphOperation op) {
		for (Map.Entry<String, BackwardRule> layer : byLayer.entrySet()) if (inLayer(op, layer.getKey())) return layer.getValue();
		return byOpType.getOrDefault(op.type(), BackwardRule.TENSORFLOW);
	}

	/** True when an op belongs to the Keras layer of that name (a segment of its scope). */
	public static boolean inLayer(GraphOperation op, String layer) {
		return op.name().startsWith(layer + "/") || op.name().contains("/" + layer + "/");
	}

	private static BackwardRules reluRules(String name, boolean guided) {
		return new BackwardRules(name, Map.of("Relu", reluRule(guided, Float.NaN), "Relu6", reluRule(guided, 6f)), Map.of());
	}

	/** relu(upstream), masked by where the forward input was inside (0, cap) for guided backpropagation. */
	private static BackwardRule reluRule(boolean guided, float cap) {
		return step -> {
			Ops tf = step.tf();
			Output<TFloat32> positive = tf.nn.relu(step.upstream(0)).asOutput();
			if (!guided) return new Output<?>[] { positive };
			Output<TFloat32> x = step.input(0);
			Output<TFloat32> mask = tf.dtypes.cast(tf.math.greater(x, tf.constant(0f)), TFloat32.class).asOutput();
			if (!Float.isNaN(cap)) mask = tf.math.mul(mask, tf.dtypes.cast(tf.math.less(x, tf.constant(cap)), TFloat32.class)).asOutput();
			return new Output<?>[] { tf.math.mul(positive, mask).asOutput() };
		};
	}
}
