package ijxai.engine.lrp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

import ijxai.engine.graph.BackwardPass;
import ijxai.engine.graph.BackwardRule;

/**
 * A linear layer as LRP sees it: a linear op (Conv2D, DepthwiseConv2dNative, MatMul) and the
 * per-channel affine ops that follow it alone (BiasAdd, an added or subtracted constant, and, when
 * folded, an inference BatchNorm or a multiplication by a constant, which is how Keras 3 writes
 * BatchNorm). The canonizer folds those into one weight W' and bias b', so that a rule sees the
 * whole layer: BN(W·x + b) = (s·W)·x + (s·b + β − s·μ), s = γ / √(σ² + ε).
 */
final class LinearUnit {

	static final Set<String> LINEAR_OPS = Set.of("Conv2D", "DepthwiseConv2dNative", "MatMul");
	private static final Set<String> BATCH_NORMS = Set.of("FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3");
	/** Ops that may stand between a linear op and the end of its unit. */
	private static final Set<String> FOLLOWERS = Set.of("Identity", "BiasAdd", "Add", "AddV2", "Sub", "Mul", "FusedBatchNorm", "FusedBatchNormV2",
		"FusedBatchNormV3");

	final GraphOperation linear;
	final List<GraphOperation> followers;

	private LinearUnit(GraphOperation linear, List<GraphOperation> followers) {
		this.linear = linear;
		this.followers = followers;
	}

	/** The unit of a linear op: the affine ops that alone consume its output, one after the other. */
	static LinearUnit of(GraphOperation linear, boolean foldBatchNorm) {
		List<GraphOperation> followers = new ArrayList<>();
		Output<?> t = linear.output(0);
		while (true) {
			// ops ij-xai added (gradients, earlier backward passes) also read these tensors: only the model's own count
			List<GraphOperation> consumers = ((GraphOperation) t.op()).consumers(t.index()).stream()
				.filter(op -> !op.name().startsWith(BackwardPass.OWN_OPS)).toList();
			if (consumers.size() != 1) break;
			GraphOperation next = consumers.get(0);
			long channels = linear.output(0).shape().numDimensions() > 0 ? linear.output(0).shape().get(-1) : -1;
			Output<?> other = next.numInputs() == 2 ? next.input(next.input(0).equals(t) ? 1 : 0) : null;
			boolean affine = switch (next.type()) {
				case "Identity" -> true;
				case "BiasAdd" -> next.input(0).equals(t);
				case "Add", "AddV2" -> perChannelConstant(other, channels);
				case "Sub" -> next.input(0).equals(t) && perChannelConstant(other, channels);
				case "Mul" -> foldBatchNorm && perChannelConstant(other, channels);
				default -> foldBatchNorm && BATCH_NORMS.contains(next.type()) && next.input(0).equals(t) && !next.attributes().getAttrBool("is_training");
			};
			if (!affine) break;
			followers.add(next);
			t = next.output(0);
		}
		return new LinearUnit(linear, followers);
	}

	/** The linear op whose unit absorbs this affine op, or null. */
	static GraphOperation owner(GraphOperation op, boolean foldBatchNorm) {
		GraphOperation at = op;
		while (!LINEAR_OPS.contains(at.type())) {
			if (at.numInputs() == 0) return null;
			// an added constant may stand first: follow the input that carries the layer's values
			at = (GraphOperation) (at.numInputs() > 1 && isConstant(at.input(0)) ? at.input(1) : at.input(0)).op();
			if (!LINEAR_OPS.contains(at.type()) && !FOLLOWERS.contains(at.type())) return null;
		}
		return of(at, foldBatchNorm).followers.contains(op) ? at : null;
	}

	/** A constant with one value, or one per channel (shape [K] or [1,…,1,K]). */
	private static boolean perChannelConstant(Output<?> tensor, long channels) {
		if (tensor == null || !isConstant(tensor) || tensor.shape().isUnknown() || tensor.shape().hasUnknownDimension()) return false;
		long size = tensor.shape().size();
		return size == 1 || size == channels && tensor.shape().get(-1) == channels;
	}

