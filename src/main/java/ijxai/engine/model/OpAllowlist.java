package ijxai.engine.model;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;

import ijxai.engine.XaiException;

/**
 * What a model may run without the user's say-so: pure computation. Before TensorFlow runs
 * anything, every op the serving signature would run (its graph path to the chosen output, every
 * function it calls, whether its result is used or only ordered by control edges) and every op
 * that loading the weights runs (the restore op, init ops) is checked against lists of known
 * compute ops; lookup tables filled from constants count as compute ({@link LookupTables}). A
 * model that would read or write files, list folders, run Python or feed a data pipeline is
 * refused with the ops and the layers they sit in, unless the user trusts it.
 */
final class OpAllowlist {

	/**
	 * Pure compute ops of TensorFlow and Keras, reviewed one by one: the op types of every
	 * fixture in models/ plus the common math, neural-network, array, random and control-flow
	 * ops, and the lookup tables' ({@link LookupTables#OPS}). None reads or writes outside its tensors.
	 */
	static final Set<String> COMPUTE = union(LookupTables.OPS, Set.of(
		// graph plumbing, variables (read only) and control flow; called functions are checked op by op
		"Const", "Placeholder", "PlaceholderWithDefault", "Identity", "IdentityN", "Snapshot", "StopGradient", "PreventGradient", "NoOp",
		"VarHandleOp", "ReadVariableOp", "VariableV2", "Variable", "VarIsInitializedOp", "VariableShape",
		"PartitionedCall", "StatefulPartitionedCall", "If", "StatelessIf", "Case", "StatelessCase", "While", "StatelessWhile",
		"Switch", "RefSwitch", "Merge", "RefMerge", "Enter", "Exit", "NextIteration", "LoopCond", "ControlTrigger",
		"Assert", "CheckNumerics", "CheckNumericsV2", "EnsureShape", "Print", "StringFormat", "StringJoin", "StringLength", "StaticRegexFullMatch",
		"OptionalFromValue", "OptionalGetValue", "OptionalHasValue", "OptionalNone", "ParseExampleV2", "ParseExample",
		// arrays
		"Reshape", "Squeeze", "ExpandDims", "Shape", "ShapeN", "Size", "Rank", "Fill", "ZerosLike", "OnesLike", "Empty",
		"Pack", "Unpack", "Concat", "ConcatV2", "Split", "SplitV", "Slice", "StridedSlice", "Tile", "Transpose",
		"Pad", "PadV2", "MirrorPad", "Gather", "GatherV2", "GatherNd", "ScatterNd", "TensorScatterUpdate", "TensorScatterAdd",
		"Reverse", "ReverseV2", "BroadcastTo", "BroadcastArgs", "BroadcastGradientArgs", "Range", "LinSpace", "OneHot", "Where",
		"Select", "SelectV2", "Cast", "Bitcast", "SpaceToDepth", "DepthToSpace", "SpaceToBatchND", "BatchToSpaceND",
		"MatrixDiag", "MatrixDiagV3", "MatrixDiagPartV3", "MatrixBandPart", "Cumsum", "Cumprod", "ClipByValue", "TopKV2",
		"InTopKV2", "Unique", "ExtractImagePatches",
		// images
		"ResizeBilinear", "ResizeNearestNeighbor", "ResizeBicubic", "ResizeArea", "ScaleAndTranslate", "CropAndResize",
		"AdjustContrastv2", "RGBToHSV", "HSVToRGB",
		// element-wise math and comparisons
		"Add", "AddV2", "AddN", "Sub", "Mul", "MulNoNan", "Div", "DivNoNan", "RealDiv", "FloorDiv", "FloorMod", "TruncateDiv",
		"TruncateMod", "Mod", "Neg", "Abs", "Sign", "Square", "Sqrt", "Rsqrt", "Reciprocal", "Inv", "Exp", "Expm1", "Log", "Log1p",
		"Pow", "SquaredDifference", "Maximum", "Minimum", "Floor", "Ceil", "Round", "Rint", "Sin", "Cos", "Tan", "Tanh", "Sigmoid",
		"Erf", "Erfc", "Erfinv", "Atan", "Atan2", "Asin", "Acos", "Sinh", "Cosh", "Asinh", "Acosh", "Atanh", "Lgamma", "Digamma",
		"Xdivy", "Xlogy", "Xlog1py", "IsNan", "IsInf", "IsFinite", "Equal", "NotEqual", "Less", "LessEqual", "Greater",
		"GreaterEqual", "LogicalAnd", "LogicalOr", "LogicalNot", "ApproximateEqual",
		// reductions and linear algebra
		"Sum", "Mean", "Max", "Min", "Prod", "All", "Any", "ArgMax", "ArgMin", "EuclideanNorm", "MatMul", "BatchMatMul",
		"BatchMatMulV2", "BatchMatMulV3", "Einsum", "SegmentSum", "UnsortedSegmentSum",
		// neural-network layers
		"BiasAdd", "BiasAddV1", "Relu", "Relu6", "Elu", "Selu", "LeakyRelu", "Softplus", "Softsign", "Softmax", "LogSoftmax",
		"Conv2D", "Conv3D", "Conv2DBackpropInput", "Conv3DBackpropInputV2", "DepthwiseConv2dNative",
		"DepthwiseConv2dNativeBackpropInput", "MaxPool", "MaxPoolV2", "MaxPool3D", "AvgPool", "AvgPool3D", "FusedBatchNorm",
		"FusedBatchNormV2", "FusedBatchNormV3", "LRN", "L2Loss", "Dilation2D",
		// random numbers (dropout, noise layers)
		"RandomUniform", "RandomUniformInt", "RandomStandardNormal", "TruncatedNormal", "StatelessRandomUniform",
		"StatelessRandomNormal", "StatelessRandomUniformV2", "StatelessRandomNormalV2", "StatelessTruncatedNormalV2",
		"StatelessRandomUniformIntV2", "StatelessRandomGetKeyCounter", "StatelessRandomGetKeyCounterAlg", "StatelessRandomGetAlg"));

