package ijxai.image;

import java.awt.EventQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import ijxai.engine.bioimage.ModelPackage;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.ModelOptions;
import ijxai.engine.model.Target;

/**
 * What a dialog offers for a field naming one of a model's classes or layers, in Fiji and in
 * ImageJ 1.x alike: "predicted" or "default" first, then the model's own names.
 */
public final class ModelChoices {

	/** The class item for the class each slice is predicted as. */
	public static final String PREDICTED = Target.PREDICTED.toString();
	/** The layer item (and macro value) that leaves the layer to the method, as an empty option does. */
	public static final String DEFAULT_LAYER = "default";

	private ModelChoices() {}

	/** "predicted", then the model's class names (only "predicted" without a model). */
	public static List<String> classes(ModelInfo info) {
		List<String> items = new ArrayList<>(List.of(PREDICTED));
		if (info != null) items.addAll(info.classes());
		return items;
	}

	/**
	 * "default", then the layers with a spatial output, then the others, each in graph order; by
	 * path, those inside nested models included (each nested model just before its layers).
	 */
	public static List<String> layers(ModelInfo info) {
		List<String> items = new ArrayList<>(List.of(DEFAULT_LAYER));
		if (info != null) {
			for (ModelInfo.Layer layer : info.tree()) if (ModelInfo.isSpatial(layer)) items.add(layer.name());
			for (ModelInfo.Layer layer : info.tree()) if (!ModelInfo.isSpatial(layer)) items.add(layer.name());
		}
		return items;
	}

	/** A layer item as the methods take it: a layer name, or "" for the method's own. */
	public static String layerOption(String item) {
		String layer = item.trim();
		return layer.equals(DEFAULT_LAYER) ? "" : layer;
	}

	/** The model of a folder, or null when it does not load: the choices only help, the run reports the error. */
	public static ModelInfo read(String folder, ModelOptions options) {
		try {
			// a folder without a SavedModel (a path being typed, say) is not worth a look in the model cache
			if (folder == null || folder.isBlank() || !Files.isRegularFile(Path.of(folder, "saved_model.pb")) && !ModelPackage.isPackage(Path.of(folder))) return null;
			try (ModelSource.Lease lease = ModelSource.lease(ModelCache.SHARED, Path.of(folder), options)) {
				return lease.model().info();
			}
		}
		catch (RuntimeException | LinkageError e) {
			return null;
		}
	}

	/**
	 * Reads models for an open dialog in the background (loading takes seconds), one at a time: the
	 * dialog stays responsive, a request that a newer one replaced before it started is dropped
	 * (typing a path or a layer name asks once per keystroke), and only the model of the latest
	 * request reaches the dialog, on the event thread.
	 */
	public static final class Reader {

		/** How long a request waits for a newer one before it reads. */
		private static final long SETTLE_MILLIS = 300;

		private final AtomicInteger requests = new AtomicInteger();
		/** One thread, gone a few seconds after the dialog stops asking. */
		private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
			Thread thread = new Thread(task, "ij-xai model lists");
			thread.setDaemon(true);
			return thread;
		});

		public Reader() {
			worker.allowCoreThreadTimeOut(true);
		}

		public void read(String folder, ModelOptions options, Consumer<ModelInfo> fill) {
			read(() -> ModelChoices.read(folder, options), fill);
		}

		/** As {@link #read(String, ModelOptions, Consumer)}, for any work that reads a model. */
		public <T> void read(Supplier<T> work, Consumer<T> fill) {
			int request = requests.incrementAndGet();
			worker.execute(() -> {
				try {
					Thread.sleep(SETTLE_MILLIS);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					return;
				}
				if (request != requests.get()) return;
				T read = work.get();
				EventQueue.invokeLater(() -> {
					if (request == requests.get()) fill.accept(read);
				});
			});
		}
	}
}
