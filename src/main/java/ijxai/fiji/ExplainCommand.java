package ijxai.fiji;

import java.io.File;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.ui.UIService;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import ijxai.engine.Normalization;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.Device;
import ijxai.engine.model.MemoryBudget;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelOptions;
import ijxai.engine.model.ScoreKind;
import ijxai.engine.model.Target;
import ijxai.image.ExplainRun;

/**
 * The SciJava command shape of every explanation method: Fiji dialogs, scripts
 * ({@code #@ CommandService}) and headless runs. Subclasses name their method and declare its
 * options as parameters named like them (see {@link #methodField}).
 */
public abstract class ExplainCommand extends ContextCommand {

	@Parameter(label = "Image", description = "the image or stack to explain; each slice is explained on its own. It is never changed")
	private ImagePlus image;

	@Parameter(label = ModelParameter.LABEL, style = "directory", persistKey = ModelParameter.PERSIST_KEY, description = ModelParameter.DESCRIPTION)
	private File model;

	/** Not remembered: a class of one model means nothing to the next, and scripts that leave it out mean the prediction. */
	@Parameter(style = ModelListWidget.CLASSES, label = "Target class", persist = false, description = "the class to explain: 'predicted' (each slice's own top class), "
		+ "or a class name of the model, or its number from 0 (Model › Model info lists them)")
	private String target = "predicted";

	@Parameter(label = "Score", choices = { "logit", "probability" },
		description = "logit: the score before softmax (recommended, it does not depend on the other classes); probability: the model's output")
	private String score = "logit";

	@Parameter(label = "Normalization", choices = { "0-1", "none", "percentile", "mean-std" }, description = NORMALIZATION_DESCRIPTION)
	private String normalize = "0-1";

	@Parameter(label = "Batch size", min = "1", description = "how many images, or generated samples (noisy copies, path points, patches), go through the model at once; smaller uses less memory")
	private int batch = ExplainOptions.DEFAULT_BATCH_SIZE;

	@Parameter(label = "Resize to the model's input size", description = RESIZE_DESCRIPTION)
	private boolean resize;

	@Parameter(label = "Raw (signed, per channel, model-input space)",
		description = "keep the maps as computed: signed, one per input channel, at the model's resolution, not scaled to the image")
	private boolean raw;

	@Parameter(label = "Signature", required = false, description = SIGNATURE_DESCRIPTION)
	private String signature = "";

	@Parameter(label = "Output, tensor or layer", required = false, description = OUTPUT_DESCRIPTION)
	private String output = "";

	@Parameter(label = "Device", required = false, description = DEVICE_DESCRIPTION)
	private String device = "auto";

	@Parameter(label = "TensorFlow threads (0: one per core)", min = "0", max = "4096", description = THREADS_DESCRIPTION)
	private int threads;

	@Parameter(label = "Overlay opacity (0: no overlay)", min = "0", max = "1", stepSize = "0.1",
		description = "also make an RGB copy of the image with the map as a coloured overlay of this opacity; 0: no overlay")
	private double overlay;

	@Parameter(label = ModelCommand.TRUST_LABEL, description = ModelCommand.TRUST_DESCRIPTION, persist = false)
	private boolean trustModel;

	@Parameter(label = "Memory budget (MB, 0: automatic)", min = "0", description = MEMORY_DESCRIPTION)
	private long memory;

	@Parameter(type = ItemIO.OUTPUT, label = "Maps", description = "the explanation: one map per slice, labelled with the class and its score")
	private ImagePlus maps;

	@Parameter(type = ItemIO.OUTPUT, required = false, label = "Overlay", description = "the image with the map as a coloured overlay")
	private ImagePlus overlayImage;

	@Parameter(type = ItemIO.OUTPUT, required = false, label = "Adversarial image", description = "the attacked image, in the input's type")
	private ImagePlus adversarial;

	@Parameter(type = ItemIO.OUTPUT, required = false, label = "Montage", description = "input, map and overlay side by side")
	private ImagePlus montage;