	/** Why some refused ops are refused, where the op's name does not say it. */
	private static final Map<String, String> WHY = Map.of(
		"InitializeTableFromTextFile", "fills a lookup table from a file",
		"InitializeTableFromTextFileV2", "fills a lookup table from a file");

	/** What restoring the weights runs while a SavedModel loads: reading its own variables files into its variables. */
	static final Set<String> RESTORE = Set.of("RestoreV2", "Restore", "RestoreSlice", "AssignVariableOp", "Assign", "DisableCopyOnRead",
		"ShardedFilename");

	/** Where {@code tf.print} may write: the console and the log, not a file. */
	private static final Set<String> CONSOLE_STREAMS = Set.of("stderr", "stdout", "log(info)", "log(warning)", "log(error)");

	/** The collections and signature that name the ops TensorFlow runs after restoring the weights. */
	private static final List<String> INIT_COLLECTIONS = List.of("saved_model_main_op", "legacy_init_op", "main_op");
	private static final String INIT_SIGNATURE = "__saved_model_init_op";

	/** How a model the user trusted is marked in its notes (and so in the results). */
	static final String TRUSTED_NOTE = "trusted by the user, the op allowlist was not enforced: ";

	/** An op outside the allowlist: its type and its name (the names of the calls it sits in, then its own). */
	record Finding(String op, String name) {
		/** The Keras layer (scope) the op sits in, without the inlined calls' names. */
		String layer() {
			List<String> segments = Stream.of(name.split("/")).filter(s -> !ModelDescriber.CALL_SEGMENT.matcher(s).matches()).toList();
			return segments.size() < 2 ? "(top level)" : String.join("/", segments.subList(0, segments.size() - 1));
		}

		@Override
		public String toString() {
			return op + " in layer '" + layer() + "' (" + name + (WHY.containsKey(op) ? ", which " + WHY.get(op) : "") + ")";
		}
	}

	private OpAllowlist() {}

	/**
	 * Refuses the model unless every op it would run is a compute op; with {@code trusted}, notes
	 * instead what ran unchecked.
	 *
	 * @param tensors the signature's input and chosen output, as graph tensor names
	 */
	static void check(Path folder, MetaGraphDef metaGraph, Collection<String> tensors, boolean trusted, List<String> notes) {
		List<Finding> serving = refused(metaGraph, nodeNames(tensors), COMPUTE);
		List<Finding> loading = refused(metaGraph, loadNodes(metaGraph), union(COMPUTE, RESTORE));
		List<Finding> all = new ArrayList<>(serving);
		loading.stream().filter(f -> !all.contains(f)).forEach(all::add);
		String list = summary(all);
		if (trusted) {
			notes.add(TRUSTED_NOTE + (all.isEmpty() ? "every op is a compute op" : "ops outside the allowlist run unchecked: " + list));
			return;
		}
		if (all.isEmpty()) return;
		String when = serving.isEmpty() ? "while loading" : loading.isEmpty() ? "when it runs" : "while loading and when it runs";
		throw new XaiException("the model in " + folder + " would do more than compute " + when + " (read or write files, run code or "
			+ "feed a data pipeline), so it is refused: " + list + ". Use it only if you trust it: option 'trust model' (--trust-model)");
	}

