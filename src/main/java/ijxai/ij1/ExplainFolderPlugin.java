package ijxai.ij1;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.io.FileSaver;
import ij.plugin.PlugIn;
import ijxai.engine.Explainers;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.method.CommonOptions;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.TensorFlowRuntime;
import ijxai.image.ExplainImage;
import ijxai.image.ImageBridge;
import ijxai.image.ModelChoices;
import ijxai.isolation.IsolatedEngine;

/**
 * ImageJ 1.x command that explains every image of a folder with one method and saves what the
 * command line saves, by the same names ({@code OUT/<image>_<method>.tif}, and {@code _overlay},
 * {@code _adversarial}, {@code _montage} where the method makes them), reading the images in Java
 * and showing no window. From the menu: a dialog for the folders and the method, then the method's
 * options as the Explain command renders them. Macros give the same keys as
 * {@code run("Explain", ...)}, with {@code input}, {@code output} (the folder the results go to) and
 * {@code modeloutput} (the signature's output):
 * {@code run("Explain folder", "input=[/images] output=[/maps] model=[/model] method=gradcam layer=conv2d_3");}
 * Without a display (plain ImageJ {@code -batch} on a server, {@code java.awt.headless=true})
 * ImageJ's {@code run()} first builds its menu bar and fails; there
 * {@code call("ijxai.ij1.ExplainFolderPlugin.explainFolder", "input=[/images] output=[/maps] ...");}
 * runs the same command on the same text, which is what {@code macros/Explain_Folder.ijm} does.
 * A macro's options are read from its text without any dialog, so a run never needs a display.
 */
public class ExplainFolderPlugin implements PlugIn {

	private static final String TITLE = "Explain folder";
	static final String INPUT = "input", OUTPUT = "output", METHOD = "method", MODEL = "model";
	/** The macro key of the signature's output, as "output" is the folder the results go to. */
	private static final Map<String, String> KEYS = Map.of(CommonOptions.OUTPUT.name(), "modeloutput");
	/** The method a macro gets without {@code method=}, as the folder macro always had it. */
	private static final String DEFAULT_METHOD = "saliency";
	/** The files of a folder that are explained: the command line's images, and DICOM, FITS and ImageJ's zipped TIFFs, as the folder macro took them. */
	static final Set<String> IMAGE_SUFFIXES = suffixes();
	private static final String PREFS = "ijxai.folder.";

	/**
	 * One run: the folders, the method, the model folder, the common and the method's options as
	 * text by name, and the images given for the method's image options, by name.
	 */
	record Request(Path input, Path output, Explainer method, Path model, Map<String, String> texts, Map<String, ImagePlus> images) {}

	@Override
	public void run(String argument) {
		if (IsolatedEngine.rerun(this, argument)) return;
		String options = Macro.getOptions();
		explainFolder(options != null ? () -> fromMacro(options) : ExplainFolderPlugin::fromDialogs);
	}

	/**
	 * The command for a macro without a display, where {@code run("Explain folder", ...)} cannot
	 * start: {@code call("ijxai.ij1.ExplainFolderPlugin.explainFolder", options)} with the keys of
	 * {@code run("Explain folder", options)}. Errors go to the log.
	 *
	 * @return the line that says how many images were explained, also logged ("" when the run did not start or failed)
	 */
	public static String explainFolder(String options) {
		if (IsolatedEngine.needed(ExplainFolderPlugin.class)) return (String) IsolatedEngine.call(ExplainFolderPlugin.class, "explainFolder", new Class<?>[] {String.class}, options);
		return explainFolder(() -> fromMacro(options));
	}

	private static String explainFolder(Supplier<Request> asked) {
		Request request;
		try {
			// the methods' classes already need TensorFlow: a clashing TensorFlow Java is named before them
			TensorFlowRuntime.check();
			request = asked.get();
		}
		catch (XaiException e) {
			ExplainPlugin.error("ij-xai: " + TITLE, e.getMessage());
			return "";
		}
		if (request == null) return "";
		String[] summary = { "" };
		ExplainPlugin.withProgress(TITLE, progress -> summary[0] = explain(request, progress));
		return summary[0];
	}

