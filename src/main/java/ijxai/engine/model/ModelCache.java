package ijxai.engine.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loaded models by folder and options, so that a model used again is not loaded again; a
 * model whose files changed on disk is reloaded. Models are lent out: a model replaced (or the
 * cache closed) while a command still uses it is closed when that command returns its lease.
 */
public final class ModelCache implements AutoCloseable {

	private record Key(Path folder, ModelOptions options) {}

	/** A loaded model, how many leases hold it, and whether it has left the cache (close it when the last lease returns). */
	private static final class Entry {
		final LoadedModel model;
		final String stamp;
		int leases;
		boolean retired;

		Entry(LoadedModel model, String stamp) {
			this.model = model;
			this.stamp = stamp;
		}
	}

	/** The use of one cached model by one command; closing it returns the model to the cache. */
	public final class Lease implements AutoCloseable {
		private final Entry entry;
		private boolean returned;

		private Lease(Entry entry) {
			this.entry = entry;
		}

		public LoadedModel model() {
			return entry.model;
		}

		@Override
		public void close() {
			synchronized (ModelCache.this) {
				if (returned) return;
				returned = true;
				entry.leases--;
				closeIfUnused(entry);
			}
		}
	}

	private final Map<Key, Entry> models = new HashMap<>();

	/** The process-wide cache used by the Fiji commands and ImageJ plugins. */
	public static final ModelCache SHARED = new ModelCache();

	/** The model of a folder, loaded or reloaded if need be, lent until the lease is closed. */
	public synchronized Lease lease(Path folder, ModelOptions options) {
		Path normalized = folder.toAbsolutePath().normalize();
		Key key = new Key(normalized, options);
		String stamp = stamp(normalized);
		Entry entry = models.get(key);
		if (entry == null || !entry.stamp.equals(stamp)) {
			if (entry != null) retire(entry);
			models.remove(key);
			entry = new Entry(new SavedModelLoader(options).load(normalized), stamp);
			models.put(key, entry);
		}
		entry.leases++;
		return new Lease(entry);
	}

	private void retire(Entry entry) {
		entry.retired = true;
		closeIfUnused(entry);
	}

	private static void closeIfUnused(Entry entry) {
		if (entry.retired && entry.leases == 0) entry.model.close();
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
		models.values().forEach(this::retire);
		models.clear();
	}
}
