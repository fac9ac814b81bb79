package ijxai.fiji;

import java.io.File;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import ijxai.engine.Normalization;
import ijxai.engine.attack.RobustnessSweep;
import ijxai.engine.method.ImageSet;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.MemoryBudget;
import ijxai.engine.model.ModelCache;
import ijxai.image.ExplainRun;
import ijxai.image.SweepRun;

/** Plugins › Explainable AI › Adversarial › Robustness curve: accuracy versus ε over a labelled folder. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Adversarial>Robustness curve", headless = true)
public class SweepCommand extends ModelCommand {

	@Parameter(label = ModelParameter.LABEL, style = "directory", persistKey = ModelParameter.PERSIST_KEY, description = ModelParameter.DESCRIPTION)
	private File model;

	@Parameter(label = "Images", style = "directory", description = "labelled images: one subfolder per class named like the class, or any folder with a labels CSV")
	private File images;

	@Parameter(label = "Labels CSV ('file,class' lines)", required = false, description = "optional: the class of each image file, when the folder has no class subfolders")
	private File labels;

	@Parameter(label = "Normalization", choices = { "0-1", "none", "percentile", "mean-std" }, description = ExplainCommand.NORMALIZATION_DESCRIPTION)
	private String normalize = "0-1";

	@Parameter(label = "Resize to the model's input size", description = ExplainCommand.RESIZE_DESCRIPTION)
	private boolean resize;

	@Parameter(label = "Batch size", min = "1", description = "how many images go through the model at once; smaller uses less memory")
	private int batch = 32;

	@Parameter(label = "Epsilons (image units)", description = "attack strengths to test, comma-separated, in gray levels (8 = 8 of 255)")
	private String epsilons = "0,1,2,4,8,16,32";

	@Parameter(label = "Attacks", description = "comma-separated, any of fgsm, pgd and noise (random noise of the same size, as the control)")
	private String attacks = "fgsm,pgd,noise";

	@Parameter(type = ItemIO.OUTPUT, label = "Robustness", description = "accuracy per attack and epsilon")
	private ResultsTable robustness;

	@Parameter(type = ItemIO.OUTPUT, label = "Robustness curve", description = "accuracy versus epsilon, one curve per attack")
	private ImagePlus plot;

	@Parameter(label = "Memory budget (MB, 0: automatic)", min = "0", description = ExplainCommand.MEMORY_DESCRIPTION)
	private long memory;

	@Override
	protected void compute() {
		ExplainRun.Settings settings = new ExplainRun.Settings(model.toPath(), modelOptions(), Normalization.parse(normalize), resize, 0, MemoryBudget.megabytes(memory));
		try (ModelCache.Lease lease = ModelCache.SHARED.lease(settings.model(), settings.modelOptions())) {
			LoadedModel loaded = lease.model();
			SweepRun.LabelledSet set = SweepRun.load(images.toPath(), labels == null ? null : labels.toPath(), loaded.info(), settings);
			RobustnessSweep sweep = new RobustnessSweep();
			List<RobustnessSweep.Point> points = sweep.run(loaded, new ImageSet(set.images(), set.labels(), set.space()),
				sweep.settings(java.util.Map.of(RobustnessSweep.EPSILONS, epsilons, RobustnessSweep.ATTACKS, attacks)), settings.batchSize(loaded, set.images(), batch), progress());
			robustness = SweepRun.table(points);
			plot = SweepRun.plot(points).getImagePlus();
		}
	}
}
