package ijxai.fiji;

import java.io.File;
import java.util.Map;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import ijxai.engine.method.CommonOptions;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.ModelCache;
import ijxai.image.ExplainImage;

/**
 * The module of one explanation method, for Fiji dialogs, scripts ({@code #@ ModuleService}) and
 * headless runs: the image, the model folder, the common options and the method's own, as the
 * engine declares them; the maps and their predictions out.
 */
public final class MethodModuleInfo extends XaiModuleInfo {

	private final Explainer method;

	MethodModuleInfo(Explainer method, String menuPath) {
		super("ijxai:method:" + method.name(), menuPath, method.title(), CommonOptions.ofMethods(), method.parameters());
		this.method = method;
	}

	/** The method this module runs. */
	public Explainer method() {
		return method;
	}

	@Override
	protected void parseParameters() {
		registerInput(OptionItems.own(this, "image", ImagePlus.class, "Image",
			"the image or stack to explain; each slice is explained on its own. It is never changed"));
		registerInput(OptionItems.modelFolder(this));
		for (MethodParameter option : options()) registerInput(OptionItems.input(this, option, persistPrefix()));
		registerOutput(OptionItems.output(this, "maps", ImagePlus.class, "Maps", "the explanation: one map per slice, labelled with the class and its score", true));
		registerOutput(OptionItems.output(this, "overlayImage", ImagePlus.class, "Overlay", "the image with the map as a coloured overlay", false));
		registerOutput(OptionItems.output(this, "adversarial", ImagePlus.class, "Adversarial image", "the attacked image, in the input's type", false));
		registerOutput(OptionItems.output(this, "montage", ImagePlus.class, "Montage", "input, map and overlay side by side", false));
		registerOutput(OptionItems.output(this, "predictions", ResultsTable.class, "Predictions", "per slice: the top classes and their scores, before and after", true));
	}

	@Override
	void run(XaiModule module) {
		Map<String, String> texts = OptionItems.texts(module, options());
		CommonOptions.Values values = CommonOptions.parse(texts);
		ExplainImage.Settings settings = new ExplainImage.Settings(((File) module.getInput("model")).toPath(), values.model(), values.normalization(),
			values.resize(), values.overlay(), values.memory());
		ExplainImage.Output result = ExplainImage.explain((ImagePlus) module.getInput("image"), settings, method,
			values.explainOptions(new MethodSettings(ownTexts(texts), Map.of())), OptionItems.images(module, method.parameters()), ModelCache.SHARED, module.progress());
		module.setOutput("maps", result.maps());
		module.setOutput("overlayImage", result.overlay());
		module.setOutput("adversarial", result.input());
		module.setOutput("montage", result.montage());
		module.setOutput("predictions", result.predictions());
		if (result.placement().fallback() != null) module.log().warn("ij-xai: " + result.placement().describe());
		else module.log().info("ij-xai: " + result.placement().describe());
	}
}