	@Parameter(type = ItemIO.OUTPUT, label = "Predictions", description = "per slice: the top classes and their scores, before and after")
	private ResultsTable predictions;

	@Parameter(required = false)
	private StatusService status;

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private UIService ui;

	static final String NORMALIZATION_DESCRIPTION = "how pixel values become model input: 0-1 divides by the type's maximum (255 for 8-bit), "
		+ "percentile stretches 1-99.8%, mean-std standardizes, none passes values as they are. Use what the model was trained with";
	static final String RESIZE_DESCRIPTION = "scale images of another size to the model's input size (maps are scaled back); "
		+ "off: such images are refused";
	static final String DEVICE_DESCRIPTION = "where TensorFlow computes: auto, cpu, or gpu:0, gpu:1... (a GPU needs the GPU build)";
	static final String THREADS_DESCRIPTION = "how many processor cores TensorFlow may use; 0: all";
	static final String MEMORY_DESCRIPTION = "memory the run may use; batches are sized from it and a larger image is refused rather than crashing Fiji";
	static final String SIGNATURE_DESCRIPTION = "the SavedModel's serving signature; empty: serving_default";
	static final String OUTPUT_DESCRIPTION = "explain another output of the signature, a layer or a tensor; empty: the signature's output";

	private ModelOptions modelOptions() {
		return new ModelOptions(signature, output).withTrusted(trustModel).withDevice(Device.parse(device)).withThreads(threads);
	}

	protected abstract Explainer method();

	@Override
	public void run() {
		Failures.run(this, ui, log, method().title(), this::explain);
	}

	private void explain() {
		try {
			ExplainRun.Settings settings = new ExplainRun.Settings(model.toPath(), modelOptions(), Normalization.parse(normalize), resize, overlay, MemoryBudget.megabytes(memory));
			Map<String, String> values = new HashMap<>();
			Map<String, ImagePlus> images = new HashMap<>();
			for (MethodParameter p : method().parameters()) {
				Object value = methodField(p).get(this);
				// SciJava may fill an optional image input with an image without pixels: that is no image given
				if (value instanceof ImagePlus other) {
					if (other.getProcessor() != null) images.put(p.name(), other);
				}
				else if (value != null) values.put(p.name(), value.toString());
			}
			ExplainOptions options = new ExplainOptions(Target.parse(target), ScoreKind.parse(score), batch, raw, new MethodSettings(values, Map.of()));
			ExplainRun.Output result = ExplainRun.explain(image, settings, method(), options, images, ModelCache.SHARED,
				new FijiProgress(status, this::isCanceled));
			maps = result.maps();
			overlayImage = result.overlay();
			adversarial = result.input();
			montage = result.montage();
			predictions = result.predictions();
			if (result.placement().fallback() != null) log.warn("ij-xai: " + result.placement().describe());
			else log.info("ij-xai: " + result.placement().describe());
		}
		catch (ReflectiveOperationException e) {
			throw new IllegalStateException(getClass().getName() + " does not declare the options of " + method().name(), e);
		}
	}

	/**
	 * The field holding a method option: the option's name in camel case (blur-sigma → blurSigma),
	 * declared by the command of that method.
	 */
	Field methodField(MethodParameter parameter) throws NoSuchFieldException {
		StringBuilder name = new StringBuilder();
		for (String part : parameter.name().split("-")) name.append(name.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
		for (Class<?> type = getClass(); type != ContextCommand.class; type = type.getSuperclass()) {
			try {
				Field field = type.getDeclaredField(name.toString());
				field.setAccessible(true);
				return field;
			}
			catch (NoSuchFieldException e) {
				// declared further up
			}
		}
		throw new NoSuchFieldException(name.toString());
	}

	/** Accessors for scripts and tests. */
	public ImagePlus maps() { return maps; }

	public ImagePlus overlay() { return overlayImage; }

	public ImagePlus montage() { return montage; }

	public ResultsTable predictions() { return predictions; }

}
