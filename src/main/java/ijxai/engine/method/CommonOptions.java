package ijxai.engine.method;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ijxai.engine.Normalization;
import ijxai.engine.XaiException;
import ijxai.engine.model.Device;
import ijxai.engine.model.MemoryBudget;
import ijxai.engine.model.ModelOptions;
import ijxai.engine.model.ScoreKind;
import ijxai.engine.model.Target;

/**
 * The options that are not any one method's own, declared once: every adapter (Fiji dialogs,
 * ImageJ 1.x dialogs and macros, the command line, scripts) renders them from here, as it renders
 * a method's {@link MethodParameter}s. Three groups: how the model is read and run
 * ({@link #MODEL}, every command that loads a model), how images become model input
 * ({@link #INPUT}, every command that feeds images), and what an explanation is about and how it
 * is shown ({@link #EXPLANATION}, every method). The model folder, the image and the output
 * folder are not options here: each adapter has its own way to pick them.
 */
public final class CommonOptions {

	public static final MethodParameter TARGET = MethodParameter.className("target", "Target class", Target.PREDICTED_NAME,
		"the class to explain: 'predicted' (each slice's own top class), a class name of the model, or its number from 0");
	public static final MethodParameter SCORE = MethodParameter.choice("score", "Score",
		"logit: the score before softmax (recommended, it does not depend on the other classes); probability: the model's output; log-softmax: "
			+ "the log of the softmax of the logits (a softmax segmentation's class against the others)", "logit", "probability", "log-softmax");
	public static final MethodParameter REGION = MethodParameter.text("region", "Region",
		"for a per-pixel output, the part of the image explained: x,y,w,h (a rectangle in image pixels), a mask or label image (TIFF/PNG, one "
			+ "explanation per label) or an ImageJ .roi or ROI-set .zip file (one per ROI); in ImageJ also 'selection' (the image's ROI) or "
			+ "'roi manager' (each ROI of the ROI Manager); empty: the whole image");
	public static final MethodParameter REGION_SCORE = MethodParameter.choice("region-score", "Region score",
		"how a per-pixel output's values in the region make the score explained: their sum, or their mean", "sum", "mean");
	public static final MethodParameter RAW = MethodParameter.flag("raw", "Raw (signed, per channel, model-input space)",
		"keep the maps as computed: signed, one per input channel in model-input space, layer maps at the layer's resolution");
	public static final MethodParameter OVERLAY = MethodParameter.number("overlay", "Overlay opacity (0: no overlay)", 0, 0, 1,
		"also make an RGB copy of the image with the map as a coloured overlay of this opacity; 0: no overlay");

	public static final MethodParameter NORMALIZE = MethodParameter.choice("normalize", "Normalization",
		"how pixel values become model input: 0-1 divides by the type's maximum (255 for 8-bit; 32-bit from min..max), percentile stretches "
			+ "1-99.8%, mean-std standardizes, none passes values as they are. Use what the model was trained with", "0-1", "none", "percentile", "mean-std");
	public static final MethodParameter RESIZE = MethodParameter.flag("resize", "Resize to the model's input size",
		"scale images of another size to the model's input size (maps are scaled back); off: such images are refused");
	public static final MethodParameter BATCH = MethodParameter.integer("batch", "Batch size", ExplainOptions.DEFAULT_BATCH_SIZE, 1, Integer.MAX_VALUE,
		"how many images, or generated samples (noisy copies, path points, patches), go through the model at once (fewer when they would exceed "
			+ "the memory budget); smaller uses less memory");
	public static final MethodParameter MEMORY = MethodParameter.integer("memory", "Memory budget (MB, 0: automatic)", 0, 0, Integer.MAX_VALUE,
		"memory a run may use (0: the smaller of Java's maximum heap and half the machine's memory); batches are sized from it and an image of "
			+ "which one sample exceeds it is refused with the estimate");

