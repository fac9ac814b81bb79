package ijxai.fiji;

import java.io.File;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.ui.DialogPrompt;
import org.scijava.ui.UIService;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import ijxai.engine.Device;
import ijxai.engine.ExplainOptions;
import ijxai.engine.MemoryBudget;
import ijxai.engine.MethodParameter;
import ijxai.engine.MethodSettings;
import ijxai.engine.Explainer;
import ijxai.engine.ModelCache;
import ijxai.engine.ModelOptions;
import ijxai.engine.Normalization;
import ijxai.engine.ScoreKind;
import ijxai.engine.Target;
import ijxai.engine.XaiException;
import ijxai.image.ExplainRun;

/**
 * The SciJava command shape of every explanation method: Fiji dialogs, scripts
 * ({@code #@ CommandService}) and headless runs. Subclasses name their method and declare its
 * options as parameters named like them (see {@link #methodField}).
 */
public abstract class ExplainCommand extends ContextCommand {

	@Parameter(label = "Image")
	private ImagePlus image;

	@Parameter(label = "Model folder", style = "directory", persist = true, description = "a TensorFlow SavedModel folder")
	private File model;

	@Parameter(label = "Target class", description = "'predicted', a class index or a class name")
	private String target = "predicted";

	@Parameter(label = "Score", choices = { "logit", "probability" }, description = "the pre-activation logit or the model's output")
	private String score = "logit";

	@Parameter(label = "Normalization", choices = { "0-1", "none", "percentile", "mean-std" })
	private String normalize = "0-1";

	@Parameter(label = "Batch size", min = "1")
	private int batch = ExplainOptions.DEFAULT_BATCH_SIZE;

	@Parameter(label = "Resize to the model's input size")
	private boolean resize;

	@Parameter(label = "Raw (signed, per channel, model-input space)")
	private boolean raw;

	@Parameter(label = "Signature", required = false)
	private String signature = "";

	@Parameter(label = "Output, tensor or layer", required = false)
	private String output = "";

	@Parameter(label = "Device", required = false, description = "auto, cpu or gpu:N")
	private String device = "auto";

	@Parameter(label = "TensorFlow threads (0: one per core)", min = "0")
	private int threads;

	@Parameter(label = "Overlay opacity (0: no overlay)", min = "0", max = "1", stepSize = "0.1")
	private double overlay;

	@Parameter(label = ModelCommand.TRUST_LABEL, description = ModelCommand.TRUST_DESCRIPTION, persist = false)
	private boolean trustModel;

	@Parameter(label = "Memory budget (MB, 0: automatic)", min = "0", description = "batches are sized from it; a larger image is refused")
	private long memory;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus maps;

	@Parameter(type = ItemIO.OUTPUT, required = false)
	private ImagePlus overlayImage;

	@Parameter(type = ItemIO.OUTPUT, required = false, label = "Adversarial image")
	private ImagePlus adversarial;

	@Parameter(type = ItemIO.OUTPUT, required = false, label = "Montage")
	private ImagePlus montage;

	@Parameter(type = ItemIO.OUTPUT)
	private ResultsTable predictions;

	@Parameter(required = false)
	private StatusService status;

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private UIService ui;

	protected abstract Explainer method();

	@Override
	public void run() {
		try {
			ExplainRun.Settings settings = new ExplainRun.Settings(model.toPath(),
				new ModelOptions(signature, output).withTrusted(trustModel).withDevice(Device.parse(device)).withThreads(threads),
				Normalization.parse(normalize), resize, overlay, MemoryBudget.megabytes(memory));
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
		catch (XaiException e) {
			fail(e.getMessage());
		}
		catch (OutOfMemoryError e) {
			fail(MemoryBudget.OUT_OF_MEMORY);
		}
		catch (CancellationException e) {
			cancel("cancelled");
		}
	}

	private void fail(String message) {
		cancel(message);
		if (ui != null && !ui.isHeadless()) ui.showDialog(message, "ij-xai: " + method().title(), DialogPrompt.MessageType.ERROR_MESSAGE);
		else log.error("ij-xai: " + message);
	}

	/**
	 * The field holding a method option: the option's name in camel case (blur-sigma → blurSigma),
	 * declared by the command of that method.
	 */
	Field methodField(MethodParameter parameter) throws NoSuchFieldException {
		StringBuilder name = new StringBuilder();
		for (String part : parameter.name().split("-")) name.append(name.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
		for (Class<?> type = getClass(); type != ExplainCommand.class; type = type.getSuperclass()) {
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