	/**
	 * Explains every image of the input folder and saves the results under the command line's
	 * names; an image that cannot be explained (unreadable, of another size, ...) is logged by
	 * name and skipped.
	 */
	static String explain(Request request, Progress progress) {
		List<Path> files = images(request.input());
		try {
			Files.createDirectories(request.output());
		}
		catch (IOException e) {
			throw new XaiException("cannot make the output folder " + request.output() + ": " + e.getMessage());
		}
		Explainer method = request.method();
		CommonOptions.Values common = CommonOptions.parse(request.texts());
		Map<String, String> own = new HashMap<>();
		for (MethodParameter p : method.parameters()) if (request.texts().containsKey(p.name())) own.put(p.name(), request.texts().get(p.name()));
		MethodSettings ownSettings = new MethodSettings(own, Map.of());
		// a bad option is one message before any image, not one per image
		ownSettings.forMethod(method);
		ExplainOptions options = common.explainOptions(ownSettings);
		ExplainImage.Settings settings = new ExplainImage.Settings(request.model(), common.model(), common.normalization(), common.resize(),
			common.overlay(), common.memory());
		int explained = 0;
		try (ModelCache.Lease lease = ModelCache.SHARED.lease(request.model(), common.model())) {
			for (int i = 0; i < files.size(); i++) {
				progress.checkCanceled();
				Path file = files.get(i);
				String name = file.getFileName().toString();
				try {
					ExplainImage.Output result = ExplainImage.explain(ImageBridge.open(file), settings, method, options, request.images(), lease.model(),
						ofImage(progress, i, files.size(), name));
					save(result, request.output().resolve(ExplainImage.baseName(name) + "_" + method.name()));
					// a server's only sign of progress: one line per image, as the command line prints them
					ImagePlus maps = result.maps();
					for (int slice = 1; slice <= maps.getStackSize(); slice++) IJ.log(name + "\t" + maps.getStack().getSliceLabel(slice));
					explained++;
				}
				catch (XaiException e) {
					IJ.log("ij-xai: " + name + ": " + e.getMessage());
				}
			}
		}
		String summary = "Explained " + explained + " of " + files.size() + " images into " + request.output() + File.separator;
		IJ.log(summary);
		return summary;
	}

	/** The request in a macro's text: the keys of the dialogs' fields; options not given take their declared defaults. */
	static Request fromMacro(String options) {
		String text = options + " ";
		Explainer method = Explainers.byName(Macro.getValue(text, METHOD, DEFAULT_METHOD));
		Path input = folder(text, INPUT), output = folder(text, OUTPUT), model = folder(text, MODEL);
		List<MethodParameter> all = new ArrayList<>(CommonOptions.ofMethods());
		all.addAll(method.parameters());
		Map<String, String> texts = new HashMap<>();
		Map<String, ImagePlus> images = new HashMap<>();
		for (MethodParameter p : all) {
			String key = KEYS.getOrDefault(p.name(), OptionFields.macroKey(p)), value = Macro.getValue(text, key, p.defaultValue());
			switch (p.kind()) {
				// a flag is on when its key stands alone, as in ImageJ's dialogs
				case FLAG -> texts.put(p.name(), Boolean.toString(words(text).contains(key)));
				case LAYER -> texts.put(p.name(), ModelChoices.layerOption(value));
				case IMAGE -> {
					if (!value.isBlank()) images.put(p.name(), image(value.trim()));
				}
				default -> texts.put(p.name(), value);
			}
		}
		return new Request(input, output, method, model, texts, images);
	}

