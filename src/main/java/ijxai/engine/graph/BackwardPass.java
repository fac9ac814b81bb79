package ijxai.engine.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.GraphOperationBuilder;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.types.TFloat32;

import ijxai.engine.XaiException;

/**
 * A backward pass over the flat graph, op by op, from a seeded score back to a tensor, with a
 * {@link BackwardRule} per op: TensorFlow's own gradient of that one op unless the rules say
 * otherwise. With only default rules it equals TensorFlow's gradient of the whole graph.
 */
public final class BackwardPass {

	/** The name prefix of every op ij-xai adds to a model's graph (backward passes, score and map ops), which model walks skip. */
	public static final String OWN_OPS = "ijxai_";

	private final Graph graph;
	private final RuleSet rules;
	private final String prefix;
	private final OpRegistry registry = new OpRegistry(Map.of());
	private Map<String, NodeDef> nodes;
	private int steps;

	public BackwardPass(Graph graph, RuleSet rules, String prefix) {
		this.graph = graph;
		this.rules = rules;
		this.prefix = prefix;
	}

	/** What flows back from {@code score} (seeded with {@code seed}) into {@code to}; null when the score does not depend on it. */
	public Output<?> run(Output<TFloat32> score, Output<?> seed, Output<?> to) {
		Set<GraphOperation> between = between(to, score.op() instanceof GraphOperation g ? g : null);
		Map<Output<?>, List<Output<TFloat32>>> flowing = new HashMap<>();
		Output<TFloat32> start = seed.expect(TFloat32.class);
		if (rules.startsWithScore()) start = Ops.create(graph).withSubScope(prefix).math.mul(start, score).asOutput();
		flowing.computeIfAbsent(score, k -> new ArrayList<>()).add(start);
		List<GraphOperation> order = inputsFirst(between, (GraphOperation) score.op());
		Collections.reverse(order);
		order.remove(to.op());
		checkSupported(order);
		for (GraphOperation op : order) backward(op, between, flowing);
		return sum(Ops.create(graph).withSubScope(prefix), flowing.get(to));
	}

	/** Names every op the rules cannot propagate through, before anything is built or run. */
	private void checkSupported(List<GraphOperation> order) {
		List<String> unsupported = new ArrayList<>();
		for (GraphOperation op : order) {
			if (rules.ruleFor(op) == null) unsupported.add(op.type() + " (" + op.name() + ": " + rules.unsupported(op) + ")");
		}
		if (!unsupported.isEmpty()) {
			throw new XaiException(rules.name() + " cannot propagate through " + unsupported.size() + " op(s) of this model: " + String.join(", ", unsupported));
		}
	}

	private void backward(GraphOperation op, Set<GraphOperation> between, Map<Output<?>, List<Output<TFloat32>>> flowing) {
		Ops tf = Ops.create(graph).withSubScope(prefix).withSubScope("step" + steps++);
		@SuppressWarnings("unchecked")
		Output<TFloat32>[] upstream = new Output[op.numOutputs()];
		boolean any = false;
		for (int i = 0; i < upstream.length; i++) {
			upstream[i] = sum(tf, flowing.get(op.output(i)));
			any |= upstream[i] != null;
		}
		if (!any) return;
		boolean[] needed = new boolean[op.numInputs()];
		for (int i = 0; i < needed.length; i++) {
			Output<?> in = op.input(i);
			needed[i] = in.dataType() == DataType.DT_FLOAT && between.contains((GraphOperation) in.op());
		}
		Output<?>[] down = rules.ruleFor(op).backward(new BackwardRule.Step(tf, op, upstream, needed, this));
		for (int i = 0; i < needed.length; i++) {
			if (needed[i] && down[i] != null) flowing.computeIfAbsent(op.input(i), k -> new ArrayList<>()).add(down[i].expect(TFloat32.class));
		}
	}

	/**
	 * TensorFlow's gradient of one op: computed on a copy of the op whose differentiated inputs are
	 * fresh identities, because {@code addGradients} with the op's own inputs would also follow
	 * every path between those inputs (a residual Add would count its skip twice).
	 */
	Output<?>[] tensorflowGradient(Ops tf, GraphOperation op, Output<?>[] upstream, boolean[] needed) {
		Output<?>[] inputs = new Output<?>[op.numInputs()];
		for (int i = 0; i < inputs.length; i++) inputs[i] = op.input(i);
		return gradientOf(tf, op, inputs, upstream, needed);
	}

	/**
	 * TensorFlow's gradient, with respect to the {@code needed} inputs, of a copy of {@code op}
	 * on {@code inputs} (e.g. the op with modified weights), for the given upstream values.
	 */
	Output<?>[] gradientOf(Ops tf, GraphOperation op, Output<?>[] given, Output<?>[] upstream, boolean[] needed) {
		Output<?>[] inputs = new Output<?>[given.length];
		List<Output<?>> standIns = new ArrayList<>();
		for (int i = 0; i < inputs.length; i++) {
			inputs[i] = needed[i] ? tf.identity(given[i]).asOutput() : given[i];
			if (needed[i]) standIns.add(inputs[i]);
		}
		GraphOperation copy = copy(op, inputs, tf.scope().makeOpName("copy"));
		List<Output<?>> ys = new ArrayList<>(), dys = new ArrayList<>();
		for (int i = 0; i < upstream.length; i++) {
			if (upstream[i] == null) continue;
			ys.add(copy.output(i));
			dys.add(upstream[i]);
		}
		Output<?>[] gradients = graph.addGradients(tf.scope().makeOpName("gradient"), ys.toArray(new Output<?>[0]),
			standIns.toArray(new Output<?>[0]), dys.toArray(new Output<?>[0]));
		Output<?>[] down = new Output<?>[inputs.length];
		for (int i = 0, k = 0; i < inputs.length; i++) if (needed[i]) down[i] = gradients[k++];
		return down;
	}

