package ijxai.engine.model;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.tensorflow.GraphOperation;
import org.tensorflow.proto.DataType;

import ijxai.engine.XaiException;

/**
 * A model with the weights of a training checkpoint (Keras {@code ModelCheckpoint(save_weights_only=True)}
 * or {@code tf.train.Checkpoint} files) in place of its own. A checkpoint's object graph names each
 * saved variable ({@code full_name}) as the SavedModel's VarHandleOp of the same variable is named,
 * which is the name of its frozen constant (measured on TF 2.21 tf_keras exports); the checkpoint
 * keys themselves differ between the formats (layer_with_weights-0/kernel, model/..., weights/0).
 * Optimizer slots and counters in the checkpoint have no constant and are skipped.
 */
public final class CheckpointWeights {

	private CheckpointWeights() {}

	/** A copy of {@code model} with the checkpoint's weights; the caller closes it. */
	public static LoadedModel restore(LoadedModel model, Path prefix) {
		Map<String, String> keys = CheckpointReader.keysByVariableName(prefix);
		Map<String, long[]> shapes = new LinkedHashMap<>();
		Map<String, String> variableByKey = new LinkedHashMap<>();
		List<GraphOperation> constants = floatConstants(model);
		Set<String> names = constants.stream().map(GraphOperation::name).collect(Collectors.toSet());
		for (GraphOperation op : constants) {
			String key = keys.get(variableName(op.name(), names));
			if (key == null) continue;
			String other = variableByKey.put(key, op.name());
			if (other != null) {
				throw new XaiException("the checkpoint " + prefix + " saves " + key + " once, but the model in " + model.info().folder() +
					" has two weights it could be: " + other + " and " + op.name());
			}
			shapes.put(key, op.output(0).shape().asArray());
		}
		if (shapes.isEmpty()) {
			throw new XaiException("the checkpoint " + prefix + " holds none of the weights of the model in " + model.info().folder() +
				": it saves " + keys.keySet());
		}
		// a checkpoint of another model, or of part of this one, would leave weights as they were: name them
		Set<String> variables = SavedModelLoader.variableOps(Path.of(model.info().folder())).keySet();
		List<String> missing = constants.stream().map(GraphOperation::name).filter(name -> variables.contains(name) && !variableByKey.containsValue(name))
			.sorted().toList();
		if (!missing.isEmpty()) {
			throw new XaiException("the checkpoint " + prefix + " does not hold " + missing.size() + " weight(s) of the model in " + model.info().folder() + ": "
				+ String.join(", ", missing.subList(0, Math.min(10, missing.size()))) + (missing.size() > 10 ? ", ..." : "") + "; it saves " + keys.keySet());
		}
		Map<String, float[]> values = new LinkedHashMap<>();
		CheckpointReader.read(prefix, shapes).forEach((key, value) -> values.put(variableByKey.get(key), value));
		return model.withConstants(values);
	}

	/**
	 * The variable a frozen constant was: its own name, or without a "_1" suffix when no constant
	 * has that name (a Keras 3 export's serving graph reads copies "sequential/d/kernel_1" of the
	 * variables its checkpoints call "sequential/d/kernel"; measured with Keras 3.15).
	 */
	private static String variableName(String constant, Set<String> constants) {
		Matcher copy = COPY.matcher(constant);
		return copy.matches() && !constants.contains(copy.group(1)) ? copy.group(1) : constant;
	}

	private static final Pattern COPY = Pattern.compile("(.+)_\\d+");

	private static List<GraphOperation> floatConstants(LoadedModel model) {
		return model.operations().stream()
			.filter(op -> op.type().equals("Const") && op.numOutputs() == 1 && op.output(0).dataType() == DataType.DT_FLOAT)
			.toList();
	}
}
