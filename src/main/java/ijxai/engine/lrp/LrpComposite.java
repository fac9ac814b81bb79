package ijxai.engine.lrp;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

import ijxai.engine.graph.BackwardRule;
import ijxai.engine.graph.BackwardRules;
import ijxai.engine.graph.RuleSet;

/**
 * LRP rules mapped to the layers of a model (a composite), as data: a rule for convolutions, one
 * for dense layers, one for the first layer (the one reading the input), and rules by Keras layer
 * name, which win. Activations pass relevance on unchanged; pooling, additions and reshaping route
 * it (max pooling winner-take-all or in proportion to the activations; a global maximum goes to its winner); BatchNorm and other
 * per-channel affine ops are folded into the linear layer before them; elsewhere they pass
 * relevance on (as in Zennit), or, with {@code foldBatchNorm} false, are linear layers of their own.
 *
 * @param name the preset, or the rule given for every layer, for messages and labels
 * @param low the smallest input value, for z^B
 * @param high the largest input value, for z^B
 * @param sumStabilizer ε of the proportional split at sums and pooling (Zennit's Norm rule: 1e-6)
 */
public record LrpComposite(String name, LrpRule conv, LrpRule dense, LrpRule first, Map<String, LrpRule> byLayer, boolean maxPoolProportional,
	boolean foldBatchNorm, double low, double high, double sumStabilizer) implements RuleSet {

	/** The same composite with these per-layer rules. */
	public LrpComposite withLayerRules(Map<String, LrpRule> rules) {
		return new LrpComposite(name, conv, dense, first, rules, maxPoolProportional, foldBatchNorm, low, high, sumStabilizer);
	}

	/** Element-wise activations: relevance passes through unchanged. */
	static final Set<String> ACTIVATIONS = Set.of("Relu", "Relu6", "LeakyRelu", "Elu", "Selu", "Softplus", "Softsign", "Sigmoid", "Tanh",
		"Gelu", "Swish");
	/** Ops that only move values around: TensorFlow's gradient routes relevance exactly. */
	static final Set<String> ROUTING = Set.of("Identity", "Reshape", "Squeeze", "ExpandDims", "Transpose", "ConcatV2", "Concat", "Pad", "PadV2",
		"MirrorPad", "Slice", "StridedSlice", "Split", "SplitV", "Pack", "Unpack", "Tile", "BroadcastTo", "DepthToSpace", "SpaceToDepth",
		"ResizeNearestNeighbor", "MaxPool", "MaxPoolV2", "MaxPool3D", "Max");
	/** Linear ops without weights, and affine ops outside a linear layer: relevance in proportion to each input's contribution. */
	static final Set<String> PROPORTIONAL = Set.of("AvgPool", "Mean", "Sum", "Add", "AddV2", "AddN", "BiasAdd", "FusedBatchNorm", "FusedBatchNormV2",
		"FusedBatchNormV3", "Mul", "RealDiv", "Sub", "ResizeBilinear");

	/** Relevance passes through unchanged, to the input that carries the values (not a constant operand). */
	private static final BackwardRule PASS = step -> {
		Output<?>[] down = new Output<?>[step.op().numInputs()];
		for (int i = 0; i < down.length; i++) {
			if (step.needed()[i]) {
				down[i] = step.upstream(0);
				break;
			}
		}
		return down;
	};
	/** Element-wise affine ops: with a constant operand (or as BatchNorm) they scale and shift each channel. */
	private static final Set<String> ELEMENTWISE_AFFINE = Set.of("BiasAdd", "Add", "AddV2", "Sub", "Mul", "RealDiv", "FusedBatchNorm",
		"FusedBatchNormV2", "FusedBatchNormV3");

	@Override
	public boolean startsWithScore() {
		return true;
	}

	@Override
	public BackwardRule ruleFor(GraphOperation op) {
		String type = op.type();
		if (LinearUnit.LINEAR_OPS.contains(type)) {
			LinearUnit unit = LinearUnit.of(op, foldBatchNorm);
			if (unit.problem() != null) return null;
			LrpRule rule = ruleForLayer(op, unit);
			return step -> new Output<?>[] { unit.relevance(step, rule, step.upstream(0), low, high), null };
		}
		if (ACTIVATIONS.contains(type)) return PASS;
		if (type.startsWith("MaxPool") && maxPoolProportional) return step -> proportionalMaxPool(step, sumStabilizer);
		if (ROUTING.contains(type)) return BackwardRule.TENSORFLOW;
		if (PROPORTIONAL.contains(type)) {
			if (LinearUnit.owner(op, foldBatchNorm) != null) return PASS;
			boolean affine = ELEMENTWISE_AFFINE.contains(type) && (anyConstant(op) || type.startsWith("FusedBatchNorm"));
			if (!affine && (type.equals("Mul") || type.equals("RealDiv") || type.equals("Sub"))) return null;
			// an affine op outside a linear layer (BatchNorm after an activation, rescaling) passes relevance on, as in
			// Zennit; as a layer of its own (batchnorm=layer) it takes its share
			if (affine && foldBatchNorm) return PASS;
			return step -> proportional(step, sumStabilizer);
		}
		return null;
	}

	@Override
	public String unsupported(GraphOperation op) {
		if (LinearUnit.LINEAR_OPS.contains(op.type())) {
			String problem = LinearUnit.of(op, foldBatchNorm).problem();
			if (problem != null) return problem;
		}
		return RuleSet.super.unsupported(op);
	}

	private LrpRule ruleForLayer(GraphOperation op, LinearUnit unit) {
		for (Map.Entry<String, LrpRule> layer : byLayer.entrySet()) if (BackwardRules.inLayer(op, layer.getKey())) return layer.getValue();
		if (first != null && readsInput(op)) return first;
		return op.type().equals("MatMul") ? dense : conv;
	}

	/** True when the op's input comes from the model input without passing another linear layer. */
	private static boolean readsInput(GraphOperation linear) {
		Deque<GraphOperation> queue = new ArrayDeque<>();
		Set<GraphOperation> seen = new HashSet<>();
		queue.add((GraphOperation) linear.input(0).op());
		while (!queue.isEmpty()) {
			GraphOperation op = queue.poll();
			if (!seen.add(op) || LinearUnit.LINEAR_OPS.contains(op.type()) || op.type().equals("Const")) continue;
			if (op.type().equals("Placeholder") || op.type().equals("PlaceholderWithDefault")) return true;
			for (int i = 0; i < op.numInputs(); i++) {
				if (op.input(i).dataType() == org.tensorflow.proto.DataType.DT_FLOAT) queue.add((GraphOperation) op.input(i).op());
			}
		}
		return false;
	}

	private static boolean anyConstant(GraphOperation op) {
		for (int i = 0; i < op.numInputs(); i++) if (LinearUnit.isConstant(op.input(i))) return true;
		return false;
	}

	/** R_i = x_i ⊙ ∂z/∂x_i ᵀ (R / z): each input keeps the share it contributed (a sum splits in proportion to its terms). */
	private static Output<?>[] proportional(BackwardRule.Step step, double stabilizer) {
		Ops tf = step.tf();
		Output<TFloat32> z = step.op().output(0).expect(TFloat32.class);
		Operand<TFloat32> quotient = tf.math.div(step.upstream(0), LinearUnit.stabilize(tf, z, stabilizer));
		Output<?>[] inputs = new Output<?>[step.op().numInputs()];
		for (int i = 0; i < inputs.length; i++) inputs[i] = step.op().input(i);
		@SuppressWarnings("unchecked")
		Output<TFloat32>[] upstream = new Output[step.op().numOutputs()];
		upstream[0] = quotient.asOutput();
		Output<?>[] back = step.gradientOf(inputs, upstream);
		Output<?>[] relevance = new Output<?>[inputs.length];
		for (int i = 0; i < inputs.length; i++) {
			if (step.needed()[i] && back[i] != null) relevance[i] = tf.math.mul(step.input(i), back[i].expect(TFloat32.class)).asOutput();
		}
		return relevance;
	}

	/** Max pooling in proportion to the activations in each window: R_x = x ⊙ avgpoolᵀ(R / avgpool(x)). */
	private static Output<?>[] proportionalMaxPool(BackwardRule.Step step, double stabilizer) {
		Ops tf = step.tf();
		GraphOperation op = step.op();
		long[] ksize = op.attributes().getAttrIntList("ksize"), strides = op.attributes().getAttrIntList("strides");
		String padding = op.attributes().getAttrString("padding");
		java.util.List<Long> k = java.util.Arrays.stream(ksize).boxed().toList(), s = java.util.Arrays.stream(strides).boxed().toList();
		Output<TFloat32> x = step.input(0);
		Operand<TFloat32> mean = tf.nn.avgPool(x, k, s, padding);
		Operand<TFloat32> quotient = tf.math.div(step.upstream(0), LinearUnit.stabilize(tf, mean, stabilizer));
		Output<TFloat32> back = step.gradientOf(in -> tf.nn.avgPool(in, k, s, padding).asOutput(), x, quotient.asOutput());
		return new Output<?>[] { tf.math.mul(x, back).asOutput() };
	}
}