	public static final MethodParameter SIGNATURE = MethodParameter.text("signature", "Signature",
		"the SavedModel's serving signature; empty: serving_default, or the one taking a float image");
	public static final MethodParameter OUTPUT = MethodParameter.text("output", "Output, tensor or layer",
		"explain another output of the signature, a layer or a tensor; empty: the signature's output");
	public static final MethodParameter TRUST_MODEL = MethodParameter.flag("trust-model", "Trust this model (allow ops beyond pure computation)",
		"tick only for a model from a source you trust: models that would read or write files, run Python or use tf.data are refused unless "
			+ "trusted; recorded in the model's notes and the results. Not remembered").notRemembered();
	public static final MethodParameter DEVICE = MethodParameter.text("device", "Device",
		"where TensorFlow computes: auto (a GPU if this build and the machine have one), cpu, or gpu:0, gpu:1...").withDefault("auto");
	public static final MethodParameter THREADS = MethodParameter.integer("threads", "TensorFlow threads (0: one per core)", 0, 0, 4096,
		"how many processor cores TensorFlow may use; 0: all");

	/** How the model is read and where it runs. */
	public static final List<MethodParameter> MODEL = List.of(SIGNATURE, OUTPUT, TRUST_MODEL, DEVICE, THREADS);
	/** How images become model input and how many go through TensorFlow at once. */
	public static final List<MethodParameter> INPUT = List.of(NORMALIZE, RESIZE, BATCH, MEMORY);
	/** What an explanation is about and how it is shown. */
	public static final List<MethodParameter> EXPLANATION = List.of(TARGET, SCORE, REGION, REGION_SCORE, RAW, OVERLAY);

	private CommonOptions() {}

	/** Every common option an explanation method has, in dialog order. */
	public static List<MethodParameter> ofMethods() {
		List<MethodParameter> all = new ArrayList<>(EXPLANATION);
		all.addAll(INPUT);
		all.addAll(MODEL);
		return List.copyOf(all);
	}

	/** Whether {@code name} is one of the common options. */
	public static boolean isCommon(String name) {
		return ofMethods().stream().anyMatch(p -> p.name().equals(name));
	}

	/**
	 * The common options' values, checked, from text as a user gave it (keys as the options'
	 * names; FLAG values "true"/"false"). Keys that are not common options are ignored (they are
	 * the method's); options not given take their defaults.
	 */
	public static Values parse(Map<String, String> given) {
		Map<String, String> checked = new java.util.HashMap<>();
		for (MethodParameter p : ofMethods()) checked.put(p.name(), MethodSettings.check("", p, given.getOrDefault(p.name(), p.defaultValue()).trim()));
		ModelOptions model = new ModelOptions(checked.get(SIGNATURE.name()), checked.get(OUTPUT.name()))
			.withTrusted(Boolean.parseBoolean(checked.get(TRUST_MODEL.name())))
			.withDevice(Device.parse(checked.get(DEVICE.name())))
			.withThreads(Integer.parseInt(checked.get(THREADS.name())));
		Target target = Target.parse(checked.get(TARGET.name())).inRegions(checked.get(REGION.name()), checked.get(REGION_SCORE.name()).equals("mean"));
		return new Values(target, ScoreKind.parse(checked.get(SCORE.name())), Boolean.parseBoolean(checked.get(RAW.name())),
			Double.parseDouble(checked.get(OVERLAY.name())), Normalization.parse(checked.get(NORMALIZE.name())), Boolean.parseBoolean(checked.get(RESIZE.name())),
			Integer.parseInt(checked.get(BATCH.name())), MemoryBudget.megabytes(Long.parseLong(checked.get(MEMORY.name()))), model);
	}

	/**
	 * The common options' values.
	 *
	 * @param overlay opacity of the heatmap overlay, 0 for none
	 * @param batch at most this many samples per TensorFlow call (the memory budget may lower it)
	 */
	public record Values(Target target, ScoreKind score, boolean raw, double overlay, Normalization normalization, boolean resize, int batch,
		MemoryBudget memory, ModelOptions model) {

		public Values {
			if (batch < 1) throw new XaiException("batch size must be at least 1, not " + batch);
		}

		/** The options of an explanation with these values and the method's own settings. */
		public ExplainOptions explainOptions(MethodSettings settings) {
			return new ExplainOptions(target, score, batch, raw, settings);
		}
	}
}
