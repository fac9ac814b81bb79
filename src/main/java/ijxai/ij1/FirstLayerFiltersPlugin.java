package ijxai.ij1;

import java.nio.file.Path;

import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import ijxai.engine.features.FirstLayerKernels;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelOptions;
import ijxai.image.Montage;

/** ImageJ 1.x: the first convolution's kernels as a montage. Macro: {@code run("First-layer filters", "model=[...]");} */
public class FirstLayerFiltersPlugin implements PlugIn {

	@Override
	public void run(String argument) {
		GenericDialog dialog = new GenericDialog("First-layer filters");
		ModelFields modelFields = new ModelFields(dialog);
		dialog.addHelp("<html>" + ModelFields.MODEL_HELP);
		dialog.showDialog();
		if (dialog.wasCanceled()) return;
		String model = modelFields.nextFolder();
		ExplainPlugin.withProgress("First-layer filters", progress -> {
			try (ModelCache.Lease lease = ModelCache.SHARED.lease(Path.of(model), ModelOptions.DEFAULTS)) {
				Montage.filters(FirstLayerKernels.of(lease.model()), "First-layer filters").show();
			}
		});
	}
}
