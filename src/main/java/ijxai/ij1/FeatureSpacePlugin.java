package ijxai.ij1;

import java.nio.file.Path;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import ijxai.engine.Normalization;
import ijxai.engine.features.FeatureSpace;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelOptions;
import ijxai.image.FeatureSpaceResults;
import ijxai.image.ModelChoices;
import ijxai.image.ImageSets;

/**
 * ImageJ 1.x: the slices of the current stack in a layer's feature space: a table of classes and
 * principal coordinates, the nearest neighbours of one slice (table and montage), a PCA plot
 * coloured by predicted class, and the slices framed in their PCA colour. Macro:
 * {@code run("Feature space", "model=[...] normalize=0-1 layer=[] query=1 k=5");}
 */
public class FeatureSpacePlugin implements PlugIn {

	@Override
	public void run(String argument) {
		ImagePlus image = WindowManager.getCurrentImage();
		if (image == null) {
			ExplainPlugin.error("ij-xai", "Open a stack of images first: its slices are placed in the feature space.");
			return;
		}
		GenericDialog dialog = new GenericDialog("Feature space");
		ModelFields modelFields = new ModelFields(dialog);
		dialog.addChoice("normalize", ExplainPlugin.NORMALIZATIONS, ExplainPlugin.NORMALIZATIONS[0]);
		modelFields.addLayerField("layer", "");
		dialog.addNumericField("query", image.getCurrentSlice(), 0, 6, "slice whose neighbours are shown");
		dialog.addNumericField("k", 5, 0, 6, "neighbours");
		modelFields.addModelOptionFields();
		dialog.addHelp("<html>" + ModelFields.MODEL_HELP + "<br>normalize: " + ExplainPlugin.NORMALIZE_HELP
			+ "<br>layer: the Keras layer whose outputs place the slices ('" + ModelChoices.DEFAULT_LAYER + "' or empty: the penultimate layer)."
			+ "<br>query: the slice whose nearest neighbours are listed and shown.<br>k: how many neighbours.<br>" + ModelFields.MODEL_OPTIONS_HELP);
		dialog.showDialog();
		if (dialog.wasCanceled()) return;
		String model = modelFields.nextFolder(), normalize = dialog.getNextChoice(), layer = modelFields.nextLayer();
		int query = (int) dialog.getNextNumber(), k = (int) dialog.getNextNumber();
		ModelOptions options = modelFields.nextModelOptions();
		ExplainPlugin.withProgress("Feature space", progress -> {
			try (ModelCache.Lease lease = ModelCache.SHARED.lease(Path.of(model), options)) {
				LoadedModel loaded = lease.model();
				ImageSets.LabelledSet set = ImageSets.unlabelled(image, loaded.info(), Normalization.parse(normalize));
				FeatureSpace space = FeatureSpace.of(loaded, set.images(), layer, 32, progress);
				FeatureSpaceResults.Output result = FeatureSpaceResults.show(space, set, loaded.info(), query, k);
				result.images().show("Feature space");
				result.neighbours().show("Nearest neighbours");
				result.neighbourMontage().show();
				result.plot().show();
				result.colourMontage().show();
			}
		});
	}
}