	/** True when a tensor does not depend on the model input: computed from frozen constants only (e.g. Keras 3's BatchNorm scale). */
	static boolean isConstant(Output<?> tensor) {
		Deque<GraphOperation> queue = new ArrayDeque<>(List.of((GraphOperation) tensor.op()));
		Set<GraphOperation> seen = new HashSet<>();
		while (!queue.isEmpty()) {
			GraphOperation op = queue.poll();
			if (!seen.add(op)) continue;
			if (op.numInputs() == 0 && !op.type().equals("Const")) return false;
			for (int i = 0; i < op.numInputs(); i++) queue.add((GraphOperation) op.input(i).op());
		}
		return true;
	}

	/** Why this unit cannot be handled, or null. */
	String problem() {
		if (!isConstant(linear.input(1))) return "its weights are not constant";
		if (!linear.type().equals("MatMul") && !"NHWC".equals(linear.attributes().getAttrString("data_format"))) return "it is not in NHWC layout";
		if (linear.type().equals("MatMul") && (linear.attributes().getAttrBool("transpose_a") || linear.attributes().getAttrBool("transpose_b"))) {
			return "it multiplies transposed matrices";
		}
		return null;
	}

	/** Folded weight and bias (the bias is null when the layer has none). */
	record Folded(Operand<TFloat32> weight, Operand<TFloat32> bias) {}

	Folded fold(Ops tf) {
		Operand<TFloat32> scale = null, bias = null;
		for (GraphOperation op : followers) {
			if (op.type().equals("Identity")) continue;
			if (BATCH_NORMS.contains(op.type())) {
				float epsilon = op.attributes().getAttrFloat("epsilon");
				Operand<TFloat32> s = tf.math.mul(op.input(1).expect(TFloat32.class),
					tf.math.rsqrt(tf.math.add(op.input(4).expect(TFloat32.class), tf.constant(epsilon))));
				Operand<TFloat32> shift = tf.math.sub(op.input(2).expect(TFloat32.class), tf.math.mul(op.input(3).expect(TFloat32.class), s));
				scale = scale == null ? s : tf.math.mul(scale, s);
				bias = bias == null ? shift : tf.math.add(tf.math.mul(bias, s), shift);
			}
			else {
				Output<?> constant = op.type().equals("BiasAdd") || isConstant(op.input(1)) ? op.input(1) : op.input(0);
				// as a vector of one value per channel, so that it folds into the weights' last axis
				Operand<TFloat32> c = tf.math.mul(tf.reshape(constant.expect(TFloat32.class), tf.constant(new int[] { -1 })), tf.onesLike(channelVector(tf)));
				switch (op.type()) {
					case "Mul":
						scale = scale == null ? c : tf.math.mul(scale, c);
						if (bias != null) bias = tf.math.mul(bias, c);
						break;
					case "Sub":
						bias = bias == null ? tf.math.neg(c) : tf.math.sub(bias, c);
						break;
					default:
						bias = bias == null ? c : tf.math.add(bias, c);
				}
			}
		}
		Operand<TFloat32> weight = linear.input(1).expect(TFloat32.class);
		if (scale != null) {
			if (linear.type().equals("DepthwiseConv2dNative")) {
				long[] shape = linear.input(1).shape().asArray();
				scale = tf.reshape(scale, tf.constant(new long[] { shape[2], shape[3] }));
			}
			weight = tf.math.mul(weight, scale);
		}
		return new Folded(weight, bias);
	}

	/** Zeros, one per output channel of the linear op. */
	private Operand<TFloat32> channelVector(Ops tf) {
		return tf.zeros(tf.constant(new long[] { linear.output(0).shape().get(-1) }), TFloat32.class);
	}

