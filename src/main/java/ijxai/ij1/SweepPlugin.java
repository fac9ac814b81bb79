package ijxai.ij1;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;

import ij.IJ;
import ij.Prefs;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import ijxai.engine.LoadedModel;
import ijxai.engine.MemoryBudget;
import ijxai.engine.ModelCache;
import ijxai.engine.ModelOptions;
import ijxai.engine.Normalization;
import ijxai.engine.RobustnessSweep;
import ijxai.engine.XaiException;
import ijxai.image.ExplainRun;
import ijxai.image.SweepRun;

/**
 * ImageJ 1.x: accuracy versus ε over a labelled folder of images, as a Plot window, a
 * ResultsTable and (with an output folder) robustness.csv. Macro:
 * {@code run("Robustness curve", "model=[...] images=[...] labels=[] epsilons=0,2,4,8 attacks=fgsm,pgd,noise");}
 */
public class SweepPlugin implements PlugIn {

	private static final String[] NORMALIZATIONS = { "0-1", "none", "percentile", "mean-std" };

	@Override
	public void run(String argument) {
		GenericDialog dialog = new GenericDialog("Robustness curve");
		dialog.addDirectoryField("model", Prefs.get(ExplainPlugin.MODEL_PREF, ""));
		dialog.addCheckbox(ExplainPlugin.TRUST_KEY, false);
		dialog.addDirectoryField("images", "");
		dialog.addFileField("labels", "");
		dialog.addChoice("normalize", NORMALIZATIONS, NORMALIZATIONS[0]);
		dialog.addCheckbox("resize", false);
		dialog.addNumericField("batch", 32, 0);
		dialog.addStringField("epsilons", SweepRun.DEFAULT_EPSILONS, 20);
		dialog.addStringField("attacks", SweepRun.DEFAULT_ATTACKS, 20);
		dialog.addDirectoryField("output", "");
		dialog.addHelp("Images: a folder with one subfolder per class, or any folder with a labels CSV of 'file,class' lines. "
			+ "Epsilons in the images' own units (gray levels). Output (optional): where robustness.csv is written.");
		dialog.showDialog();
		if (dialog.wasCanceled()) return;
		String model = dialog.getNextString();
		ModelOptions modelOptions = ModelOptions.DEFAULTS.withTrusted(dialog.getNextBoolean());
		String images = dialog.getNextString(), labels = dialog.getNextString();
		String normalize = dialog.getNextChoice();
		boolean resize = dialog.getNextBoolean();
		int batch = (int) dialog.getNextNumber();
		String epsilons = dialog.getNextString(), attacks = dialog.getNextString(), output = dialog.getNextString();
		Prefs.set(ExplainPlugin.MODEL_PREF, model);
		try (ModelCache.Lease lease = ModelCache.SHARED.lease(Path.of(model), modelOptions)) {
			ExplainRun.Settings settings = new ExplainRun.Settings(Path.of(model), modelOptions, Normalization.parse(normalize), resize, 0);
			LoadedModel loaded = lease.model();
			SweepRun.LabelledSet set = SweepRun.load(Path.of(images), labels.isBlank() ? null : Path.of(labels), loaded.info(), settings);
			List<RobustnessSweep.Point> points = RobustnessSweep.run(loaded, set.images(), set.labels(), set.space(), SweepRun.attacks(attacks),
				SweepRun.epsilons(epsilons), settings.batchSize(loaded, set.images(), batch), ExplainPlugin.progress());
			if (!output.isBlank()) SweepRun.write(Path.of(output).resolve("robustness.csv"), SweepRun.csv(points));
			SweepRun.plot(points).show();
			SweepRun.table(points).show("Robustness");
		}
		catch (XaiException e) {
			ExplainPlugin.error("ij-xai: Robustness curve", e.getMessage());
		}
		catch (OutOfMemoryError e) {
			ExplainPlugin.error("ij-xai: Robustness curve", MemoryBudget.OUT_OF_MEMORY);
		}
		catch (CancellationException e) {
			IJ.showStatus("Robustness curve cancelled");
		}
		finally {
			IJ.showProgress(1.0);
		}
	}
}
