package ijxai.engine.model;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

import ijxai.engine.XaiException;

/**
 * Float tensors of a TensorFlow checkpoint (a tf.train.Checkpoint, Keras weight file or a
 * SavedModel's variables), read by TensorFlow's own RestoreV2 op given the prefix, never by
 * parsing the bundle. Each tensor is requested with the shape the caller expects, so TensorFlow
 * refuses a stored tensor of another shape before reading it (reads are bounded by the graph).
 */
public final class CheckpointReader {

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
		List<Class<? extends TType>> types = Collections.nCopies(names.size(), TFloat32.class);
		try (Graph graph = new Graph(); Session session = new Session(graph)) {
			Ops tf = Ops.create(graph);
			Restore restore = tf.train.restore(tf.constant(prefix.toString()), tf.constant(UTF_8, names.toArray(String[]::new)), tf.constant(UTF_8, specs), types);
			Session.Runner runner = session.runner();
			restore.tensors().forEach(runner::fetch);
			try (Result result = runner.run()) {
				Map<String, float[]> values = new LinkedHashMap<>();
				for (int i = 0; i < names.size(); i++) values.put(names.get(i), BatchTensors.read(result.get(i)));
				return values;
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
