package ijxai.fiji;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import ijxai.engine.Explainers;
import ijxai.engine.Normalization;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.model.ModelOptions;
import ijxai.engine.training.Checkpoints;
import ijxai.image.ExplainImage;
import ijxai.image.TrainingResults;
import ijxai.isolation.IsolatedEngine;

/**
 * Plugins › Explainable AI › Evaluate › Explanations across training: a method's maps at every
 * checkpoint (a folder of SavedModel folders) as a hyperstack, the training-integrated loss
 * gradient, and loss, accuracy and |∇J|–input correlation per checkpoint with their Plot.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Evaluate>Explanations across training", headless = true)
public class TrainingCommand extends ContextCommand {

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private UIService ui;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(label = "Checkpoint models", style = "directory",
		description = "one SavedModel folder per checkpoint, in the natural order of their names (cp-2 before cp-10)")
	private File models;

	@Parameter(label = "Labelled images", description = "a stack whose slice labels name the classes, or a folder with one subfolder per class")
	private File images;

	@Parameter(label = "Method", description = "the attribution method, run with its default settings")
	private String method = "saliency";

	@Parameter(label = "Normalization", choices = { "0-1", "none", "percentile", "mean-std" },
		description = "how pixel values become model input; use what the model was trained with")
	private String normalize = "0-1";

	/** Not remembered: trusting one model must not silently trust the next. */
	@Parameter(label = ModelParameter.TRUST_LABEL, persist = false, description = ModelParameter.TRUST_DESCRIPTION)
	private boolean trustModel;

	@Parameter(type = ItemIO.OUTPUT, label = "Maps across training", description = "the maps, one frame per checkpoint")
	private ImagePlus movie;

	@Parameter(type = ItemIO.OUTPUT, label = "Integrated loss gradient", description = "Σ ∇J over the checkpoints and its gradient × input")
	private ImagePlus gradient;

	@Parameter(type = ItemIO.OUTPUT, label = "Training table", description = "loss, accuracy and |∇J|–input correlation per checkpoint")
	private ResultsTable training;

	@Parameter(type = ItemIO.OUTPUT, label = "Training plot", description = "the table's columns over the checkpoints")
	private ImagePlus plot;

	@Override
	public void run() {
		if (IsolatedEngine.rerunCommand(this)) return;
		Failures.run(this, ui, log, "Explanations across training", () -> {
			ModelOptions options = ModelOptions.DEFAULTS.withTrusted(trustModel);
			ExplainImage.Settings settings = new ExplainImage.Settings(models.toPath(), options, Normalization.parse(normalize), false, 0);
			TrainingResults.Found found = TrainingResults.run(Checkpoints.savedModels(models.toPath(), options), images.toPath(), settings, Explainers.byName(method),
				ExplainOptions.DEFAULTS, new FijiProgress(status, this::isCanceled));
			String base = ExplainImage.baseName(images.getName());
			movie = TrainingResults.movie(found, base + "_" + found.method() + "_training");
			gradient = TrainingResults.integratedGradient(found, base + "_training_gradient");
			training = TrainingResults.table(found);
			plot = TrainingResults.plot(found).getImagePlus();
		});
	}
}
