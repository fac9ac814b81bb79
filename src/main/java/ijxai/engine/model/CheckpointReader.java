package ijxai.engine.model;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.Restore;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

import com.google.protobuf.InvalidProtocolBufferException;

import ijxai.engine.XaiException;

/**
 * Float tensors of a TensorFlow checkpoint (a tf.train.Checkpoint, Keras weight file or a
 * SavedModel's variables), read by TensorFlow's own RestoreV2 op given the prefix, never by
 * parsing the bundle. Each tensor is requested with the shape the caller expects, so TensorFlow
 * refuses a stored tensor of another shape before reading it (reads are bounded by the graph).
 */
public final class CheckpointReader {

	/** The key under which TensorFlow saves a checkpoint's object graph (a serialized TrackableObjectGraph). */
	private static final String OBJECT_GRAPH = "_CHECKPOINTABLE_OBJECT_GRAPH";

	private CheckpointReader() {}

	/**
	 * The tensors named (checkpoint keys such as {@code layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE}),
	 * each of the shape given, in the order given.
	 *
	 * @param prefix the checkpoint's path without {@code .index} (e.g. {@code cp-0005.ckpt} or {@code ckpt-3})
	 */
	public static Map<String, float[]> read(Path prefix, Map<String, long[]> shapes) {
		if (!Files.isRegularFile(Path.of(prefix + ".index")))
			throw new XaiException("no TensorFlow checkpoint " + prefix + " (" + prefix.getFileName() + ".index is missing)");
		if (shapes.isEmpty()) return Map.of();
		List<String> names = new ArrayList<>(shapes.keySet());
		String[] specs = names.stream().map(name -> sliceSpec(shapes.get(name))).toArray(String[]::new);
		Map<String, float[]> values = new LinkedHashMap<>();
		restore(prefix, names, specs, TFloat32.class, result -> {
			for (int i = 0; i < names.size(); i++) values.put(names.get(i), BatchTensors.read(result.get(i)));
		});
		return values;
	}

	/**
	 * The checkpoint's object graph: each saved variable's checkpoint key by its variable name
	 * ({@code full_name}, e.g. {@code conv2d/kernel}), the name its VarHandleOp has in a SavedModel
	 * of the same model and so the name of its frozen constant.
	 */
	public static Map<String, String> keysByVariableName(Path prefix) {
		if (!Files.isRegularFile(Path.of(prefix + ".index")))
			throw new XaiException("no TensorFlow checkpoint " + prefix + " (" + prefix.getFileName() + ".index is missing)");
		byte[][] serialized = new byte[1][];
		restore(prefix, List.of(OBJECT_GRAPH), new String[] {""}, TString.class,
			result -> serialized[0] = ((TString) result.get(0)).asBytes().getObject());
		TrackableObjectGraph graph;
		try {
			graph = TrackableObjectGraph.parseFrom(serialized[0]);
		}
		catch (InvalidProtocolBufferException e) {
			throw new XaiException("the object graph of the checkpoint " + prefix + " is unreadable: " + e.getMessage(), e);
		}
		Map<String, String> keys = new LinkedHashMap<>();
		for (TrackableObject object : graph.getNodesList())
			for (TrackableObject.SerializedTensor tensor : object.getAttributesList()) keys.putIfAbsent(tensor.getFullName(), tensor.getCheckpointKey());
		return keys;
	}

	/** Runs one RestoreV2 op of tensors of one type and hands its result to {@code use} while the tensors are open. */
	private static void restore(Path prefix, List<String> names, String[] specs, Class<? extends TType> type, Consumer<Result> use) {
		List<Class<? extends TType>> types = Collections.nCopies(names.size(), type);
		try (Graph graph = new Graph(); Session session = new Session(graph)) {
			Ops tf = Ops.create(graph);
			Restore restore = tf.train.restore(tf.constant(prefix.toString()), tf.constant(UTF_8, names.toArray(String[]::new)), tf.constant(UTF_8, specs), types);
			Session.Runner runner = session.runner();
			restore.tensors().forEach(runner::fetch);
			try (Result result = runner.run()) {
				use.accept(result);
			}
		}
		catch (TensorFlowException | TFInvalidArgumentException e) {
			throw new XaiException("cannot read the checkpoint " + prefix + ": " + TensorFlowErrors.firstLine(e.getMessage()).strip(), e);
		}
	}

	/** RestoreV2's "full shape, whole slice" spec ("3 3 1 4 -:-:-:-"), which makes TensorFlow check the stored shape; "" for a scalar. */
	static String sliceSpec(long[] shape) {
		if (shape.length == 0) return "";
		String dimensions = LongStream.of(shape).mapToObj(Long::toString).collect(Collectors.joining(" "));
		return dimensions + " " + String.join(":", Collections.nCopies(shape.length, "-"));
	}
}
