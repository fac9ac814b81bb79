package ijxai.ij1;

import java.nio.file.Path;
import java.util.List;

import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import ijxai.engine.Normalization;
import ijxai.engine.attack.RobustnessSweep;
import ijxai.engine.method.ImageSet;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelOptions;
import ijxai.image.ExplainImage;
import ijxai.image.ImageSets;
import ijxai.image.AttackResults;

/**
 * ImageJ 1.x: accuracy versus ε over a labelled folder of images, as a Plot window, a
 * ResultsTable and (with an output folder) robustness.csv. Macro:
 * {@code run("Robustness curve", "model=[...] images=[...] labels=[] epsilons=0,2,4,8 attacks=fgsm,pgd,noise");}
 */
public class SweepPlugin implements PlugIn {

	@Override
	public void run(String argument) {
		GenericDialog dialog = new GenericDialog("Robustness curve");
		ModelFields modelFields = new ModelFields(dialog);
		dialog.addCheckbox(ModelFields.TRUST_KEY, false);
		dialog.addDirectoryField("images", "");
		dialog.addFileField("labels", "");
		dialog.addChoice("normalize", ExplainPlugin.NORMALIZATIONS, ExplainPlugin.NORMALIZATIONS[0]);
		dialog.addCheckbox("resize", false);
		dialog.addNumericField("batch", 32, 0);
		dialog.addStringField("epsilons", "0,1,2,4,8,16,32", 20);
		dialog.addStringField("attacks", "fgsm,pgd,noise", 20);
		dialog.addDirectoryField("output", "");
		dialog.addHelp("<html>" + ModelFields.MODEL_HELP + "<br>" + ModelFields.TRUST_HELP
			+ "<br>images: a folder with one subfolder per class, or any folder (or stack file) with a labels CSV of 'file,class' lines."
			+ "<br>labels: that CSV (empty: the subfolders name the classes).<br>normalize: " + ExplainPlugin.NORMALIZE_HELP
			+ "<br>resize: scale the images to the model's input size.<br>batch: images per TensorFlow call (fewer when memory is short)."
			+ "<br>epsilons: perturbation sizes, comma-separated, in the images' own units (gray levels)."
			+ "<br>attacks: comma-separated, of fgsm, pgd and noise.<br>output (optional): the folder robustness.csv is written to.");
		dialog.showDialog();
		if (dialog.wasCanceled()) return;
		String model = modelFields.nextFolder();
		ModelOptions modelOptions = ModelOptions.DEFAULTS.withTrusted(dialog.getNextBoolean());
		String images = dialog.getNextString(), labels = dialog.getNextString();
		String normalize = dialog.getNextChoice();
		boolean resize = dialog.getNextBoolean();
		int batch = (int) dialog.getNextNumber();
		String epsilons = dialog.getNextString(), attacks = dialog.getNextString(), output = dialog.getNextString();
		ExplainPlugin.withProgress("Robustness curve", progress -> {
			try (ModelCache.Lease lease = ModelCache.SHARED.lease(Path.of(model), modelOptions)) {
				ExplainImage.Settings settings = new ExplainImage.Settings(Path.of(model), modelOptions, Normalization.parse(normalize), resize, 0);
				LoadedModel loaded = lease.model();
				ImageSets.LabelledSet set = ImageSets.load(Path.of(images), labels.isBlank() ? null : Path.of(labels), loaded.info(), settings);
				RobustnessSweep sweep = new RobustnessSweep();
				List<RobustnessSweep.Point> points = sweep.run(loaded, new ImageSet(set.images(), set.labels(), set.space()),
					sweep.settings(java.util.Map.of(RobustnessSweep.EPSILONS, epsilons, RobustnessSweep.ATTACKS, attacks)), settings.batchSize(loaded, set.images(), batch), progress);
				if (!output.isBlank()) AttackResults.write(Path.of(output).resolve("robustness.csv"), AttackResults.csv(points));
				AttackResults.plot(points).show();
				AttackResults.table(points).show("Robustness");
			}
		});
	}
}
