package ijxai.ij1;

import java.nio.file.Path;

import ij.Prefs;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import ijxai.engine.FirstLayerKernels;
import ijxai.engine.ModelCache;
import ijxai.engine.ModelOptions;
import ijxai.engine.XaiException;
import ijxai.image.Montage;

/** ImageJ 1.x: the first convolution's kernels as a montage. Macro: {@code run("First-layer filters", "model=[...]");} */
public class FirstLayerFiltersPlugin implements PlugIn {

	@Override
	public void run(String argument) {
		GenericDialog dialog = new GenericDialog("First-layer filters");
		dialog.addDirectoryField("model", Prefs.get(ExplainPlugin.MODEL_PREF, ""));
		dialog.showDialog();
		if (dialog.wasCanceled()) return;
		String model = dialog.getNextString();
		Prefs.set(ExplainPlugin.MODEL_PREF, model);
		try (ModelCache.Lease lease = ModelCache.SHARED.lease(Path.of(model), ModelOptions.DEFAULTS)) {
			Montage.filters(FirstLayerKernels.of(lease.model()), "First-layer filters").show();
		}
		catch (XaiException e) {
			ExplainPlugin.error("ij-xai: First-layer filters", e.getMessage());
		}
	}
}
