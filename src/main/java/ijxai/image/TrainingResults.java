package ijxai.image;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Plot;
import ij.measure.ResultsTable;
import ij.process.FloatProcessor;
import ijxai.engine.FloatBatch;
import ijxai.engine.Progress;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explainer;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.training.Checkpoints;
import ijxai.engine.training.ExplanationsAcrossTraining;

/**
 * Explanations across training as ImageJ results: the maps of every checkpoint as a hyperstack
 * (channels × images × one frame per checkpoint, frames labelled by checkpoint), the integrated
 * loss gradient with its gradient × input, and the per-checkpoint table and Plot.
 */
public final class TrainingResults {

	/** The run, and the labelled images it explained. */
	public record Found(ExplanationsAcrossTraining.Result result, ImageSets.LabelledSet images, String method) {}

	private TrainingResults() {}

	/**
	 * Explains labelled images (a stack whose slice labels name the classes, or a folder of class
	 * subfolders, as {@link ImageSets#load(Path, Path, ijxai.engine.model.ModelInfo, ExplainImage.Settings)} reads them)
	 * at every checkpoint; the images are read with the first checkpoint's model description.
	 */
	public static Found run(Checkpoints checkpoints, Path images, ExplainImage.Settings settings, Explainer method, ExplainOptions options, Progress progress) {
		ImageSets.LabelledSet set;
		try (LoadedModel first = checkpoints.open(0)) {
			set = ImageSets.load(images, null, first.info(), settings);
		}
		return new Found(ExplanationsAcrossTraining.run(checkpoints, set.images(), set.labels(), method, options, progress), set, method.name());
	}

	/** The maps as a hyperstack: per checkpoint (frame) every image (slice) and map channel (channel). */
	public static ImagePlus movie(Found found, String title) {
		List<ExplanationsAcrossTraining.Step> steps = found.result().steps();
		FloatBatch first = steps.get(0).explanation().maps();
		ImageStack stack = new ImageStack(first.width(), first.height());
		double maxAbs = 0;
		for (ExplanationsAcrossTraining.Step step : steps) {
			FloatBatch maps = step.explanation().maps();
			for (int n = 0; n < maps.count(); n++) {
				for (int c = 0; c < maps.channels(); c++) {
					String channel = maps.channels() > 1 ? " · channel " + (c + 1) : "";
					stack.addSlice(step.name() + " · " + found.images().names().get(n) + channel, plane(maps, n, c));
				}
			}
			for (float v : maps.data()) maxAbs = Math.max(maxAbs, Math.abs(v));
		}
		ImagePlus movie = new ImagePlus(title, stack);
		movie.setDimensions(first.channels(), first.count(), steps.size());
		movie.setOpenAsHyperStack(true);
		boolean signed = steps.get(0).explanation().display() == ijxai.engine.method.Explanation.Display.SIGNED;
		movie.getProcessor().setLut(signed ? ImageBridge.Luts.diverging() : ImageBridge.Luts.magnitude());
		movie.setDisplayRange(signed ? -Math.max(maxAbs, 1e-30) : 0, Math.max(maxAbs, 1e-30));
		return movie;
	}

	/** The training-integrated loss gradient g and g × input: two channels per image. */
	public static ImagePlus integratedGradient(Found found, String title) {
		FloatBatch gradient = found.result().integratedGradient(), timesInput = found.result().integratedGradientTimesInput();
		ImageStack stack = new ImageStack(gradient.width(), gradient.height());
		for (int n = 0; n < gradient.count(); n++) {
			for (int c = 0; c < gradient.channels(); c++) stack.addSlice(found.images().names().get(n) + " · Σ ∇J", plane(gradient, n, c));
			for (int c = 0; c < gradient.channels(); c++) stack.addSlice(found.images().names().get(n) + " · Σ ∇J × input", plane(timesInput, n, c));
		}
		ImagePlus image = new ImagePlus(title, stack);
		image.setDimensions(2 * gradient.channels(), gradient.count(), 1);
		return image;
	}

	private static FloatProcessor plane(FloatBatch batch, int n, int c) {
		FloatProcessor plane = new FloatProcessor(batch.width(), batch.height());
		for (int y = 0; y < batch.height(); y++) for (int x = 0; x < batch.width(); x++) plane.setf(x, y, batch.get(n, y, x, c));
		return plane;
	}

	/** One row per checkpoint, in training order. */
	public static ResultsTable table(Found found) {
		ResultsTable table = new ResultsTable();
		table.setPrecision(6);
		for (ExplanationsAcrossTraining.Step step : found.result().steps()) {
			table.incrementCounter();
			table.addValue("checkpoint", step.name());
			table.addValue("loss", step.loss());
			table.addValue("accuracy", step.accuracy());
			table.addValue("gradient_input_correlation", step.gradientInputCorrelation());
		}
		return table;
	}

	/** Loss, accuracy and the |∇J|–input correlation over the checkpoints (by index, in training order). */
	public static Plot plot(Found found) {
		List<ExplanationsAcrossTraining.Step> steps = found.result().steps();
		int count = steps.size();
		double[] index = new double[count], loss = new double[count], accuracy = new double[count], correlation = new double[count];
		for (int s = 0; s < count; s++) {
			index[s] = s + 1;
			loss[s] = steps.get(s).loss();
			accuracy[s] = steps.get(s).accuracy();
			correlation[s] = steps.get(s).gradientInputCorrelation();
		}
		Plot plot = new Plot("Explanations across training: " + found.method(), "checkpoint (" + steps.get(0).name() + " … " + steps.get(count - 1).name() + ")", "value");
		plot.setColor(new Color(214, 39, 40));
		plot.addPoints(index, loss, Plot.CONNECTED_CIRCLES);
		plot.setColor(new Color(31, 119, 180));
		plot.addPoints(index, accuracy, Plot.CONNECTED_CIRCLES);
		plot.setColor(new Color(44, 160, 44));
		plot.addPoints(index, correlation, Plot.CONNECTED_CIRCLES);
		plot.setLegend("mean loss\taccuracy\tcorrelation of |∇J| and input", Plot.AUTO_POSITION);
		plot.setLimitsToFit(false);
		return plot;
	}
}
