package ijxai.fiji;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import ijxai.engine.Normalization;
import ijxai.engine.attack.UniversalPerturbation;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.MemoryBudget;
import ijxai.engine.model.ModelCache;
import ijxai.image.ExplainRun;
import ijxai.image.ImageBridge;
import ijxai.image.SweepRun;

/** Plugins › Explainable AI › Adversarial › Universal perturbation, for the slices of a stack. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Adversarial>Universal perturbation", headless = true)
public class UniversalCommand extends ModelCommand {

	@Parameter(label = "Stack of images", description = "the images (one per slice) a single perturbation should fool. They are never changed")
	private ImagePlus image;

	@Parameter(label = ModelParameter.LABEL, style = "directory", persistKey = ModelParameter.PERSIST_KEY, description = ModelParameter.DESCRIPTION)
	private File model;

	@Parameter(label = "Normalization", choices = { "0-1", "none", "percentile", "mean-std" }, description = ExplainCommand.NORMALIZATION_DESCRIPTION)
	private String normalize = "0-1";

	@Parameter(label = "Epsilon (xi, image units)", min = "0", description = "largest size of the perturbation, in gray levels (32 = 32 of 255)")
	private double epsilon = 32;

	@Parameter(label = "Norm", choices = { "linf", "l2" }, description = "linf: no pixel changes by more than epsilon; l2: the total change is at most epsilon")
	private String norm = "linf";

	@Parameter(label = "Fooling goal", min = "0", max = "1", description = "stop once this fraction of the images changes its predicted class")
	private double fooling = 0.8;

	@Parameter(label = "Passes", min = "1", description = "at most this many passes over the images")
	private int passes = 5;

	@Parameter(label = "Held-out share", min = "0", max = "0.9", description = "fraction of the slices kept aside to test whether the perturbation generalizes")
	private double heldOut = 0.2;

	@Parameter(label = "Random seed", description = "the same seed gives the same held-out slices and order")
	private int seed;

	@Parameter(type = ItemIO.OUTPUT, label = "Perturbation", description = "the one perturbation, in gray levels, to add to any image")
	private ImagePlus perturbation;

	@Parameter(type = ItemIO.OUTPUT, label = "Fooling rates", description = "how often the perturbation changes the prediction, on the fitted and the held-out slices")
	private ResultsTable rates;

	@Parameter(label = "Memory budget (MB, 0: automatic)", min = "0", description = ExplainCommand.MEMORY_DESCRIPTION)
	private long memory;

	@Override
	protected void compute() {
		ExplainRun.Settings settings = new ExplainRun.Settings(model.toPath(), modelOptions(), Normalization.parse(normalize), false, 0, MemoryBudget.megabytes(memory));
		try (ModelCache.Lease lease = ModelCache.SHARED.lease(settings.model(), settings.modelOptions())) {
			LoadedModel loaded = lease.model();
			ImageBridge.Input input = ImageBridge.toInput(image, loaded.info(), settings.normalization(), false);
			UniversalPerturbation.Result result = UniversalPerturbation.run(loaded, input.batch(), input.space(), epsilon, norm.equals("l2"), fooling, passes,
				heldOut, seed, settings.batchSize(loaded, input.batch(), 32), progress());
			rates = SweepRun.table(result);
			perturbation = SweepRun.perturbationImage(result.perturbation(), input.space(), ExplainRun.baseName(image.getTitle()) + "-universal");
		}
	}
}