	/**
	 * TensorFlow's gradient of {@code forward} (built on a fresh stand-in of {@code x}) with
	 * respect to {@code x}, for the upstream value {@code dy}.
	 */
	Output<TFloat32> gradientOf(Ops tf, java.util.function.Function<Output<TFloat32>, Output<TFloat32>> forward, Output<TFloat32> x, Output<TFloat32> dy) {
		Output<TFloat32> standIn = tf.identity(x).asOutput();
		Output<?>[] gradient = graph.addGradients(tf.scope().makeOpName("gradient"), new Output<?>[] { forward.apply(standIn) },
			new Output<?>[] { standIn }, new Output<?>[] { dy });
		return gradient[0].expect(TFloat32.class);
	}

	/** The op again, same type and attributes, on other inputs (grouped into the op's list arguments). */
	GraphOperation copy(GraphOperation op, Output<?>[] inputs, String name) {
		if (nodes == null) {
			nodes = new HashMap<>();
			for (NodeDef node : graph.toGraphDef().getNodeList()) nodes.put(node.getName(), node);
		}
		NodeDef node = nodes.get(op.name());
		OpDef opDef = registry.opDef(op.type());
		if (node == null || opDef == null) throw new XaiException("op '" + op.name() + "' (" + op.type() + ") cannot be differentiated on its own");
		GraphOperationBuilder builder = graph.opBuilder(op.type(), name, graph.baseScope());
		int next = 0;
		for (OpDef.ArgDef arg : opDef.getInputArgList()) {
			boolean list = !arg.getNumberAttr().isEmpty() || !arg.getTypeListAttr().isEmpty();
			int length = list ? OpRegistry.argLength(arg, node.getAttrMap()) : 1;
			if (list) {
				Output<?>[] group = new Output<?>[length];
				System.arraycopy(inputs, next, group, 0, length);
				builder.addInputList(group);
			}
			else {
				builder.addInput(inputs[next]);
			}
			next += length;
		}
		for (Map.Entry<String, AttrValue> attr : node.getAttrMap().entrySet()) builder.setAttr(attr.getKey(), attr.getValue());
		return builder.build();
	}

	/** The ops on float paths from {@code to} forward to the score's op. */
	private static Set<GraphOperation> between(Output<?> to, GraphOperation scoreOp) {
		Set<GraphOperation> forward = new HashSet<>();
		Deque<GraphOperation> queue = new ArrayDeque<>();
		forward.add((GraphOperation) to.op());
		for (GraphOperation consumer : ((GraphOperation) to.op()).consumers(to.index())) if (forward.add(consumer)) queue.add(consumer);
		while (!queue.isEmpty()) {
			GraphOperation op = queue.poll();
			for (int i = 0; i < op.numOutputs(); i++) {
				if (op.output(i).dataType() != DataType.DT_FLOAT) continue;
				for (GraphOperation consumer : op.consumers(i)) if (forward.add(consumer)) queue.add(consumer);
			}
		}
		Set<GraphOperation> between = new HashSet<>();
		if (scoreOp == null || !forward.contains(scoreOp)) return between;
		between.add(scoreOp);
		queue.add(scoreOp);
		while (!queue.isEmpty()) {
			GraphOperation op = queue.poll();
			if (op.equals(to.op())) continue;
			for (int i = 0; i < op.numInputs(); i++) {
				GraphOperation producer = (GraphOperation) op.input(i).op();
				if (op.input(i).dataType() == DataType.DT_FLOAT && forward.contains(producer) && between.add(producer)) queue.add(producer);
			}
		}
		return between;
	}

	/** The ops of {@code between} in an order where every op comes after the ops it reads. */
	private static List<GraphOperation> inputsFirst(Set<GraphOperation> between, GraphOperation last) {
		List<GraphOperation> order = new ArrayList<>();
		Set<GraphOperation> visited = new HashSet<>();
		Deque<Map.Entry<GraphOperation, Integer>> stack = new ArrayDeque<>();
		if (!between.contains(last)) return order;
		stack.push(Map.entry(last, 0));
		visited.add(last);
		// iterative depth-first search: deep models would overflow the call stack
		while (!stack.isEmpty()) {
			Map.Entry<GraphOperation, Integer> top = stack.pop();
			GraphOperation op = top.getKey();
			int i = top.getValue();
			if (i < op.numInputs()) {
				stack.push(Map.entry(op, i + 1));
				GraphOperation producer = (GraphOperation) op.input(i).op();
				if (between.contains(producer) && visited.add(producer)) stack.push(Map.entry(producer, 0));
			}
			else {
				order.add(op);
			}
		}
		return order;
	}

	private static Output<TFloat32> sum(Ops tf, List<Output<TFloat32>> parts) {
		if (parts == null || parts.isEmpty()) return null;
		if (parts.size() == 1) return parts.get(0);
		return tf.math.addN(new ArrayList<Operand<TFloat32>>(parts)).asOutput();
	}
}
