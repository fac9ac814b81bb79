package ijxai.engine.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

import ijxai.engine.XaiException;
import ijxai.engine.graph.GraphFlattener;

/**
 * Loads a SavedModel folder (TF2 Keras export, Keras 3 export, or TF1 graph SavedModel) into a
 * {@link LoadedModel}: picks the signature, flattens it into primitive ops, freezes its variables
 * to constants and describes it ({@link ModelInfo}). Every refusal is an {@link XaiException}
 * that names the folder or file and the problem.
 */
public final class SavedModelLoader {

	private final ModelOptions options;

	public SavedModelLoader(ModelOptions options) {
		this.options = options;
	}

	/** The model of a folder; a TensorFlow Java that clashes or does not load here is an {@link XaiException} saying what to do. */
	public LoadedModel load(Path folder) {
		TensorFlowRuntime.check();
		try {
			return loadChecked(folder);
		}
		catch (LinkageError e) {
			throw TensorFlowRuntime.incompatible(e);
		}
	}

	private LoadedModel loadChecked(Path folder) {
		MetaGraphDef metaGraph = readMetaGraph(folder);
		List<String> notes = new ArrayList<>();
		String signatureName = SignatureChooser.choose(folder, metaGraph, options.signature(), notes);
		SignatureDef signature = metaGraph.getSignatureDefOrThrow(signatureName);
		Map.Entry<String, TensorInfo> input = signature.getInputsMap().entrySet().iterator().next();
		Map.Entry<String, TensorInfo> output = SignatureChooser.chooseOutput(signature, options.output());

		GraphDef source = metaGraph.getGraphDef();
		List<String> tensors = List.of(input.getValue().getName(), output.getValue().getName());
		GraphFlattener.FlatGraph flat = flattenInThread(folder, source, tensors);
		// lookup tables the model reads are filled when it loads: their fillers join the flat graph
		List<String> tableFillers = LookupTables.fillersOf(source, LookupTables.tablesIn(flat.graphDef()));
		if (!tableFillers.isEmpty()) flat = flattenInThread(folder, source, concat(tensors, tableFillers));
		// before anything runs: restoring the variables below is TensorFlow's first run of the model's ops
		OpAllowlist.check(folder, metaGraph, tensors, options.trusted(), notes);
		GraphDef frozen = GraphFlattener.freeze(flat.graphDef(), readVariables(folder, metaGraph, flat));
		Graph graph = new Graph();
		try {
			graph.importGraphDef(frozen);
			String inputTensor = flat.tensors().get(input.getValue().getName());
			String outputTensor = flat.tensors().get(output.getValue().getName());
			String outputName = output.getKey();
			if (options.output() != null && !options.output().equals(outputName)) {
				outputTensor = ModelDescriber.findTensor(folder, graph, frozen, inputTensor, options.output());
				outputName = options.output();
			}
			List<ModelInfo.Output> outputs = ModelDescriber.outputs(source, signature, outputName, options.output() != null, notes);
			ModelInfo info = ModelDescriber.describe(folder, graph, frozen, source, signature, signatureName, input.getKey(), inputTensor,
				input.getValue(), outputName, outputTensor, outputs, options.packageClassNames(), notes);
			LoadedModel model = new LoadedModel(graph, info, Placement.of(options));
			fillTables(folder, model, tableFillers.stream().map(flat.tensors()::get).toList());
			return model;
		}
		catch (XaiException e) {
			graph.close();
			throw e;
		}
		catch (RuntimeException e) {
			graph.close();
			throw new XaiException("the model in " + folder + " could not be rebuilt as one graph: " + e.getMessage(), e);
		}
	}

	private static List<String> concat(List<String> first, List<String> second) {
		List<String> both = new ArrayList<>(first);
		both.addAll(second);
		return both;
	}

	/** Runs the ops that fill the model's lookup tables, once, as TensorFlow's loader runs the model's init op; closes the model if one fails. */
	private static void fillTables(Path folder, LoadedModel model, List<String> fillers) {
		if (fillers.isEmpty()) return;
		Session.Runner runner = model.session().runner();
		fillers.forEach(runner::addTarget);
		try {
			runner.run().close();
		}
		catch (RuntimeException e) {
			model.close();
			throw new XaiException("the lookup tables of the model in " + folder + " cannot be filled: " + TensorFlowErrors.firstLine(e.getMessage()), e);
		}
	}

