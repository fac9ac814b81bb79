package ijxai.ij1;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

import ij.IJ;
import ij.Macro;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import ijxai.engine.Explainers;
import ijxai.engine.Normalization;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
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
import ijxai.engine.model.TensorFlowRuntime;
import ijxai.image.ExplainImage;
import ijxai.image.ModelChoices;

/**
 * ImageJ 1.x entry for every explanation method ({@code plugins.config} passes the method name):
 * a GenericDialog, so options are macro-recordable, e.g.
 * {@code run("Saliency map", "model=[/path/to/model] target=predicted normalize=0-1");}
 */
public class ExplainPlugin implements PlugIn {

	static final String MODEL_PREF = "ijxai.model";
	static final String[] NORMALIZATIONS = { "0-1", "none", "percentile", "mean-std" };
	static final String NORMALIZE_HELP = "how image values become model input: 0-1 (divided by 255 or 65535; 32-bit from min..max), "
		+ "none, percentile (1st..99.8th percentile to 0..1), mean-std (zero mean, unit deviation).";
	private static final String[] SCORES = { "logit", "probability" };

	@Override
	public void run(String methodName) {
		ImagePlus image = WindowManager.getCurrentImage();
		if (image == null) {
			error("ij-xai", "Open an image first.");
			return;
		}
		try {
			// the methods' classes already need TensorFlow: a clashing TensorFlow Java is named before them
			TensorFlowRuntime.check();
		}
		catch (XaiException e) {
			error("ij-xai", e.getMessage());
			return;
		}
		Explainer method = Explainers.byName(methodName);
		GenericDialog dialog = new GenericDialog(method.title());
		ModelFields modelFields = new ModelFields(dialog);
		modelFields.addClassField("target", ModelChoices.PREDICTED);
		dialog.addChoice("score", SCORES, SCORES[0]);
		dialog.addChoice("normalize", NORMALIZATIONS, NORMALIZATIONS[0]);
		dialog.addNumericField("batch", ExplainOptions.DEFAULT_BATCH_SIZE, 0);
		dialog.addCheckbox("resize", false);
		dialog.addCheckbox("raw", false);
		dialog.addStringField("device", "auto", 8);
		dialog.addNumericField("threads", 0, 0, 3, "(0: one per core)");
		dialog.addNumericField("overlay", 0, 2, 6, "opacity (0: none)");
		dialog.addNumericField("memory", 0, 0, 8, "MB (0: automatic)");
		modelFields.addModelOptionFields();
		String[] openImages = openImageTitles(image);
		for (MethodParameter p : method.parameters()) {
			// the label is also the macro key
			switch (p.kind()) {
				case INTEGER: dialog.addNumericField(macroKey(p), Double.parseDouble(p.defaultValue()), 0); break;
				case NUMBER: {
					// small defaults such as ε = 1e-6 in scientific notation (negative digits), not as 0.000
					double value = Double.parseDouble(p.defaultValue());
					dialog.addNumericField(macroKey(p), value, value != 0 && Math.abs(value) < 0.01 ? -2 : 3);
					break;
				}
				case CHOICE: dialog.addChoice(macroKey(p), p.choices().toArray(new String[0]), p.defaultValue()); break;
				case IMAGE: dialog.addChoice(macroKey(p), openImages, openImages[0]); break;
				case LAYER_RULES:
					dialog.addStringField(macroKey(p), p.defaultValue(), 24);
					if (Macro.getOptions() == null) dialog.addCheckbox("Edit " + p.label().toLowerCase() + " as a table of the model's layers", false);
					break;
				default:
					if (ModelFields.namesLayer(p)) modelFields.addLayerField(macroKey(p), p.defaultValue());
					else if (ModelFields.namesClass(p)) modelFields.addClassField(macroKey(p), p.defaultValue());
					else dialog.addStringField(macroKey(p), p.defaultValue(), 16);
			}
		}
		dialog.addHelp(help(method));
		dialog.showDialog();
		if (dialog.wasCanceled()) return;
		String model = modelFields.nextFolder();
		String target = modelFields.nextClass();
		String score = dialog.getNextChoice();
		String normalize = dialog.getNextChoice();
		int batch = (int) dialog.getNextNumber();
		boolean resize = dialog.getNextBoolean();
		boolean raw = dialog.getNextBoolean();
		String device = dialog.getNextString();
		int threads = (int) dialog.getNextNumber();
		double overlay = dialog.getNextNumber();
		long memory = (long) dialog.getNextNumber();
		ModelOptions modelOptions;
		try {
			modelOptions = modelFields.nextModelOptions().withDevice(Device.parse(device)).withThreads(threads);
		}
		catch (XaiException e) {
			error("ij-xai: " + method.title(), e.getMessage());
			return;
		}
		Map<String, String> values = new HashMap<>();
		Map<String, ImagePlus> images = new HashMap<>();
		for (MethodParameter p : method.parameters()) {
			switch (p.kind()) {
				case INTEGER: values.put(p.name(), Long.toString(Math.round(dialog.getNextNumber()))); break;
				case NUMBER: values.put(p.name(), Double.toString(dialog.getNextNumber())); break;
				case CHOICE: values.put(p.name(), dialog.getNextChoice()); break;
				case IMAGE: {
					String title = dialog.getNextChoice();
					if (!title.equals(NO_IMAGE)) images.put(p.name(), WindowManager.getImage(title));
					break;
				}
				case LAYER_RULES: {
					String text = dialog.getNextString();
					if (Macro.getOptions() == null && dialog.getNextBoolean()) text = layerTable(method, p, model, modelOptions, text);
					if (text == null) return;
					values.put(p.name(), text);
					break;
				}
				default:
					if (ModelFields.namesLayer(p)) values.put(p.name(), modelFields.nextLayer());
					else if (ModelFields.namesClass(p)) values.put(p.name(), modelFields.nextClass());
					else values.put(p.name(), dialog.getNextString());
			}
		}
		withProgress(method.title(), progress -> {
			ExplainImage.Settings settings = new ExplainImage.Settings(Path.of(model), modelOptions,
				Normalization.parse(normalize), resize, Math.max(0, Math.min(1, overlay)), MemoryBudget.megabytes(memory));
			ExplainOptions options = new ExplainOptions(Target.parse(target), ScoreKind.parse(score), batch, raw, new MethodSettings(values, Map.of()));
			ExplainImage.Output result = ExplainImage.explain(image, settings, method, options, images, ModelCache.SHARED, progress);
			// the maps are shown last so that a macro's getTitle()/saveAs() sees them
			if (result.overlay() != null) result.overlay().show();
			if (result.input() != null) result.input().show();
			if (result.montage() != null) result.montage().show();
			result.maps().show();
			result.predictions().show("Predictions");
			// a GPU asked for but not used goes to the log; where the model ran, to the status bar
			if (result.placement().fallback() != null) IJ.log("ij-xai: " + result.placement().describe());
			else IJ.showStatus(result.placement().describe());
		});
	}

