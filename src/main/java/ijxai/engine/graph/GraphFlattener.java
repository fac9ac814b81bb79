package ijxai.engine.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

import ijxai.engine.XaiException;

/**
 * Turns a SavedModel graph into one graph of primitive ops, so that TensorFlow's C++ gradient
 * registry can differentiate it: function calls ({@code StatefulPartitionedCall}, direct calls,
 * {@code If} with a constant predicate) are inlined recursively under the call's name, TF1
 * {@code Switch}/{@code Merge} with a constant predicate collapse to the branch taken,
 * {@code ReadVariableOp} of a variable becomes an {@code Identity} so that variables can be
 * frozen to constants afterwards ({@link #freeze}), and {@code IdentityN} forwards its inputs (the
 * gradient is then that of the ops it wraps).
 * <p>
 * Only what the requested tensors depend on through data edges is emitted. Control edges are
 * dropped: in a frozen inference graph they only order stateful ops (variable reads, asserts).
 */
public final class GraphFlattener {

	private static final String DEAD = "\u0000dead";
	private static final Set<String> CALL_OPS = Set.of("PartitionedCall", "StatefulPartitionedCall");
	public static final Set<String> IF_OPS = Set.of("If", "StatelessIf");
	private static final Set<String> SWITCH_OPS = Set.of("Switch", "RefSwitch");
	private static final Set<String> MERGE_OPS = Set.of("Merge", "RefMerge");
	private static final Set<String> CONTROL_FLOW_FORWARDERS = Set.of("Identity", "Switch", "RefSwitch", "Merge", "RefMerge");
	static final Set<String> VARIABLE_OPS = Set.of("VarHandleOp", "VariableV2", "Variable");
	private static final int MAX_CALL_DEPTH = 64;

	/** The flat graph and where each requested tensor ended up in it. */
	public record FlatGraph(GraphDef graphDef, Map<String, String> tensors, Set<String> variableNodes) {}

	private final GraphDef source;
	private final Map<String, FunctionDef> library = new HashMap<>();
	private final OpRegistry registry;
	private final Map<String, NodeDef> emitted = new LinkedHashMap<>();
	private final Set<String> variableNodes = new LinkedHashSet<>();
	private boolean needsLibrary;

	private final Map<String, Boolean> decidedConditions;

	public GraphFlattener(GraphDef source) {
		this(source, Map.of());
	}

	/**
	 * @param decidedConditions values of {@code If} predicates that only run time can tell (e.g.
	 *   computed from the input's shape), by the If node's flat name: those branches are inlined too
	 */
	public GraphFlattener(GraphDef source, Map<String, Boolean> decidedConditions) {
		this.source = source;
		this.decidedConditions = decidedConditions;
		Map<String, OpDef> signatures = new HashMap<>();
		for (FunctionDef function : source.getLibrary().getFunctionList()) {
			library.put(function.getSignature().getName(), function);
			signatures.put(function.getSignature().getName(), function.getSignature());
		}
		registry = new OpRegistry(signatures);
	}

	/** Flattens what {@code tensorNames} (graph-level names like {@code StatefulPartitionedCall:0}) need. */
	public FlatGraph flatten(List<String> tensorNames) {
		Map<String, NodeDef> topLevel = new HashMap<>();
		for (NodeDef node : source.getNodeList()) topLevel.put(node.getName(), node);
		Scope graphScope = new Scope(null, "", topLevel, Map.of(), 0);
		Map<String, String> resolved = new LinkedHashMap<>();
		for (String tensor : tensorNames) {
			String flat = graphScope.resolveInput(stripIndexZero(tensor));
			if (flat == null || flat.equals(DEAD)) throw new XaiException("tensor '" + tensor + "' is not computed by the graph");
			resolved.put(tensor, flat);
		}
		GraphDef.Builder out = GraphDef.newBuilder().setVersions(source.getVersions()).addAllNode(emitted.values());
		if (needsLibrary) out.setLibrary(source.getLibrary());
		return new FlatGraph(out.build(), resolved, variableNodes);
	}

	/** Whether an op is a variable (resource or TF1 reference), which freezing turns into a constant. */
	public static boolean isVariableOp(String op) {
		return VARIABLE_OPS.contains(op);
	}

	/** Replaces the variable nodes of a flat graph by constants holding their values. */
	public static GraphDef freeze(GraphDef flat, Map<String, TensorProto> values) {
		GraphDef.Builder frozen = flat.toBuilder().clearNode();
		for (NodeDef node : flat.getNodeList()) {
			TensorProto value = values.get(node.getName());
			frozen.addNode(value == null ? node : constant(node.getName(), value));
		}
		return frozen.build();
	}

	static NodeDef constant(String name, TensorProto value) {
		return NodeDef.newBuilder().setName(name).setOp("Const")
			.putAttr("dtype", AttrValue.newBuilder().setType(value.getDtype()).build())
			.putAttr("value", AttrValue.newBuilder().setTensor(value).build()).build();
	}