	/** At most a handful of findings, then how many more. */
	private static String summary(List<Finding> findings) {
		int shown = Math.min(findings.size(), 6);
		String list = findings.subList(0, shown).stream().map(Finding::toString).collect(Collectors.joining(", "));
		return shown < findings.size() ? list + " and " + (findings.size() - shown) + " more" : list;
	}

	private static Set<String> union(Set<String> a, Set<String> b) {
		Set<String> both = new HashSet<>(a);
		both.addAll(b);
		return Set.copyOf(both);
	}

	private static List<String> nodeNames(Collection<String> tensors) {
		return tensors.stream().map(OpAllowlist::nodeOf).toList();
	}

	private static String nodeOf(String tensor) {
		String name = tensor.startsWith("^") ? tensor.substring(1) : tensor;
		int colon = name.indexOf(':');
		return colon < 0 ? name : name.substring(0, colon);
	}

	/** The restore op and the init ops: what TensorFlow's SavedModel loader runs. */
	private static List<String> loadNodes(MetaGraphDef metaGraph) {
		List<String> names = new ArrayList<>();
		if (!metaGraph.getSaverDef().getRestoreOpName().isEmpty()) names.add(metaGraph.getSaverDef().getRestoreOpName());
		for (String collection : INIT_COLLECTIONS) {
			CollectionDef def = metaGraph.getCollectionDefMap().get(collection);
			if (def != null) names.addAll(def.getNodeList().getValueList());
		}
		SignatureDef init = metaGraph.getSignatureDefMap().get(INIT_SIGNATURE);
		if (init != null) init.getOutputsMap().values().forEach(info -> names.add(info.getName()));
		return nodeNames(names);
	}

	/**
	 * The ops outside {@code allowed} that running {@code start} would run: the graph nodes it
	 * depends on through data and control edges, and every op of every function they call
	 * (calls, branches, loop bodies, functions given as attributes).
	 */
	static List<Finding> refused(MetaGraphDef metaGraph, List<String> start, Set<String> allowed) {
		Map<String, NodeDef> nodes = new HashMap<>();
		for (NodeDef node : metaGraph.getGraphDef().getNodeList()) nodes.put(node.getName(), node);
		Map<String, FunctionDef> library = new HashMap<>();
		for (FunctionDef function : metaGraph.getGraphDef().getLibrary().getFunctionList()) library.put(function.getSignature().getName(), function);
		Map<String, Finding> findings = new LinkedHashMap<>();
		Set<String> seen = new HashSet<>(), functionsSeen = new HashSet<>();
		Deque<String> pending = new ArrayDeque<>(start);
		// functions to check: name, and the name of the call that reached it first
		Deque<String[]> functions = new ArrayDeque<>();
		while (!pending.isEmpty()) {
			NodeDef node = nodes.get(pending.pop());
			if (node == null || !seen.add(node.getName())) continue;
			check(node, node.getName(), nodes, allowed, library, findings, functions);
			for (String input : node.getInputList()) pending.push(nodeOf(input));
		}
		while (!functions.isEmpty()) {
			String[] call = functions.pop();
			if (!functionsSeen.add(call[0])) continue;
			Map<String, NodeDef> body = new HashMap<>();
			for (NodeDef node : library.get(call[0]).getNodeDefList()) body.put(node.getName(), node);
			for (NodeDef node : library.get(call[0]).getNodeDefList()) check(node, call[1] + "/" + node.getName(), body, allowed, library, findings, functions);
		}
		return List.copyOf(findings.values());
	}

	/** Checks one node; {@code scope} holds the nodes its inputs name (the graph's, or the function body's). */
	private static void check(NodeDef node, String name, Map<String, NodeDef> scope, Set<String> allowed, Map<String, FunctionDef> library,
		Map<String, Finding> findings, Deque<String[]> functions)
	{
		String op = node.getOp();
		if (library.containsKey(op)) functions.push(new String[] { op, name });
		else if (!allowed.contains(op) && !printsToConsole(node) && !LookupTables.fillsFromConstants(node, scope)) {
			findings.putIfAbsent(op + " " + name, new Finding(op, name));
		}
		for (AttrValue value : node.getAttrMap().values()) {
			Stream.concat(value.hasFunc() ? Stream.of(value.getFunc()) : Stream.empty(), value.getList().getFuncList().stream())
				.filter(f -> library.containsKey(f.getName())).forEach(f -> functions.push(new String[] { f.getName(), name }));
		}
	}

	private static boolean printsToConsole(NodeDef node) {
		if (!node.getOp().equals("PrintV2")) return false;
		AttrValue stream = node.getAttrMap().get("output_stream");
		return stream == null || CONSOLE_STREAMS.contains(stream.getS().toStringUtf8());
	}
}
