package ijxai.ij1;

import java.nio.file.Path;

import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import ijxai.engine.Explainers;
import ijxai.engine.method.CommonOptions;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explainer;
import ijxai.engine.model.ModelOptions;
import ijxai.engine.training.Checkpoints;
import ijxai.engine.Normalization;
import ijxai.image.ExplainImage;
import ijxai.image.TrainingResults;
import ijxai.isolation.IsolatedEngine;

/**
 * ImageJ 1.x: a method's maps at every checkpoint of a training run (a folder of SavedModel
 * folders), the training-integrated loss gradient, and the table and Plot over training. Macro:
 * {@code run("Explanations across training", "models=[/path/to/savedmodels] images=[/path/to/labelled.tif] method=saliency");}
 */
public class TrainingPlugin implements PlugIn {

	private static final String TITLE = "Explanations across training";

	@Override
	public void run(String argument) {
		if (IsolatedEngine.rerun(this, argument)) return;
		GenericDialog dialog = new GenericDialog(TITLE);
		dialog.addDirectoryField("Models", "");
		dialog.addFileField("Images", "");
		String[] methods = Explainers.all().stream().map(Explainer::name).toArray(String[]::new);
		dialog.addChoice("Method", methods, methods[0]);
		dialog.addHelp("<html>Models: one SavedModel folder per checkpoint, in the natural order of their names (cp-2 before cp-10).<br>"
			+ "Images: a stack whose slice labels name the classes, or a folder with one subfolder per class (the loss needs the true class).");
		dialog.showDialog();
		if (dialog.wasCanceled()) return;
		Path models = Path.of(dialog.getNextString().trim()), images = Path.of(dialog.getNextString().trim());
		Explainer method = Explainers.byName(dialog.getNextChoice());
		ExplainPlugin.withProgress(TITLE, progress -> {
			ExplainImage.Settings settings = new ExplainImage.Settings(models, ModelOptions.DEFAULTS, Normalization.parse(CommonOptions.NORMALIZE.defaultValue()), false, 0);
			TrainingResults.Found found = TrainingResults.run(Checkpoints.savedModels(models, ModelOptions.DEFAULTS), images, settings, method, ExplainOptions.DEFAULTS, progress);
			String base = ExplainImage.baseName(images.getFileName().toString());
			TrainingResults.movie(found, base + "_" + method.name() + "_training").show();
			TrainingResults.integratedGradient(found, base + "_training_gradient").show();
			TrainingResults.table(found).show(TITLE);
			TrainingResults.plot(found).show();
		});
	}
}
