package ijxai.ij1;

import java.nio.file.Path;
import java.util.concurrent.CancellationException;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import ijxai.engine.LoadedModel;
import ijxai.engine.MemoryBudget;
import ijxai.engine.ModelCache;
import ijxai.engine.ModelOptions;
import ijxai.engine.Normalization;
import ijxai.engine.UniversalPerturbation;
import ijxai.engine.XaiException;
import ijxai.image.ExplainRun;
import ijxai.image.ImageBridge;
import ijxai.image.SweepRun;

/**
 * ImageJ 1.x: one universal adversarial perturbation for the slices of the current stack, shown
 * as a 32-bit image with the fooling rates in a table. Macro:
 * {@code run("Universal perturbation", "model=[...] epsilon=32 norm=linf fooling=0.8 passes=5 heldout=0.2 seed=0");}
 */
public class UniversalPlugin implements PlugIn {

	private static final String[] NORMALIZATIONS = { "0-1", "none", "percentile", "mean-std" };

	@Override
	public void run(String argument) {
		ImagePlus image = WindowManager.getCurrentImage();
		if (image == null) {
			ExplainPlugin.error("ij-xai", "Open a stack of images first: the perturbation is built from its slices.");
			return;
		}
		GenericDialog dialog = new GenericDialog("Universal perturbation");
		dialog.addDirectoryField("model", Prefs.get(ExplainPlugin.MODEL_PREF, ""));
		dialog.addCheckbox(ExplainPlugin.TRUST_KEY, false);
		dialog.addChoice("normalize", NORMALIZATIONS, NORMALIZATIONS[0]);
		dialog.addCheckbox("resize", false);
		dialog.addNumericField("epsilon", 32, 2, 8, "image units (xi)");
		dialog.addChoice("norm", new String[] { "linf", "l2" }, "linf");
		dialog.addNumericField("fooling", 0.8, 2, 8, "goal: share of slices fooled");
		dialog.addNumericField("passes", 5, 0);
		dialog.addNumericField("heldout", 0.2, 2, 8, "share of slices only measured");
		dialog.addNumericField("seed", 0, 0);
		dialog.addNumericField("batch", 32, 0);
		dialog.showDialog();
		if (dialog.wasCanceled()) return;
		String model = dialog.getNextString();
		ModelOptions modelOptions = ModelOptions.DEFAULTS.withTrusted(dialog.getNextBoolean());
		String normalize = dialog.getNextChoice();
		boolean resize = dialog.getNextBoolean();
		double epsilon = dialog.getNextNumber();
		boolean l2 = dialog.getNextChoice().equals("l2");
		double fooling = dialog.getNextNumber();
		int passes = (int) dialog.getNextNumber();
		double heldOut = dialog.getNextNumber();
		int seed = (int) dialog.getNextNumber(), batch = (int) dialog.getNextNumber();
		Prefs.set(ExplainPlugin.MODEL_PREF, model);
		try (ModelCache.Lease lease = ModelCache.SHARED.lease(Path.of(model), modelOptions)) {
			ExplainRun.Settings settings = new ExplainRun.Settings(Path.of(model), modelOptions, Normalization.parse(normalize), resize, 0);
			LoadedModel loaded = lease.model();
			ImageBridge.Input input = ImageBridge.toInput(image, loaded.info(), settings.normalization(), settings.resize());
			UniversalPerturbation.Result result = UniversalPerturbation.run(loaded, input.batch(), input.space(), epsilon, l2, fooling, passes, heldOut, seed,
				settings.batchSize(loaded, input.batch(), batch), ExplainPlugin.progress());
			SweepRun.table(result).show("Universal perturbation");
			SweepRun.perturbationImage(result.perturbation(), input.space(), ExplainRun.baseName(image.getTitle()) + "-universal").show();
		}
		catch (XaiException e) {
			ExplainPlugin.error("ij-xai: Universal perturbation", e.getMessage());
		}
		catch (OutOfMemoryError e) {
			ExplainPlugin.error("ij-xai: Universal perturbation", MemoryBudget.OUT_OF_MEMORY);
		}
		catch (CancellationException e) {
			IJ.showStatus("Universal perturbation cancelled");
		}
		finally {
			IJ.showProgress(1.0);
		}
	}
}
