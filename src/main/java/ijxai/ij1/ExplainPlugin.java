package ijxai.ij1;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import ijxai.engine.Explainers;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.method.CommonOptions;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.MemoryBudget;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelOptions;
import ijxai.engine.model.TensorFlowRuntime;
import ijxai.image.ExplainImage;
import ijxai.image.ModelSource;
import ijxai.isolation.IsolatedEngine;

/**
 * ImageJ 1.x entry for every explanation method ({@code plugins.config} passes the method name;
 * without one, a first dialog offers every method of {@link Explainers}): a GenericDialog with
 * the common options and the method's own, rendered from their declarations, so options are
 * macro-recordable, e.g.
 * {@code run("Saliency map", "model=[/path/to/model] target=predicted normalize=0-1");} or
 * {@code run("Explain", "method=occlusion model=[/path/to/model] patch=8");}
 */
public class ExplainPlugin implements PlugIn {

	static final String MODEL_PREF = "ijxai.model";
	/** The title of the dialog that asks for the method, and its menu command. */
	private static final String EXPLAIN = "Explain";
	private static final String METHOD_KEY = "method", METHOD_PREF = "ijxai.explain.method";

	@Override
	public void run(String methodName) {
		if (IsolatedEngine.rerun(this, methodName)) return;
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
		Explainer method;
		try {
			method = methodName == null || methodName.isBlank() ? chooseMethod() : Explainers.byName(methodName);
		}
		catch (XaiException e) {
			// a macro's method= that is no method: the message lists them
			error("ij-xai: " + EXPLAIN, e.getMessage());
			return;
		}
		if (method == null) return;
		GenericDialog dialog = new GenericDialog(method.title());
		ModelFields modelFields = new ModelFields(dialog);
		OptionFields fields = new OptionFields(dialog, modelFields, method.name(), image, Map.of());
		fields.add(CommonOptions.ofMethods());
		fields.add(method.parameters());
		modelFields.listen(fields::modelOptions);
		dialog.addHelp(help(method));
		dialog.showDialog();
		if (dialog.wasCanceled()) return;
		String model = modelFields.nextFolder();
		OptionFields.Given given = fields.read();
		CommonOptions.Values common;
		try {
			common = CommonOptions.parse(given.texts());
		}
		catch (XaiException e) {
			error("ij-xai: " + method.title(), e.getMessage());
			return;
		}
		Map<String, String> own = given.textsOf(method.parameters());
		for (MethodParameter p : method.parameters()) {
			if (!given.tableAsked(p)) continue;
			String table = layerTable(method, p, model, common.model(), own.get(p.name()));
			if (table == null) return;
			own.put(p.name(), table);
		}
		withProgress(method.title(), progress -> {
			ExplainImage.Settings settings = new ExplainImage.Settings(Path.of(model), common.model(), common.normalization(), common.resize(),
				common.overlay(), common.memory());
			ExplainOptions options = common.explainOptions(new MethodSettings(own, Map.of()));
			ExplainImage.Output result = ExplainImage.explain(image, settings, method, options, given.images(), ModelCache.SHARED, progress);
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

	/** The Help button's text: the model folder, then one line per option, by its macro key. */
	static String help(Explainer method) {
		List<MethodParameter> options = new ArrayList<>(CommonOptions.ofMethods());
		options.addAll(method.parameters());
		return "<html>" + ModelFields.MODEL_HELP + OptionFields.help(options, Map.of());
	}

	/** The first dialog of the Explain command: one of every method's names (null when cancelled; an unknown name in a macro throws). */
	private static Explainer chooseMethod() {
		String[] names = Explainers.all().stream().map(Explainer::name).toArray(String[]::new);
		boolean interactive = Macro.getOptions() == null;
		String last = interactive ? Prefs.get(METHOD_PREF, names[0]) : names[0];
		GenericDialog dialog = new GenericDialog(EXPLAIN);
		dialog.addChoice(METHOD_KEY, names, List.of(names).contains(last) ? last : names[0]);
		StringBuilder help = new StringBuilder("<html>" + METHOD_KEY + ": the explanation method; the next dialog has its options.");
		for (Explainer method : Explainers.all()) help.append("<br>").append(method.name()).append(": ").append(method.title());
		dialog.addHelp(help.toString());
		dialog.showDialog();
		if (dialog.wasCanceled()) return null;
		String name = dialog.getNextChoice();
		if (interactive) Prefs.set(METHOD_PREF, name);
		return Explainers.byName(name);
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

	private static final String DEFAULT_RULE = "default";

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
	static String layerTable(Explainer method, MethodParameter parameter, String model, ModelOptions modelOptions, String current) {
		List<String> layers;
		try (ModelSource.Lease lease = ModelSource.lease(ModelCache.SHARED, Path.of(model), modelOptions)) {
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
