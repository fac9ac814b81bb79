package ijxai.fiji;

import java.io.File;
import java.util.Map;

import ij.ImagePlus;
import ijxai.engine.method.CommonOptions;
import ijxai.engine.method.DatasetTool;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;

/**
 * The module of one dataset tool (robustness curve, universal perturbation, feature space,
 * first-layer filters): the model folder and what the tool reads (a stack, or a labelled folder),
 * the tool's common options and its own, as the engine declares them; its results as tables and
 * images ({@link ToolResults}).
 */
public final class ToolModuleInfo extends XaiModuleInfo {

	private final DatasetTool<?> tool;
	private final ToolResults.Presenter results;

	ToolModuleInfo(DatasetTool<?> tool, String menuPath) {
		super("ijxai:tool:" + tool.name(), menuPath, tool.title(), tool.commonOptions(), tool.parameters());
		this.tool = tool;
		this.results = ToolResults.of(tool);
	}

	/** The tool this module runs. */
	public DatasetTool<?> tool() {
		return tool;
	}

	@Override
	protected void parseParameters() {
		if (tool.images() == DatasetTool.Images.SET) {
			registerInput(OptionItems.own(this, "image", ImagePlus.class, "Stack of images",
				"the images, one per slice, that the tool looks at as a set. They are never changed"));
		}
		registerInput(OptionItems.modelFolder(this));
		if (tool.images() == DatasetTool.Images.LABELLED) {
			var images = OptionItems.own(this, "images", File.class, "Images",
				"labelled images: one subfolder per class named like the class, or any folder with a labels CSV");
			images.setWidgetStyle("directory");
			registerInput(images);
			var labels = OptionItems.own(this, "labels", File.class, "Labels CSV ('file,class' lines)",
				"optional: the class of each image file, when the folder has no class subfolders");
			labels.setRequired(false);
			registerInput(labels);
		}
		for (MethodParameter option : options()) registerInput(OptionItems.input(this, option, persistPrefix()));
		for (ToolResults.Output output : results.outputs()) registerOutput(OptionItems.output(this, output.name(), output.type(), output.label(), output.description(), true));
	}

	@Override
	void run(XaiModule module) {
		Map<String, String> texts = OptionItems.texts(module, options());
		CommonOptions.Values values = CommonOptions.parse(texts);
		MethodSettings.Values settings = tool.settings(ownTexts(texts));
		File images = (File) module.getInput("images"), labels = (File) module.getInput("labels");
		ToolResults.Run run = ToolResults.run(tool, ((File) module.getInput("model")).toPath(), values, settings, (ImagePlus) module.getInput("image"),
			images == null ? null : images.toPath(), labels == null ? null : labels.toPath(), module.progress());
		results.show().apply(run).forEach(module::setOutput);
	}
}