	/**
	 * The relevance of the layer input for relevance {@code relevance} of the unit's output, by
	 * {@code rule}; {@code low}/{@code high} bound the input for z^B.
	 */
	Output<TFloat32> relevance(BackwardRule.Step step, LrpRule rule, Output<TFloat32> relevance, double low, double high) {
		Ops tf = step.tf();
		Folded folded = fold(tf);
		Output<TFloat32> x = linear.input(0).expect(TFloat32.class);
		Operand<TFloat32> total = null;
		for (LrpRule.Group group : rule.groups()) {
			List<Operand<TFloat32>> inputs = new ArrayList<>(), weights = new ArrayList<>();
			Operand<TFloat32> z = null;
			for (LrpRule.Term term : group.terms()) {
				Operand<TFloat32> in = input(tf, term.input(), x, low, high);
				Operand<TFloat32> w = parameters(tf, term.parameters(), folded.weight());
				GraphOperation forward = step.copy(new Output<?>[] { in.asOutput(), w.asOutput() });
				Operand<TFloat32> out = forward.output(0).expect(TFloat32.class);
				if (rule.bias() && folded.bias() != null && term.input() != LrpRule.Input.NEGATIVE) {
					out = tf.math.add(out, parameters(tf, term.parameters(), folded.bias()));
				}
				Operand<TFloat32> signed = term.sign() == 1 ? out : tf.math.mul(out, tf.constant((float) term.sign()));
				z = z == null ? signed : tf.math.add(z, signed);
				inputs.add(in);
				weights.add(w);
			}
			Operand<TFloat32> quotient = tf.math.mul(tf.math.div(relevance, stabilize(tf, z, rule.stabilizer())), tf.constant((float) group.weight()));
			if (group.gate() != LrpRule.Gate.ALL) quotient = tf.math.mul(quotient, gate(step, tf, folded, x, group.gate()));
			for (int i = 0; i < inputs.size(); i++) {
				LrpRule.Term term = group.terms().get(i);
				Operand<TFloat32> upstream = term.sign() == 1 ? quotient : tf.math.mul(quotient, tf.constant((float) term.sign()));
				Output<?> back = step.gradientOf(new Output<?>[] { inputs.get(i).asOutput(), weights.get(i).asOutput() }, new Output<?>[] { upstream.asOutput() })[0];
				Operand<TFloat32> contribution = tf.math.mul(inputs.get(i), back.expect(TFloat32.class));
				total = total == null ? contribution : tf.math.add(total, contribution);
			}
		}
		return total.asOutput();
	}

	/** 1 where the layer's unmodified output z = W'x + b' has the gate's sign, else 0. */
	private static Operand<TFloat32> gate(BackwardRule.Step step, Ops tf, Folded folded, Output<TFloat32> x, LrpRule.Gate gate) {
		Operand<TFloat32> z = step.copy(new Output<?>[] { x, folded.weight().asOutput() }).output(0).expect(TFloat32.class);
		if (folded.bias() != null) z = tf.math.add(z, folded.bias());
		Operand<org.tensorflow.types.TBool> open = gate == LrpRule.Gate.POSITIVE_OUTPUT ? tf.math.greater(z, tf.constant(0f)) : tf.math.less(z, tf.constant(0f));
		return tf.dtypes.cast(open, TFloat32.class);
	}

	/** z + ε·sign(z), with sign(0) = 1, as Zennit stabilizes. */
	static Operand<TFloat32> stabilize(Ops tf, Operand<TFloat32> z, double epsilon) {
		Operand<TFloat32> sign = tf.math.sub(tf.dtypes.cast(tf.math.greaterEqual(z, tf.constant(0f)), TFloat32.class), tf.dtypes.cast(tf.math.less(z, tf.constant(0f)), TFloat32.class));
		return tf.math.add(z, tf.math.mul(sign, tf.constant((float) epsilon)));
	}

	private static Operand<TFloat32> input(Ops tf, LrpRule.Input kind, Output<TFloat32> x, double low, double high) {
		switch (kind) {
			case POSITIVE: return tf.math.maximum(x, tf.constant(0f));
			case NEGATIVE: return tf.math.minimum(x, tf.constant(0f));
			case ONES: return tf.onesLike(x);
			case LOW: return tf.math.mul(tf.onesLike(x), tf.constant((float) low));
			case HIGH: return tf.math.mul(tf.onesLike(x), tf.constant((float) high));
			default: return x;
		}
	}

	private static Operand<TFloat32> parameters(Ops tf, LrpRule.Parameters p, Operand<TFloat32> w) {
		if (p.ones()) return tf.onesLike(w);
		if (p.square()) return tf.math.square(w);
		Operand<TFloat32> result = null;
		if (p.identity() != 0) result = scaled(tf, w, p.identity());
		if (p.positive() != 0) result = plus(tf, result, scaled(tf, tf.math.maximum(w, tf.constant(0f)), p.positive()));
		if (p.negative() != 0) result = plus(tf, result, scaled(tf, tf.math.minimum(w, tf.constant(0f)), p.negative()));
		return result;
	}

	private static Operand<TFloat32> scaled(Ops tf, Operand<TFloat32> w, double factor) {
		return factor == 1 ? w : tf.math.mul(w, tf.constant((float) factor));
	}

	private static Operand<TFloat32> plus(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
		return a == null ? b : tf.math.add(a, b);
	}

}