	/** The two dialogs of the menu command (null when one is cancelled); the second is the method's, as Explain shows it. */
	private static Request fromDialogs() {
		String[] names = Explainers.all().stream().map(Explainer::name).toArray(String[]::new);
		GenericDialog folders = new GenericDialog(TITLE);
		folders.addDirectoryField(INPUT, Prefs.get(PREFS + INPUT, ""));
		folders.addDirectoryField(OUTPUT, Prefs.get(PREFS + OUTPUT, ""));
		String last = Prefs.get(PREFS + METHOD, DEFAULT_METHOD);
		folders.addChoice(METHOD, names, List.of(names).contains(last) ? last : DEFAULT_METHOD);
		folders.addHelp("<html>" + INPUT + ": the folder of images to explain (" + String.join(" ", IMAGE_SUFFIXES.stream().sorted().toList())
			+ "; other files are skipped).<br>" + OUTPUT + ": the folder the results are saved into, as the command line names them: "
			+ "&lt;image&gt;_&lt;method&gt;.tif, and _overlay, _adversarial, _montage.tif where the method makes them.<br>"
			+ METHOD + ": the explanation method; the next dialog has its options.");
		folders.showDialog();
		if (folders.wasCanceled()) return null;
		String input = folders.getNextString().trim(), output = folders.getNextString().trim();
		Explainer method = Explainers.byName(folders.getNextChoice());
		Prefs.set(PREFS + INPUT, input);
		Prefs.set(PREFS + OUTPUT, output);
		Prefs.set(PREFS + METHOD, method.name());

		GenericDialog dialog = new GenericDialog(TITLE + ": " + method.title());
		ModelFields modelFields = new ModelFields(dialog);
		OptionFields fields = new OptionFields(dialog, modelFields, method.name(), null, KEYS);
		fields.add(CommonOptions.ofMethods());
		fields.add(method.parameters());
		modelFields.listen(fields::modelOptions);
		dialog.addHelp("<html>" + ModelFields.MODEL_HELP + fields.help());
		dialog.showDialog();
		if (dialog.wasCanceled()) return null;
		String model = modelFields.nextFolder();
		OptionFields.Given given = fields.read();
		Map<String, String> texts = new HashMap<>(given.texts());
		for (MethodParameter p : method.parameters()) {
			if (!given.tableAsked(p)) continue;
			String table = ExplainPlugin.layerTable(method, p, model, CommonOptions.parse(texts).model(), texts.get(p.name()));
			if (table == null) return null;
			texts.put(p.name(), table);
		}
		return new Request(Path.of(input), Path.of(output), method, Path.of(model), texts, given.images());
	}

	/** The images of a folder, by name. */
	static List<Path> images(Path folder) {
		if (!Files.isDirectory(folder)) throw new XaiException("input folder " + folder + " does not exist");
		try (Stream<Path> entries = Files.list(folder)) {
			return entries.filter(Files::isRegularFile).filter(f -> IMAGE_SUFFIXES.contains(suffix(f))).sorted().toList();
		}
		catch (IOException e) {
			throw new XaiException("cannot list the input folder " + folder + ": " + e.getMessage());
		}
	}

	/** Saves the maps and whatever else the method made as the command line does, {@code base} naming the maps. */
	private static void save(ExplainImage.Output result, Path base) {
		save(result.maps(), base + ".tif");
		if (result.overlay() != null) save(result.overlay(), base + "_overlay.tif");
		if (result.input() != null) save(result.input(), base + "_adversarial.tif");
		if (result.montage() != null) save(result.montage(), base + "_montage.tif");
	}

	private static void save(ImagePlus image, String path) {
		FileSaver saver = new FileSaver(image);
		if (!(image.getStackSize() > 1 ? saver.saveAsTiffStack(path) : saver.saveAsTiff(path))) throw new XaiException("cannot write " + path);
	}

	/** One image's progress as a share of the folder's, so that ImageJ's bar runs once over the whole folder. */
	private static Progress ofImage(Progress folder, int index, int count, String name) {
		return new Progress() {
			@Override public void report(int done, int total, String what) {
				folder.report(index * total + done, count * total, name + " (" + (index + 1) + " of " + count + "), " + what);
			}

			@Override public boolean isCanceled() {
				return folder.isCanceled();
			}
		};
	}

	private static Path folder(String text, String key) {
		String folder = Macro.getValue(text, key, "").trim();
		if (folder.isEmpty()) throw new XaiException(TITLE + " needs " + key + "=[folder]");
		return Path.of(folder);
	}

	/** An image option's value: an open image of that title, or an image file (the only kind without a display). */
	private static ImagePlus image(String value) {
		ImagePlus open = WindowManager.getImage(value);
		return open != null ? open : ImageBridge.open(Path.of(value));
	}

	/** The words of a macro's options outside [bracketed values]. */
	private static List<String> words(String text) {
		return List.of(text.replaceAll("\\[[^\\]]*\\]", "[]").trim().split("\\s+"));
	}

	private static String suffix(Path file) {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		int dot = name.lastIndexOf('.');
		return dot < 0 ? "" : name.substring(dot);
	}

	private static Set<String> suffixes() {
		Set<String> suffixes = new HashSet<>(ImageBridge.IMAGE_SUFFIXES);
		suffixes.addAll(List.of(".dcm", ".fits", ".zip"));
		return Set.copyOf(suffixes);
	}
}
