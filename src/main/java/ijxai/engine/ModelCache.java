package ijxai.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loaded models by folder and options, so that a model used again is not loaded again; a
 * model whose files changed on disk is reloaded. Closing the cache closes every model.
 */
public final class ModelCache implements AutoCloseable {

	private record Key(Path folder, ModelOptions options) {}

	private record Entry(LoadedModel model, String stamp) {}

	private final Map<Key, Entry> models = new HashMap<>();

	/** The process-wide cache used by the Fiji commands and ImageJ plugins. */
	public static final ModelCache SHARED = new ModelCache();

	public synchronized LoadedModel get(Path folder, ModelOptions options) {
		Path normalized = folder.toAbsolutePath().normalize();
		Key key = new Key(normalized, options);
		String stamp = stamp(normalized);
		Entry entry = models.get(key);
		if (entry != null && entry.stamp().equals(stamp)) return entry.model();
		if (entry != null) entry.model().close();
		LoadedModel model = new SavedModelLoader(options).load(normalized);
		models.put(key, new Entry(model, stamp));
		return model;
	}

	/** Sizes and modification times of the files that make the model. */
	private static String stamp(Path folder) {
		if (!Files.isDirectory(folder)) return "missing";
		StringBuilder stamp = new StringBuilder();
		try (Stream<Path> files = Files.walk(folder, 3)) {
			files.filter(Files::isRegularFile).sorted().forEach(file -> {
				try {
					stamp.append(file).append(Files.size(file)).append(Files.getLastModifiedTime(file).toMillis()).append(';');
				}
				catch (IOException e) {
					throw new UncheckedIOException(e);
				}
			});
		}
		catch (IOException | UncheckedIOException e) {
			return "unreadable";
		}
		return stamp.toString();
	}

	public synchronized int size() {
		return models.size();
	}

	@Override
	public synchronized void close() {
		models.values().forEach(entry -> entry.model().close());
		models.clear();
	}
}