	/**
	 * Runs a plugin's work with ImageJ's progress bar: its results are made before any is shown,
	 * so a run cancelled with Esc or failed shows nothing; errors become messages, and the
	 * progress bar is cleared however the run ends.
	 */
	static void withProgress(String title, Consumer<Progress> work) {
		try {
			work.accept(progress(title));
		}
		catch (XaiException e) {
			error("ij-xai: " + title, e.getMessage());
		}
		catch (OutOfMemoryError e) {
			error("ij-xai: " + title, MemoryBudget.OUT_OF_MEMORY);
		}
		catch (LinkageError e) {
			// another TensorFlow Java among the plugins' jars (CSBDeep's 1.x)
			error("ij-xai: " + title, TensorFlowRuntime.incompatible(e).getMessage());
		}
		catch (CancellationException e) {
			IJ.showStatus(title + " cancelled");
		}
		finally {
			IJ.showProgress(1.0);
		}
	}

	private static final String NO_IMAGE = "none", DEFAULT_RULE = "default";

	/** The Help button's text: one line per field, by its macro key. */
	static String help(Explainer method) {
		StringBuilder help = new StringBuilder("<html>" + ModelFields.MODEL_HELP + "<br>target: 'predicted', a class index or a class name. "
			+ "<br>score: the pre-softmax logit or the model's output.<br>normalize: " + NORMALIZE_HELP
			+ "<br>batch: slices, or generated samples (noisy copies, path points, patches), per TensorFlow call (fewer when memory is short).<br>resize: scale the image to the model's input size."
			+ "<br>raw: unnormalized maps (per input channel, or at the layer's resolution).<br>device: auto, cpu or gpu:N."
			+ "<br>threads: TensorFlow threads, 0 for one per core.<br>overlay: opacity of an RGB heatmap overlay on the image (0: none)."
			+ "<br>memory: what the run may take, in MB (0: automatic).<br>" + ModelFields.MODEL_OPTIONS_HELP);
		for (MethodParameter p : method.parameters()) {
			help.append("<br>").append(macroKey(p)).append(": ").append(p.help());
			if (ModelFields.namesLayer(p)) help.append(" ('" + ModelChoices.DEFAULT_LAYER + "': empty)");
		}
		return help.toString();
	}