	static MetaGraphDef readMetaGraph(Path folder) {
		if (!Files.exists(folder)) throw new XaiException("model folder " + folder + " does not exist");
		if (!Files.isDirectory(folder)) throw new XaiException("model " + folder + " is a file, not a SavedModel folder");
		Path pb = folder.resolve("saved_model.pb");
		if (!Files.isRegularFile(pb)) {
			if (Files.isRegularFile(folder.resolve("saved_model.pbtxt"))) {
				throw new XaiException(folder + " holds a text SavedModel (saved_model.pbtxt); export it in binary form (saved_model.pb)");
			}
			throw new XaiException(folder + " is not a TensorFlow SavedModel: it has no saved_model.pb");
		}
		SavedModel savedModel;
		try {
			savedModel = SavedModel.parseFrom(Files.readAllBytes(pb));
		}
		catch (InvalidProtocolBufferException e) {
			throw new XaiException(pb + " is corrupt: it cannot be read as a SavedModel (" + e.getMessage() + ")");
		}
		catch (IOException | OutOfMemoryError e) {
			throw new XaiException(pb + " cannot be read: " + e.getMessage());
		}
		if (savedModel.getMetaGraphsCount() == 0) throw new XaiException(pb + " is corrupt or empty: it holds no MetaGraph");
		List<String> tags = new ArrayList<>();
		for (MetaGraphDef metaGraph : savedModel.getMetaGraphsList()) {
			if (metaGraph.getMetaInfoDef().getTagsList().contains(ModelOptions.TAG)) return metaGraph;
			tags.addAll(metaGraph.getMetaInfoDef().getTagsList());
		}
		throw new XaiException(pb + " has no MetaGraph tagged '" + ModelOptions.TAG + "' (it has " + tags + ")");
	}

	/** The variable nodes of the SavedModel's graph by name, with their op: the names its frozen weight constants keep. */
	static Map<String, String> variableOps(Path folder) {
		Map<String, String> variables = new LinkedHashMap<>();
		for (NodeDef node : readMetaGraph(folder).getGraphDef().getNodeList()) {
			if (GraphFlattener.isVariableOp(node.getOp())) variables.put(node.getName(), node.getOp());
		}
		return variables;
	}

	/** Flattening recurses as deep as the network; a thread with a large stack keeps deep models safe. */
	private static GraphFlattener.FlatGraph flattenInThread(Path folder, GraphDef source, List<String> tensors) {
		GraphFlattener.FlatGraph[] result = new GraphFlattener.FlatGraph[1];
		RuntimeException[] failure = new RuntimeException[1];
		Thread thread = new Thread(null, () -> {
			try {
				result[0] = new GraphFlattener(source).flatten(tensors);
			}
			catch (XaiException e) {
				failure[0] = new XaiException("the model in " + folder + " cannot be used: " + e.getMessage(), e);
			}
			catch (RuntimeException | StackOverflowError e) {
				failure[0] = new XaiException("the graph of the model in " + folder + " is malformed: " + e, e);
			}
		}, "ij-xai flatten", 512L << 20);
		thread.start();
		try {
			thread.join();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new XaiException("loading " + folder + " was interrupted");
		}
		if (failure[0] != null) throw failure[0];
		return result[0];
	}

	/** Restores the SavedModel and reads the value of every variable the flat graph uses. */
	private static Map<String, TensorProto> readVariables(Path folder, MetaGraphDef metaGraph, GraphFlattener.FlatGraph flat) {
		if (flat.variableNodes().isEmpty()) return Map.of();
		Path index = folder.resolve("variables").resolve("variables.index");
		if (!Files.isRegularFile(index)) {
			throw new XaiException(index + " is missing: the model's weights were not saved with it (" + flat.variableNodes().size() + " variables needed)");
		}
		Map<String, NodeDef> nodes = new HashMap<>();
		for (NodeDef node : metaGraph.getGraphDef().getNodeList()) nodes.put(node.getName(), node);
		Map<String, TensorProto> values = new LinkedHashMap<>();
		// soft placement: a model saved on several devices (e.g. two GPUs) restores on this machine's CPU
		ConfigProto anyDevice = ConfigProto.newBuilder().setAllowSoftPlacement(true).build();
		try (SavedModelBundle bundle = SavedModelBundle.loader(folder.toString()).withTags(ModelOptions.TAG).withConfigProto(anyDevice).load()) {
			Graph graph = bundle.graph();
			Session.Runner runner = bundle.session().runner();
			List<String> names = new ArrayList<>(flat.variableNodes());
			for (int i = 0; i < names.size(); i++) {
				NodeDef node = nodes.get(names.get(i));
				GraphOperation variable = graph.operationOrThrow(node.getName());
				if (node.getOp().equals("VarHandleOp")) {
					GraphOperation read = graph.opBuilder("ReadVariableOp", "ijxai_freeze/read_" + i, graph.baseScope())
						.addInput(variable.output(0)).setAttr("dtype", node.getAttrOrThrow("dtype").getType()).build();
					runner.fetch(read.output(0));
				}
				else {
					runner.fetch(variable.output(0));
				}
			}
			try (Result result = runner.run()) {
				for (int i = 0; i < names.size(); i++) values.put(names.get(i), toProto(result.get(i)));
			}
		}
		catch (XaiException e) {
			throw e;
		}
		catch (RuntimeException e) {
			throw new XaiException("the weights of the model in " + folder + " cannot be restored from " + folder.resolve("variables") +
				": " + TensorFlowErrors.firstLine(e.getMessage()), e);
		}
		return values;
	}

	static TensorProto toProto(Tensor tensor) {
		TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
		for (long size : tensor.shape().asArray()) shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(size));
		byte[] bytes = new byte[(int) tensor.numBytes()];
		tensor.asRawTensor().data().read(bytes);
		return TensorProto.newBuilder().setDtype(tensor.dataType()).setTensorShape(shape)
			.setTensorContent(ByteString.copyFrom(bytes)).build();
	}

}
