package ijxai.fiji;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import ijxai.engine.Explainers;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.training.Checkpoints;
import ijxai.image.ExplainImage;
import ijxai.image.TrainingResults;

/**
 * Plugins › Explainable AI › Evaluate › Explanations across training: a method's maps at every
 * checkpoint (a folder of SavedModel folders) as a hyperstack, the training-integrated loss
 * gradient, and loss, accuracy and |∇J|–input correlation per checkpoint with their Plot.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Evaluate>Explanations across training", headless = true)
public class TrainingCommand extends ImageCommand {

	@Parameter(label = "Checkpoint models", style = "directory",
		description = "one SavedModel folder per checkpoint, in the natural order of their names (cp-2 before cp-10)")
	private File models;

	@Parameter(label = "Labelled images", description = "a stack whose slice labels name the classes, or a folder with one subfolder per class")
	private File images;

	@Parameter(label = "Method", description = "the attribution method, run with its default settings")
	private String method = "saliency";

	@Parameter(type = ItemIO.OUTPUT, label = "Maps across training", description = "the maps, one frame per checkpoint")
	private ImagePlus movie;

	@Parameter(type = ItemIO.OUTPUT, label = "Integrated loss gradient", description = "Σ ∇J over the checkpoints and its gradient × input")
	private ImagePlus gradient;

	@Parameter(type = ItemIO.OUTPUT, label = "Training table", description = "loss, accuracy and |∇J|–input correlation per checkpoint")
	private ResultsTable training;

	@Parameter(type = ItemIO.OUTPUT, label = "Training plot", description = "the table's columns over the checkpoints")
	private ImagePlus plot;

	@Override
	String title() {
		return "Explanations across training";
	}

	@Override
	void work() {
		TrainingResults.Found found = TrainingResults.run(Checkpoints.savedModels(models.toPath(), modelOptions()), images.toPath(), settings(models.toPath()),
			Explainers.byName(method), ExplainOptions.DEFAULTS, progress());
		String base = ExplainImage.baseName(images.getName());
		movie = TrainingResults.movie(found, base + "_" + found.method() + "_training");
		gradient = TrainingResults.integratedGradient(found, base + "_training_gradient");
		training = TrainingResults.table(found);
		plot = TrainingResults.plot(found).getImagePlus();
	}
}
