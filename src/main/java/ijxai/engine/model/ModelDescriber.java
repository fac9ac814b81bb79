package ijxai.engine.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

import ijxai.engine.XaiException;
import ijxai.engine.graph.GraphFlattener;

/** Reads what a flat graph takes and gives: shapes, the logits, Keras layers, class names. */
final class ModelDescriber {

	/** Name segments that calls add when they are inlined; not part of Keras layer names. */
	static final Pattern CALL_SEGMENT = Pattern.compile("(Stateful)?PartitionedCall(_\\d+)?|ijxai_.*");
	private static final Set<String> PASS_THROUGH = Set.of("Identity", "IdentityN", "StopGradient", "Snapshot");

	private ModelDescriber() {}

	/**
	 * @param source the SavedModel's own graph and {@code signatureDef} the signature used: where
	 *     class names may come from ({@link LookupTables#classNames})
	 */
	static ModelInfo describe(Path folder, Graph graph, GraphDef flat, GraphDef source, SignatureDef signatureDef, String signature,
		String inputName, String inputTensor, TensorInfo inputInfo, String outputName, String outputTensor, List<ModelInfo.Output> outputs,
		List<String> packageClassNames, List<String> notes)
	{
		long[] inputShape = new long[inputInfo.getTensorShape().getDimCount()];
		for (int i = 0; i < inputShape.length; i++) inputShape[i] = inputInfo.getTensorShape().getDim(i).getSize();
		Output<?> output = graph.outputOrThrow(outputTensor);
		GraphOperation producer = throughIdentities((GraphOperation) output.op());
		if (output.dataType() != DataType.DT_FLOAT) {
			String before = producer.numInputs() > 0 ? producer.input(0).op().name() : null;
			throw new XaiException("output '" + outputName + "' of the model in " + folder + " is " +
				output.dataType().name().replace("DT_", "").toLowerCase() + (producer.type().equals("ArgMax") ? " (an ArgMax)" : "") +
				", which cannot be differentiated" + (before != null ? "; choose the tensor before it with output=" + before : ""));
		}
		long[] outputShape = output.shape().asArray();
		if (outputShape == null || outputShape.length < 2) {
			throw new XaiException("output '" + outputName + "' of the model in " + folder + " has shape " +
				output.shape() + "; ij-xai needs a batch axis and a class or channel axis");
		}
		String activation = "none";
		String logits = outputTensor;
		if (producer.type().equals("Softmax") || producer.type().equals("Sigmoid")) {
			activation = producer.type().toLowerCase();
			logits = name(producer.input(0));
		}
		long classes = outputShape[outputShape.length - 1];
		if (classes < 1) {
			throw new XaiException("output '" + outputName + "' of the model in " + folder + " has a dynamic last axis " +
				output.shape() + "; ij-xai needs a known number of classes or channels");
		}
		List<String> classNames = classNames(folder, (int) classes, LookupTables.classNames(source, signatureDef, (int) classes), packageClassNames, notes);
		return new ModelInfo(folder.toString(), signature, inputName, inputTensor, inputShape, outputName, outputTensor,
			outputShape, activation, logits, layers(graph, flat, inputTensor), classNames, List.copyOf(notes), outputs);
	}

	/**
	 * Every output of a signature, by key: type, declared shape and how it ends (read from the
	 * graph each float output is flattened to). With several and none chosen by the user, a note
	 * says which is explained and how to choose another.
	 */
	static List<ModelInfo.Output> outputs(GraphDef source, SignatureDef signature, String explained, boolean chosenByUser, List<String> notes) {
		Map<String, TensorInfo> byKey = new TreeMap<>(signature.getOutputsMap());
		List<ModelInfo.Output> outputs = new ArrayList<>();
		for (Map.Entry<String, TensorInfo> output : byKey.entrySet()) {
			TensorInfo info = output.getValue();
			long[] shape = info.getTensorShape().getUnknownRank() ? null
				: info.getTensorShape().getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
			String type = info.getDtype().name().replace("DT_", "").toLowerCase().replace("float", "float32");
			outputs.add(new ModelInfo.Output(output.getKey(), type, shape, info.getDtype() == DataType.DT_FLOAT ? activation(source, info.getName()) : "-"));
		}
		if (outputs.size() > 1 && !chosenByUser) {
			notes.add(ModelInfo.OUTPUT_NOTE + "'" + explained + "' explained (the first float output by name of " + byKey.keySet() +
				"); choose another with option 'output' (--output)");
		}
		return outputs;
	}