	/**
	 * The dialog label and macro key of an option: its name without hyphens, because ImageJ finds
	 * a key after any non-letter, so "rule=" would match inside "layer-rule=".
	 */
	static String macroKey(MethodParameter parameter) {
		return parameter.name().replace("-", "");
	}

	/**
	 * Shows an error: a dialog with ImageJ's window open; in a batch run without it (ImageJ
	 * -batch), the log, so that a macro over a folder goes on and nothing waits for a click.
	 */
	static void error(String title, String message) {
		if (IJ.getInstance() == null && ij.macro.Interpreter.isBatchMode()) IJ.log(title + ": " + message);
		else IJ.error(title, message);
	}

	/**
	 * A second dialog with one choice per layer the option can name, filled from the model; the
	 * choices become {@code NAME=CHOICE,...} (null when cancelled). Macros pass that text directly.
	 */
	private static String layerTable(Explainer method, MethodParameter parameter, String model, ModelOptions modelOptions, String current) {
		List<String> layers;
		try (ModelCache.Lease lease = ModelCache.SHARED.lease(Path.of(model), modelOptions)) {
			layers = method.ruleLayers(lease.model());
		}
		catch (XaiException e) {
			error("ij-xai: " + method.title(), e.getMessage());
			return null;
		}
		Map<String, String> chosen = new HashMap<>();
		for (String entry : current.split(",")) {
			String[] pair = entry.split("=", 2);
			if (pair.length == 2 && !pair[1].isBlank()) chosen.put(pair[0].trim(), pair[1].trim());
		}
		GenericDialog table = new GenericDialog(method.title() + ": " + parameter.label().toLowerCase());
		for (String layer : layers) {
			// a rule typed with a parameter (epsilon:0.25) stays a choice of its layer
			List<String> choices = new ArrayList<>(List.of(DEFAULT_RULE));
			choices.addAll(parameter.choices());
			String rule = chosen.getOrDefault(layer, DEFAULT_RULE);
			if (!choices.contains(rule)) choices.add(rule);
			table.addChoice(layer, choices.toArray(new String[0]), rule);
		}
		table.addMessage("'" + DEFAULT_RULE + "': the rule the composite gives the layer.");
		table.showDialog();
		if (table.wasCanceled()) return null;
		List<String> entries = new ArrayList<>();
		for (String layer : layers) {
			String rule = table.getNextChoice();
			if (!rule.equals(DEFAULT_RULE)) entries.add(layer + "=" + rule);
		}
		return String.join(",", entries);
	}

	/** "none" and the titles of the open images other than the one explained. */
	private static String[] openImageTitles(ImagePlus explained) {
		List<String> titles = new ArrayList<>(List.of(NO_IMAGE));
		int[] ids = WindowManager.getIDList();
		if (ids != null) {
			for (int id : ids) {
				ImagePlus open = WindowManager.getImage(id);
				if (open != null && open != explained) titles.add(open.getTitle());
			}
		}
		return titles.toArray(new String[0]);
	}

	/** ImageJ's progress bar and status line, from the start of a run (loading the model); Esc cancels between batches. */
	private static Progress progress(String title) {
		IJ.resetEscape();
		IJ.showStatus(title + "… (Esc cancels)");
		return new Progress() {
			@Override public void report(int done, int total, String what) {
				IJ.showStatus(what + ": " + done + "/" + total);
				IJ.showProgress(done, total);
			}

			@Override public boolean isCanceled() {
				return IJ.escapePressed();
			}
		};
	}
}