	private static String stripIndexZero(String tensor) {
		return tensor.endsWith(":0") ? tensor.substring(0, tensor.length() - 2) : tensor;
	}

	private static String tensorName(String node, int index) {
		return index == 0 ? node : node + ":" + index;
	}

	/** A graph or an inlined function body: resolves node outputs to flat tensor names on demand. */
	private final class Scope {
		private final Scope caller;
		private final String prefix;
		private final Map<String, NodeDef> nodes;
		private final Map<String, String> arguments;
		private final int depth;
		private final Map<String, List<String>> outputs = new HashMap<>();
		private final Set<String> inProgress = new LinkedHashSet<>();

		Scope(Scope caller, String prefix, Map<String, NodeDef> nodes, Map<String, String> arguments, int depth) {
			this.caller = caller;
			this.prefix = prefix;
			this.nodes = nodes;
			this.arguments = arguments;
			this.depth = depth;
		}

		boolean isFunction() {
			return caller != null;
		}

		/** A data input as written in this scope: {@code arg}, {@code node}, {@code node:i} or {@code node:out_arg:i}. */
		String resolveInput(String input) {
			if (isFunction() && arguments.containsKey(input)) return arguments.get(input);
			String[] parts = input.split(":");
			String nodeName = parts[0];
			NodeDef node = nodes.get(nodeName);
			if (node == null) throw new XaiException("the graph refers to '" + input + "', which does not exist" + where());
			List<String> nodeOutputs = outputsOf(node);
			int index;
			if (parts.length == 1) index = 0;
			else if (parts.length == 2) index = Integer.parseInt(parts[1]);
			else index = registry.flatOutputIndex(node.getOp(), node.getAttrMap(), parts[1], Integer.parseInt(parts[2]));
			if (index >= nodeOutputs.size()) throw new XaiException("'" + input + "' refers to a missing output" + where());
			return nodeOutputs.get(index);
		}

		/**
		 * TF1 conditionals put the constants of a branch under a control edge from the branch's
		 * switch: when that switch output is dead, so are they. Other control edges only order.
		 */
		private boolean isDeadControl(String nodeName) {
			NodeDef source = nodes.get(nodeName);
			if (source == null || !CONTROL_FLOW_FORWARDERS.contains(source.getOp())) return false;
			return outputsOf(source).get(0).equals(DEAD);
		}

		private String where() {
			return prefix.isEmpty() ? "" : " (inside '" + prefix.substring(0, prefix.length() - 1) + "')";
		}

		private List<String> outputsOf(NodeDef node) {
			List<String> done = outputs.get(node.getName());
			if (done != null) return done;
			if (!inProgress.add(node.getName())) {
				throw new XaiException("the graph has a cycle through '" + node.getName() + "' (while loops are not supported)");
			}
			List<String> inputs = new ArrayList<>();
			boolean deadByControl = false;
			for (String input : node.getInputList()) {
				if (!input.startsWith("^")) inputs.add(resolveInput(input));
				else deadByControl |= isDeadControl(input.substring(1));
			}
			List<String> result = deadByControl ? dead(node) : expand(node, inputs);
			inProgress.remove(node.getName());
			outputs.put(node.getName(), result);
			return result;
		}

		private List<String> expand(NodeDef node, List<String> inputs) {
			String op = node.getOp();
			String flatName = prefix + node.getName();
			if (MERGE_OPS.contains(op)) return merge(node, flatName, inputs);
			if (inputs.contains(DEAD)) return dead(node);
			if (CALL_OPS.contains(op)) return inline(node.getAttrOrThrow("f").getFunc().getName(), flatName, inputs);
			if (registry.isFunction(op)) return inline(op, flatName, inputs);
			if (IF_OPS.contains(op)) {
				Optional<Boolean> condition = decidedConditions.containsKey(flatName)
					? Optional.of(decidedConditions.get(flatName)) : constantBoolean(inputs.get(0));
				if (condition.isPresent()) {
					String branch = condition.get() ? "then_branch" : "else_branch";
					return inline(node.getAttrOrThrow(branch).getFunc().getName(), flatName, inputs.subList(1, inputs.size()));
				}
			}
			if (SWITCH_OPS.contains(op)) {
				Optional<Boolean> predicate = constantBoolean(inputs.get(1));
				if (predicate.isPresent()) {
					return predicate.get() ? List.of(DEAD, inputs.get(0)) : List.of(inputs.get(0), DEAD);
				}
			}
			// tf.custom_gradient's IdentityN (Keras' swish, EfficientNet) only carries a Python gradient: the C++ registry has none
			if (op.equals("IdentityN")) return inputs;
			if (op.equals("ReadVariableOp") && isVariable(inputs.get(0))) {
				NodeDef identity = NodeDef.newBuilder().setName(flatName).setOp("Identity").addInput(inputs.get(0))
					.putAttr("T", node.getAttrOrThrow("dtype")).build();
				return emit(identity, 1);
			}
			NodeDef.Builder copy = NodeDef.newBuilder().setName(flatName).setOp(op).addAllInput(inputs);
			node.getAttrMap().forEach((key, value) -> {
				if (!key.startsWith("_")) copy.putAttr(key, value);
				if (value.hasFunc() || value.getList().getFuncCount() > 0) needsLibrary = true;
			});
			if (VARIABLE_OPS.contains(op)) variableNodes.add(flatName);
			if (IF_OPS.contains(op) || op.equals("While") || op.equals("StatelessWhile")) needsLibrary = true;
			return emit(copy.build(), registry.outputCount(op, node.getAttrMap()));
		}

