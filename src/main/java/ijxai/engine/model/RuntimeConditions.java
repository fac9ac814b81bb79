package ijxai.engine.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TBool;

import ijxai.engine.XaiException;
import ijxai.engine.graph.GraphFlattener;

/**
 * The conditionals of a model's graph whose predicate only the input tells (e.g. a crop that
 * depends on the image size), and the graph with them decided, once per decision: TensorFlow's
 * C++ gradients do not cross {@code If}, so gradients run on a copy with the branches taken
 * inlined. Owns those copies; not thread-safe: its {@link LoadedModel} serializes the calls.
 */
final class RuntimeConditions implements AutoCloseable {

	private final Graph graph;
	private final ModelInfo info;
	private final Placement placement;
	private final List<GraphOperation> conditions = new ArrayList<>();
	/** The graph with the conditionals decided, by decision. */
	private final Map<List<Boolean>, LoadedModel> specialized = new HashMap<>();

	RuntimeConditions(Graph graph, ModelInfo info, Placement placement) {
		this.graph = graph;
		this.info = info;
		this.placement = placement;
		graph.operations().forEachRemaining(op -> {
			if (GraphFlattener.IF_OPS.contains(op.type())) conditions.add(op);
		});
	}

	boolean isEmpty() {
		return conditions.isEmpty();
	}

	/** Asks a run for every predicate, in order: read them with {@link #decisions}. */
	void fetchPredicates(Session.Runner runner) {
		for (GraphOperation condition : conditions) runner.fetch(condition.input(0));
	}

	/** The predicates' values from a run that fetched them first. */
	List<Boolean> decisions(Result result) {
		List<Boolean> decisions = new ArrayList<>();
		for (int i = 0; i < conditions.size(); i++) {
			Tensor value = result.get(i);
			if (value.shape().size() != 1 || !(value instanceof TBool)) {
				throw new XaiException("the model in " + info.folder() + " has a conditional '" + conditions.get(i).name() +
					"' on a non-scalar predicate, which cannot be differentiated");
			}
			decisions.add(((TBool) value).getBoolean(new long[value.shape().numDimensions()]));
		}
		return decisions;
	}

	/** The model with the conditionals decided so, built on first use. */
	LoadedModel specializedFor(List<Boolean> decisions) {
		LoadedModel model = specialized.get(decisions);
		if (model == null) {
			Map<String, Boolean> decided = new HashMap<>();
			for (int i = 0; i < decisions.size(); i++) decided.put(conditions.get(i).name(), decisions.get(i));
			GraphDef source = graph.toGraphDef();
			GraphFlattener.FlatGraph flat = new GraphFlattener(source, decided).flatten(List.of(info.inputTensor(), info.outputTensor(), info.logitsTensor()));
			// inlining renames a tensor that is itself a conditional's output
			Map<String, String> renamed = flat.tensors();
			ModelInfo decidedInfo = new ModelInfo(info.folder(), info.signature(), info.inputName(), renamed.getOrDefault(info.inputTensor(), info.inputTensor()),
				info.inputShape(), info.outputName(), renamed.getOrDefault(info.outputTensor(), info.outputTensor()), info.outputShape(),
				info.outputActivation(), renamed.getOrDefault(info.logitsTensor(), info.logitsTensor()), info.layers(), info.classes(), info.notes());
			Graph decidedGraph = new Graph();
			try {
				decidedGraph.importGraphDef(flat.graphDef());
				model = new LoadedModel(decidedGraph, decidedInfo, placement);
			}
			catch (RuntimeException e) {
				decidedGraph.close();
				throw new XaiException("the model in " + info.folder() + " could not be specialized for this image size: " + e.getMessage(), e);
			}
			specialized.put(decisions, model);
		}
		return model;
	}

	@Override
	public void close() {
		specialized.values().forEach(LoadedModel::close);
	}
}