	/** "softmax", "sigmoid" or "none": the op a float output ends in, through identities and inlined calls. */
	private static String activation(GraphDef source, String tensor) {
		GraphFlattener.FlatGraph flat;
		try {
			flat = new GraphFlattener(source).flatten(List.of(tensor));
		}
		catch (XaiException e) {
			return "none";
		}
		Map<String, NodeDef> nodes = new HashMap<>();
		for (NodeDef node : flat.graphDef().getNodeList()) nodes.put(node.getName(), node);
		NodeDef node = nodes.get(flat.tensors().get(tensor).split(":")[0]);
		while (node != null && PASS_THROUGH.contains(node.getOp()) && node.getInputCount() > 0) node = nodes.get(node.getInput(0).split(":")[0]);
		return node != null && (node.getOp().equals("Softmax") || node.getOp().equals("Sigmoid")) ? node.getOp().toLowerCase() : "none";
	}

	/** A tensor given as a flat op name ({@code op} or {@code op:i}) or a Keras layer (path or name, {@link ModelInfo#layer}). */
	static String findTensor(Path folder, Graph graph, GraphDef flat, String inputTensor, String nameOrLayer) {
		String opName = nameOrLayer.contains(":") ? nameOrLayer.substring(0, nameOrLayer.lastIndexOf(':')) : nameOrLayer;
		if (graph.operation(opName) != null) return nameOrLayer;
		try {
			return ModelInfo.layer(folder.toString(), layers(graph, flat, inputTensor), nameOrLayer).tensor();
		}
		catch (XaiException e) {
			throw new XaiException("the model in " + folder + " has no output, layer or tensor named '" + nameOrLayer + "'" +
				(e.getMessage().contains("give its path") ? ": " + e.getMessage() : ""), e);
		}
	}

	private static GraphOperation throughIdentities(GraphOperation op) {
		while (PASS_THROUGH.contains(op.type()) && op.numInputs() > 0) op = (GraphOperation) op.input(0).op();
		return op;
	}

	private static String name(Output<?> output) {
		return output.index() == 0 ? output.op().name() : output.op().name() + ":" + output.index();
	}

	/**
	 * Layers in graph order, at every depth of nested models: ops that depend on the input, grouped
	 * by their Keras scope (the flat name without inlined-call segments, the model's own scope and
	 * the op name). A layer's output is the last op of its group; its name is its path through the
	 * nested models ({@link ScopeTree}).
	 */
	static List<ModelInfo.Layer> layers(Graph graph, GraphDef flat, String inputTensor) {
		Set<String> dependsOnInput = new HashSet<>();
		dependsOnInput.add(inputTensor.split(":")[0]);
		List<List<String>> scopes = new ArrayList<>();
		List<String> opNames = new ArrayList<>();
		for (NodeDef node : flat.getNodeList()) {
			boolean depends = false;
			for (String input : node.getInputList()) depends |= dependsOnInput.contains(input.replaceFirst("^\\^", "").split(":")[0]);
			if (!depends) continue;
			dependsOnInput.add(node.getName());
			List<String> segments = new ArrayList<>();
			for (String segment : node.getName().split("/")) if (!CALL_SEGMENT.matcher(segment).matches()) segments.add(segment);
			if (segments.size() < 2) continue;
			scopes.add(segments.subList(0, segments.size() - 1));
			opNames.add(node.getName());
		}
		// strip the model's scope (e.g. "sequential/") when every layer sits under it
		String common = null;
		for (List<String> scope : scopes) common = common == null || common.equals(scope.get(0)) ? scope.get(0) : "";
		boolean stripModelScope = common != null && !common.isEmpty() && scopes.stream().allMatch(scope -> scope.size() > 1);
		if (stripModelScope) scopes.replaceAll(scope -> scope.subList(1, scope.size()));
		ScopeTree tree = new ScopeTree(scopes);
		Map<String, String> lastOpOfLayer = new LinkedHashMap<>();
		for (int i = 0; i < scopes.size(); i++) {
			String layer = tree.layerPath(scopes.get(i));
			lastOpOfLayer.remove(layer);
			lastOpOfLayer.put(layer, opNames.get(i));
		}
		// graph order of each layer's output: re-sort by position of the output op in the flat graph
		Map<String, Integer> position = new LinkedHashMap<>();
		for (int i = 0; i < flat.getNodeCount(); i++) position.put(flat.getNode(i).getName(), i);
		List<ModelInfo.Layer> layers = new ArrayList<>();
		lastOpOfLayer.entrySet().stream().sorted((a, b) -> position.get(a.getValue()) - position.get(b.getValue())).forEach(e -> {
			GraphOperation op = graph.operation(e.getValue());
			long[] shape = op.numOutputs() > 0 && op.output(0).shape().numDimensions() >= 0 ? op.output(0).shape().asArray() : new long[0];
			layers.add(new ModelInfo.Layer(e.getKey(), op.type(), e.getValue(), shape));
		});
		return layers;
	}

