package ijxai.ij1;

import java.nio.file.Path;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import ijxai.engine.Normalization;
import ijxai.engine.attack.UniversalPerturbation;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelOptions;
import ijxai.image.ExplainImage;
import ijxai.image.ImageBridge;
import ijxai.image.AttackResults;

/**
 * ImageJ 1.x: one universal adversarial perturbation for the slices of the current stack, shown
 * as a 32-bit image with the fooling rates in a table. Macro:
 * {@code run("Universal perturbation", "model=[...] epsilon=32 norm=linf fooling=0.8 passes=5 heldout=0.2 seed=0");}
 */
public class UniversalPlugin implements PlugIn {

	@Override
	public void run(String argument) {
		ImagePlus image = WindowManager.getCurrentImage();
		if (image == null) {
			ExplainPlugin.error("ij-xai", "Open a stack of images first: the perturbation is built from its slices.");
			return;
		}
		GenericDialog dialog = new GenericDialog("Universal perturbation");
		ModelFields modelFields = new ModelFields(dialog);
		dialog.addCheckbox(ModelFields.TRUST_KEY, false);
		dialog.addChoice("normalize", ExplainPlugin.NORMALIZATIONS, ExplainPlugin.NORMALIZATIONS[0]);
		dialog.addCheckbox("resize", false);
		dialog.addNumericField("epsilon", 32, 2, 8, "image units (xi)");
		dialog.addChoice("norm", new String[] { "linf", "l2" }, "linf");
		dialog.addNumericField("fooling", 0.8, 2, 8, "goal: share of slices fooled");
		dialog.addNumericField("passes", 5, 0);
		dialog.addNumericField("heldout", 0.2, 2, 8, "share of slices only measured");
		dialog.addNumericField("seed", 0, 0);
		dialog.addNumericField("batch", 32, 0);
		dialog.addHelp("<html>" + ModelFields.MODEL_HELP + "<br>" + ModelFields.TRUST_HELP + "<br>normalize: " + ExplainPlugin.NORMALIZE_HELP
			+ "<br>resize: scale the slices to the model's input size.<br>epsilon: the perturbation's size (xi) in the image's own units."
			+ "<br>norm: the ball it stays in: largest value (linf) or length (l2).<br>fooling: stop when this share of the slices is fooled."
			+ "<br>passes: the most passes over the slices.<br>heldout: the share of slices kept out of the making, to measure it on."
			+ "<br>seed: for the order the slices are taken in.<br>batch: slices per TensorFlow call (fewer when memory is short).");
		dialog.showDialog();
		if (dialog.wasCanceled()) return;
		String model = modelFields.nextFolder();
		ModelOptions modelOptions = ModelOptions.DEFAULTS.withTrusted(dialog.getNextBoolean());
		String normalize = dialog.getNextChoice();
		boolean resize = dialog.getNextBoolean();
		double epsilon = dialog.getNextNumber();
		boolean l2 = dialog.getNextChoice().equals("l2");
		double fooling = dialog.getNextNumber();
		int passes = (int) dialog.getNextNumber();
		double heldOut = dialog.getNextNumber();
		int seed = (int) dialog.getNextNumber(), batch = (int) dialog.getNextNumber();
		ExplainPlugin.withProgress("Universal perturbation", progress -> {
			try (ModelCache.Lease lease = ModelCache.SHARED.lease(Path.of(model), modelOptions)) {
				ExplainImage.Settings settings = new ExplainImage.Settings(Path.of(model), modelOptions, Normalization.parse(normalize), resize, 0);
				LoadedModel loaded = lease.model();
				ImageBridge.Input input = ImageBridge.toInput(image, loaded.info(), settings.normalization(), settings.resize());
				UniversalPerturbation.Result result = UniversalPerturbation.run(loaded, input.batch(), input.space(), epsilon, l2, fooling, passes, heldOut, seed,
					settings.batchSize(loaded, input.batch(), batch), progress);
				AttackResults.table(result).show("Universal perturbation");
				AttackResults.perturbationImage(result.perturbation(), input.space(), ExplainImage.baseName(image.getTitle()) + "-universal").show();
			}
		});
	}
}
