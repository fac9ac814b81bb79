package ijxai.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import ijxai.engine.XaiException;
import ijxai.engine.bioimage.ModelPackage;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelOptions;

/**
 * What {@code --model} and every dialog's model field name: a TensorFlow SavedModel folder, or a
 * bioimage.io package (a zip, or a folder with rdf.yaml or model.yaml) whose SavedModel weights
 * are leased from the model cache with the package kept beside them. The engine's model package
 * knows nothing of packages; this is where the two meet.
 */
public final class ModelSource {

	/** A package opened once per file state (size and modification time): a zip is hashed and unpacked once. */
	private record Opened(long size, long modified, ModelPackage pack) {}

	private static final Map<Path, Opened> PACKAGES = new ConcurrentHashMap<>();

	/** A leased model and the package it came from, if any; closing it returns the model to the cache. */
	public static final class Lease implements AutoCloseable {
		private final ModelCache.Lease lease;
		private final ModelPackage pack;

		private Lease(ModelCache.Lease lease, ModelPackage pack) {
			this.lease = lease;
			this.pack = pack;
		}

		public LoadedModel model() {
			return lease.model();
		}

		/** The bioimage.io package the model came from, or nothing for a bare SavedModel folder. */
		public Optional<ModelPackage> pack() {
			return Optional.ofNullable(pack);
		}

		@Override
		public void close() {
			lease.close();
		}
	}

	private ModelSource() {}

	/** The model at {@code path} (a SavedModel folder or a package), lent from {@code cache} until the lease is closed. */
	public static Lease lease(ModelCache cache, Path path, ModelOptions options) {
		ModelPackage pack = ModelPackage.isPackage(path) ? open(path) : null;
		return new Lease(pack == null ? cache.lease(path, options) : cache.lease(pack.savedModel(), options.withPackageClassNames(pack.classNames())), pack);
	}

	/** The package at {@code path}, opened (and for a zip unpacked into the package cache) once while the file stays the same. */
	public static ModelPackage open(Path path) {
		Path key = path.toAbsolutePath().normalize();
		BasicFileAttributes attributes;
		try {
			attributes = Files.readAttributes(key, BasicFileAttributes.class);
		}
		catch (IOException e) {
			throw new XaiException("model package " + key + " cannot be read: " + e.getMessage(), e);
		}
		// a folder's own time does not change with its files' contents: folders are read again each time
		if (attributes.isDirectory()) return ModelPackage.open(key);
		Opened opened = PACKAGES.get(key);
		// the package cache may have been cleared (or moved, by ijxai.packageCache) since: then unpack again
		if (opened == null || opened.size() != attributes.size() || opened.modified() != attributes.lastModifiedTime().toMillis()
			|| !Files.isDirectory(opened.pack().savedModel()))
		{
			opened = new Opened(attributes.size(), attributes.lastModifiedTime().toMillis(), ModelPackage.open(key));
			PACKAGES.put(key, opened);
		}
		return opened.pack();
	}

	/** The package at {@code path}, or a message saying that it is not one. */
	public static ModelPackage requirePackage(Path path) {
		if (!Files.exists(path)) throw new XaiException("model package " + path + " does not exist");
		if (!ModelPackage.isPackage(path)) {
			throw new XaiException(path + " is not a bioimage.io model package: neither a .zip nor a folder holding rdf.yaml or model.yaml");
		}
		return open(path);
	}
}