	/**
	 * The scopes of the ops, as a tree: where a layer ends and a nested model (a Keras model inside
	 * the model, a TF1 name scope holding layers) begins. A nested model computes nothing itself: it
	 * has no op of its own, only the scopes of two or more layers. Any other scope is a layer, and
	 * the scopes inside it are its own (a Dense layer's {@code Tensordot}, a batch norm's {@code batchnorm}).
	 */
	private static final class ScopeTree {
		private final Set<String> withOps = new HashSet<>();
		private final Map<String, Set<String>> children = new HashMap<>();

		ScopeTree(List<List<String>> scopes) {
			for (List<String> scope : scopes) {
				withOps.add(String.join("/", scope));
				for (int depth = 1; depth < scope.size(); depth++) {
					children.computeIfAbsent(String.join("/", scope.subList(0, depth)), key -> new HashSet<>()).add(scope.get(depth));
				}
			}
		}

		/** The path of the layer an op of this scope belongs to: nested models' names, then the layer's. */
		String layerPath(List<String> scope) {
			for (int depth = 1; depth < scope.size(); depth++) {
				String prefix = String.join("/", scope.subList(0, depth));
				if (withOps.contains(prefix) || children.get(prefix).size() < 2) return prefix;
			}
			return String.join("/", scope);
		}
	}

	/**
	 * Class names from labels.txt beside the model, else from the model's own lookup table (a
	 * signature output mapping class indices to names), else from the model package it came from
	 * ({@code fromPackage}, or null), else from a bioimage.io rdf.yaml beside it, else "class k".
	 */
	static List<String> classNames(Path folder, int count, Optional<LookupTables.ClassNames> fromTable, List<String> fromPackage, List<String> notes) {
		List<String> names = readLabels(folder.resolve("labels.txt"));
		if (names.isEmpty() && fromTable.isPresent()) {
			names = fromTable.get().names();
			notes.add("class names from the model's lookup table '" + fromTable.get().table() + "' (signature output '" + fromTable.get().output() + "')");
		}
		if (names.isEmpty() && fromPackage != null) {
			names = fromPackage;
			notes.add("class names from the model package: " + String.join(", ", fromPackage));
		}
		if (names.isEmpty()) names = readRdfClassNames(folder.resolve("rdf.yaml"));
		if (!names.isEmpty() && names.size() != count) {
			notes.add("labels give " + names.size() + " class names for " + count + " outputs; unnamed classes are numbered");
		}
		List<String> result = new ArrayList<>();
		for (int i = 0; i < count; i++) result.add(i < names.size() ? names.get(i) : "class " + i);
		return result;
	}

	private static List<String> readLabels(Path file) {
		List<String> names = new ArrayList<>();
		if (!Files.isRegularFile(file)) return names;
		try {
			for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) if (!line.isBlank()) names.add(line.trim());
		}
		catch (IOException e) {
			throw new XaiException(file + " cannot be read: " + e.getMessage());
		}
		return names;
	}

	/** The list under a {@code class_names:} or {@code labels:} key of a bioimage.io rdf.yaml (block or inline list). */
	private static List<String> readRdfClassNames(Path file) {
		List<String> names = new ArrayList<>();
		if (!Files.isRegularFile(file)) return names;
		try {
			List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
			for (int i = 0; i < lines.size(); i++) {
				String line = lines.get(i).trim();
				if (!line.startsWith("class_names:") && !line.startsWith("labels:")) continue;
				String rest = line.substring(line.indexOf(':') + 1).trim();
				if (rest.startsWith("[")) {
					for (String item : rest.replaceAll("[\\[\\]]", "").split(",")) if (!item.isBlank()) names.add(unquote(item));
					return names;
				}
				for (int j = i + 1; j < lines.size() && lines.get(j).trim().startsWith("- "); j++) {
					names.add(unquote(lines.get(j).trim().substring(2)));
				}
				return names;
			}
		}
		catch (IOException e) {
			throw new XaiException(file + " cannot be read: " + e.getMessage());
		}
		return names;
	}

	private static String unquote(String text) {
		return text.trim().replaceAll("^[\"']|[\"']$", "");
	}
}
