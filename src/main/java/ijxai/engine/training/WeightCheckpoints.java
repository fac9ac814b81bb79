package ijxai.engine.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import ijxai.engine.XaiException;
import ijxai.engine.model.CheckpointWeights;
import ijxai.engine.model.LoadedModel;

/**
 * A folder of TensorFlow checkpoints written during training (Keras {@code cp-0005.ckpt.index/.data-*}
 * or tf.train.Checkpoint {@code ckpt-3.index/.data-*}), each restored into one SavedModel's flattened graph.
 */
public final class WeightCheckpoints {

	private static final String INDEX = ".index";

	private WeightCheckpoints() {}

	/**
	 * The checkpoints in {@code folder} (one per {@code .index} file, in the natural order of their
	 * names: ckpt-2 before ckpt-10), each opened as a copy of {@code model}, which the caller keeps open and closes.
	 */
	public static Checkpoints of(LoadedModel model, Path folder) {
		List<Path> prefixes;
		try (Stream<Path> children = Files.list(folder)) {
			prefixes = children.filter(child -> child.getFileName().toString().endsWith(INDEX) && Files.isRegularFile(child))
				.map(index -> index.resolveSibling(index.getFileName().toString().substring(0, index.getFileName().toString().length() - INDEX.length())))
				.sorted(Checkpoints.NATURAL_ORDER).toList();
		}
		catch (IOException e) {
			throw new XaiException("cannot list the checkpoint folder " + folder + ": " + e.getMessage());
		}
		if (prefixes.isEmpty()) throw new XaiException("the folder " + folder + " holds no TensorFlow checkpoints (files NAME.index with their NAME.data-*)");
		return new Checkpoints() {
			@Override public List<String> names() { return prefixes.stream().map(prefix -> prefix.getFileName().toString()).toList(); }
			@Override public LoadedModel open(int index) { return CheckpointWeights.restore(model, prefixes.get(index)); }
		};
	}
}
