package ijxai.fiji;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import ijxai.engine.LoadedModel;
import ijxai.engine.ModelCache;
import ijxai.engine.Normalization;
import ijxai.engine.UniversalPerturbation;
import ijxai.image.ExplainRun;
import ijxai.image.ImageBridge;
import ijxai.image.SweepRun;

/** Plugins › Explainable AI › Adversarial › Universal perturbation, for the slices of a stack. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Adversarial>Universal perturbation", headless = true)
public class UniversalCommand extends ModelCommand {

	@Parameter(label = "Stack of images")
	private ImagePlus image;

	@Parameter(label = "Model folder", style = "directory", persist = true)
	private File model;

	@Parameter(label = "Normalization", choices = { "0-1", "none", "percentile", "mean-std" })
	private String normalize = "0-1";

	@Parameter(label = "Epsilon (xi, image units)", min = "0")
	private double epsilon = 32;

	@Parameter(label = "Norm", choices = { "linf", "l2" })
	private String norm = "linf";

	@Parameter(label = "Fooling goal", min = "0", max = "1")
	private double fooling = 0.8;

	@Parameter(label = "Passes", min = "1")
	private int passes = 5;

	@Parameter(label = "Held-out share", min = "0", max = "0.9")
	private double heldOut = 0.2;

	@Parameter(label = "Random seed")
	private int seed;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus perturbation;

	@Parameter(type = ItemIO.OUTPUT)
	private ResultsTable rates;

	@Override
	protected void compute() {
		ExplainRun.Settings settings = new ExplainRun.Settings(model.toPath(), modelOptions(), Normalization.parse(normalize), false, 0);
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
