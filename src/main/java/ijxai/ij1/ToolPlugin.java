package ijxai.ij1;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import ijxai.engine.DatasetTools;
import ijxai.engine.attack.RobustnessSweep;
import ijxai.engine.features.FeatureSpaceTool;
import ijxai.engine.method.CommonOptions;
import ijxai.engine.method.DatasetTool;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.fiji.ToolResults;
import ijxai.image.AttackResults;
import ijxai.isolation.IsolatedEngine;

/**
 * ImageJ 1.x entry for every dataset tool of {@link DatasetTools} ({@code plugins.config} passes
 * the tool's name): the model folder, what the tool reads (the slices of the current stack, or a
 * labelled folder), its common options and its own as the engine declares them; the results as
 * the windows {@link ToolResults} makes. Macros, e.g.
 * {@code run("Robustness curve", "model=[...] images=[...] labels=[] epsilons=0,2,4,8 attacks=fgsm,pgd,noise output=[...]");}
 * {@code run("Universal perturbation", "model=[...] epsilon=32 norm=linf fooling=0.8 passes=5 heldout=0.2 seed=0");}
 * {@code run("Feature space", "model=[...] normalize=0-1 layer=[] query=1 k=5");}
 * {@code run("First-layer filters", "model=[...]");}
 */
public class ToolPlugin implements PlugIn {

	/** The robustness curve's folder for robustness.csv, as on the command line. */
	private static final String CSV_FOLDER = "output";
	/** The macro key of the signature's output where {@link #CSV_FOLDER} takes "output". */
	private static final String MODEL_OUTPUT_KEY = "modeloutput";
	/** Table window titles kept as they were (macros select windows by title); the others are the outputs' labels. */
	private static final Map<String, String> TABLE_TITLES = Map.of("rates", "Universal perturbation", "features", "Feature space",
		"neighbours", "Nearest neighbours");

	@Override
	public void run(String toolName) {
		if (IsolatedEngine.rerun(this, toolName)) return;
		DatasetTool<?> tool = DatasetTools.byName(toolName);
		ImagePlus image = WindowManager.getCurrentImage();
		boolean writesCsv = writesCsv(tool);
		GenericDialog dialog = new GenericDialog(tool.title());
		ModelFields modelFields = new ModelFields(dialog);
		if (tool.images() != DatasetTool.Images.NONE) dialog.addDirectoryField("images", "");
		if (tool.images() == DatasetTool.Images.LABELLED) dialog.addFileField("labels", "");
		OptionFields fields = new OptionFields(dialog, modelFields, tool.name(), image, keys(tool));
		fields.add(tool.commonOptions());
		fields.add(parameters(tool, image));
		modelFields.listen(fields::modelOptions);
		if (writesCsv) dialog.addDirectoryField(CSV_FOLDER, "");
		dialog.addHelp(help(tool));
		dialog.showDialog();
		if (dialog.wasCanceled()) return;
		String model = modelFields.nextFolder();
		String images = tool.images() != DatasetTool.Images.NONE ? dialog.getNextString().trim() : "";
		if (tool.images() == DatasetTool.Images.SET && images.isEmpty() && image == null) {
			ExplainPlugin.error("ij-xai", "Open a stack of images, or give a folder of images: " + tool.title().toLowerCase() + " works on a set of images.");
			return;
		}
		String labels = tool.images() == DatasetTool.Images.LABELLED ? dialog.getNextString() : "";
		OptionFields.Given given = fields.read();
		String csvFolder = writesCsv ? dialog.getNextString() : "";
		ExplainPlugin.withProgress(tool.title(), progress -> {
			CommonOptions.Values values = CommonOptions.parse(given.texts());
			MethodSettings.Values settings = tool.settings(given.textsOf(tool.parameters()));
			ToolResults.Run run = ToolResults.run(tool, Path.of(model), values, settings, image, images.isBlank() ? null : Path.of(images),
				labels.isBlank() ? null : Path.of(labels), progress);
			if (!csvFolder.isBlank()) {
				@SuppressWarnings("unchecked")
				List<RobustnessSweep.Point> points = (List<RobustnessSweep.Point>) run.result();
				AttackResults.write(Path.of(csvFolder).resolve("robustness.csv"), AttackResults.csv(points));
			}
			show(ToolResults.of(tool), run);
		});
	}

	/** The Help button's text: one line per field, by its macro key. */
	static String help(DatasetTool<?> tool) {
		StringBuilder help = new StringBuilder("<html>" + ModelFields.MODEL_HELP);
		if (tool.images() == DatasetTool.Images.SET) help.append("<br>images: a folder of images or a stack file; empty: the slices of the current image.");
		if (tool.images() == DatasetTool.Images.LABELLED) {
			help.append("<br>images: a folder with one subfolder per class, or any folder (or stack file) with a labels CSV of 'file,class' lines.")
				.append("<br>labels: that CSV (empty: the subfolders name the classes).");
		}
		List<MethodParameter> options = new ArrayList<>(tool.commonOptions());
		options.addAll(tool.parameters());
		help.append(OptionFields.help(options, keys(tool)));
		if (writesCsv(tool)) help.append("<br>" + CSV_FOLDER + ": (optional) the folder robustness.csv is written to.");
		return help.toString();
	}

	/** Whether the dialog has a folder to write the result's CSV into: the robustness curve's, as the command line writes it. */
	private static boolean writesCsv(DatasetTool<?> tool) {
		return tool instanceof RobustnessSweep;
	}

	/** Macro keys other than the options' names: the signature's output where the CSV folder is "output". */
	private static Map<String, String> keys(DatasetTool<?> tool) {
		return writesCsv(tool) ? Map.of(CommonOptions.OUTPUT.name(), MODEL_OUTPUT_KEY) : Map.of();
	}

	/** The tool's own options; the feature space's query starts at the current slice. */
	private static List<MethodParameter> parameters(DatasetTool<?> tool, ImagePlus image) {
		List<MethodParameter> parameters = new ArrayList<>();
		for (MethodParameter p : tool.parameters()) {
			boolean query = tool instanceof FeatureSpaceTool && p.name().equals(FeatureSpaceTool.QUERY) && image != null;
			parameters.add(query ? p.withDefault(Integer.toString(image.getCurrentSlice())).notRemembered() : p);
		}
		return parameters;
	}

	/** The outputs as windows, in the presenter's order, so that a macro's getTitle() sees the last image. */
	private static void show(ToolResults.Presenter presenter, ToolResults.Run run) {
		Map<String, Object> shown = presenter.show().apply(run);
		for (ToolResults.Output output : presenter.outputs()) {
			Object value = shown.get(output.name());
			// an output the run did not ask for (the t-SNE plot without t-SNE) is absent
			if (value == null) continue;
			if (value instanceof ResultsTable table) table.show(TABLE_TITLES.getOrDefault(output.name(), output.label()));
			else if (value instanceof String text) IJ.log("ij-xai: " + output.label() + ": " + text);
			else ((ImagePlus) value).show();
		}
	}
}