		private List<String> dead(NodeDef node) {
			int count = registry.outputCount(node.getOp(), node.getAttrMap());
			List<String> all = new ArrayList<>();
			for (int i = 0; i < Math.max(count, 1); i++) all.add(DEAD);
			return all;
		}

		/** Merge forwards its one live input; its second output is that input's position. */
		private List<String> merge(NodeDef node, String flatName, List<String> inputs) {
			List<Integer> live = new ArrayList<>();
			for (int i = 0; i < inputs.size(); i++) if (!inputs.get(i).equals(DEAD)) live.add(i);
			if (live.isEmpty()) return dead(node);
			if (live.size() > 1) {
				NodeDef.Builder copy = NodeDef.newBuilder().setName(flatName).setOp(node.getOp()).addAllInput(inputs);
				node.getAttrMap().forEach((key, value) -> { if (!key.startsWith("_")) copy.putAttr(key, value); });
				return emit(copy.build(), 2);
			}
			TensorProto index = TensorProto.newBuilder().setDtype(DataType.DT_INT32)
				.setTensorShape(TensorShapeProto.getDefaultInstance()).addIntVal(live.get(0)).build();
			emitted.put(flatName + "/value_index", constant(flatName + "/value_index", index));
			return List.of(inputs.get(live.get(0)), flatName + "/value_index");
		}

		private List<String> inline(String functionName, String flatName, List<String> inputs) {
			FunctionDef function = library.get(functionName);
			if (function == null) throw new XaiException("the graph calls the function '" + functionName + "', which is not in its library");
			if (depth >= MAX_CALL_DEPTH) throw new XaiException("function calls nest deeper than " + MAX_CALL_DEPTH + " at '" + flatName + "'");
			List<OpDef.ArgDef> args = function.getSignature().getInputArgList();
			if (args.size() != inputs.size()) {
				throw new XaiException("'" + flatName + "' passes " + inputs.size() + " inputs to '" + functionName + "', which takes " + args.size());
			}
			Map<String, String> bindings = new HashMap<>();
			for (int i = 0; i < args.size(); i++) bindings.put(args.get(i).getName(), inputs.get(i));
			Map<String, NodeDef> body = new HashMap<>();
			for (NodeDef node : function.getNodeDefList()) body.put(node.getName(), node);
			Scope callee = new Scope(this, flatName + "/", body, bindings, depth + 1);
			List<String> results = new ArrayList<>();
			for (OpDef.ArgDef output : function.getSignature().getOutputArgList()) {
				String ret = function.getRetOrThrow(output.getName());
				results.add(callee.resolveInput(ret));
			}
			return results;
		}

		private List<String> emit(NodeDef node, int outputCount) {
			emitted.put(node.getName(), node.toBuilder().clearDevice().build());
			List<String> names = new ArrayList<>();
			for (int i = 0; i < Math.max(outputCount, 1); i++) names.add(tensorName(node.getName(), i));
			return names;
		}
	}

	private boolean isVariable(String flatTensor) {
		return variableNodes.contains(flatTensor);
	}

	/** The value of a boolean tensor when it is fixed at load time (Const, or a placeholder's default). */
	private Optional<Boolean> constantBoolean(String flatTensor) {
		NodeDef node = emitted.get(flatTensor.split(":")[0]);
		if (node == null) return Optional.empty();
		switch (node.getOp()) {
			case "Const": {
				TensorProto value = node.getAttrOrThrow("value").getTensor();
				if (value.getBoolValCount() > 0) return Optional.of(value.getBoolVal(0));
				if (!value.getTensorContent().isEmpty()) return Optional.of(value.getTensorContent().byteAt(0) != 0);
				return Optional.of(false);
			}
			case "Identity": case "PlaceholderWithDefault": case "StopGradient":
				return constantBoolean(node.getInput(0));
			case "LogicalNot":
				return constantBoolean(node.getInput(0)).map(v -> !v);
			default:
				return Optional.empty();
		}
	}
}
