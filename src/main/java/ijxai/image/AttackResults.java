package ijxai.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.measure.ResultsTable;
import ijxai.engine.FloatBatch;
import ijxai.engine.ImageSpace;
import ijxai.engine.XaiException;
import ijxai.engine.attack.AdversarialTraining;
import ijxai.engine.attack.RobustnessSweep;
import ijxai.engine.attack.UniversalPerturbation;

/**
 * What every entry point shows of a robustness sweep or a universal perturbation: the
 * accuracy-versus-ε points as a CSV, a ResultsTable and a Plot; the perturbation as an image and
 * its fooling rates as a table.
 */
public final class AttackResults {

	private AttackResults() {}


	/** A perturbation in model-input units (one sample) as a 32-bit image in the first image's units. */
	public static ImagePlus perturbationImage(FloatBatch perturbation, ImageSpace space, String title) {
		ij.ImageStack stack = new ij.ImageStack(perturbation.width(), perturbation.height());
		double range = space.affines()[0].range();
		for (int c = 0; c < perturbation.channels(); c++) {
			ij.process.FloatProcessor plane = new ij.process.FloatProcessor(perturbation.width(), perturbation.height());
			for (int y = 0; y < perturbation.height(); y++) {
				for (int x = 0; x < perturbation.width(); x++) plane.setf(x, y, (float) (perturbation.get(0, y, x, c) * range));
			}
			stack.addSlice("universal perturbation (image units) · channel " + (c + 1), plane);
		}
		ImagePlus image = new ImagePlus(title, stack);
		image.getProcessor().setLut(ImageBridge.Luts.diverging());
		double max = 0;
		for (int c = 0; c < perturbation.channels(); c++) {
			for (int y = 0; y < perturbation.height(); y++) {
				for (int x = 0; x < perturbation.width(); x++) max = Math.max(max, Math.abs(perturbation.get(0, y, x, c) * range));
			}
		}
		image.setDisplayRange(-(max > 0 ? max : 1), max > 0 ? max : 1);
		return image;
	}


	/** The fooling rates and norms of a universal perturbation as a one-row table. */
	public static ResultsTable table(ijxai.engine.attack.UniversalPerturbation.Result result) {
		ResultsTable table = new ResultsTable();
		table.incrementCounter();
		table.addValue("fooling rate", result.foolingRate());
		table.addValue("images", result.building());
		table.addValue("held-out fooling rate", result.heldOutRate());
		table.addValue("held-out images", result.heldOut());
		table.addValue("passes", result.passes());
		table.addValue("Linf", result.linf());
		table.addValue("L2", result.l2());
		return table;
	}


	public static String csv(List<RobustnessSweep.Point> points) {
		StringBuilder csv = new StringBuilder("attack,epsilon,accuracy,correct,total\n");
		for (RobustnessSweep.Point p : points) {
			csv.append(String.format(Locale.ROOT, "%s,%s,%.4f,%d,%d%n", p.attack(), p.epsilon(), p.accuracy(), p.correct(), p.total()));
		}
		return csv.toString();
	}


	public static void write(Path target, String csv) {
		try {
			if (target.getParent() != null) Files.createDirectories(target.getParent());
			Files.writeString(target, csv);
		}
		catch (IOException e) {
			throw new XaiException("cannot write " + target + ": " + e.getMessage());
		}
	}


	public static ResultsTable table(List<RobustnessSweep.Point> points) {
		ResultsTable table = new ResultsTable();
		for (RobustnessSweep.Point p : points) {
			table.incrementCounter();
			table.addValue("attack", p.attack());
			table.addValue("epsilon", p.epsilon());
			table.addValue("accuracy", p.accuracy());
			table.addValue("correct", p.correct());
			table.addValue("total", p.total());
		}
		return table;
	}


	/** Accuracy versus ε, one curve per attack. */
	public static Plot plot(List<RobustnessSweep.Point> points) {
		Plot plot = new Plot("Robustness", "epsilon (image units)", "accuracy");
		plot.setLimits(Double.NaN, Double.NaN, 0, 1.05);
		String[] colors = { "red", "blue", "gray", "green", "magenta" };
		List<String> attacks = points.stream().map(RobustnessSweep.Point::attack).distinct().toList();
		for (int a = 0; a < attacks.size(); a++) {
			String attack = attacks.get(a);
			List<RobustnessSweep.Point> curve = points.stream().filter(p -> p.attack().equals(attack)).toList();
			plot.setColor(colors[a % colors.length]);
			plot.addPoints(curve.stream().mapToDouble(RobustnessSweep.Point::epsilon).toArray(), curve.stream().mapToDouble(RobustnessSweep.Point::accuracy).toArray(),
				Plot.CONNECTED_CIRCLES);
		}
		plot.setLegend(String.join("\t", attacks), Plot.AUTO_POSITION);
		return plot;
	}

	/** The robustness points of the original model and of the hardened one, their attacks named "fgsm (original)", "fgsm (hardened)"... */
	public static List<RobustnessSweep.Point> beforeAndAfter(AdversarialTraining.Result result) {
		List<RobustnessSweep.Point> points = new java.util.ArrayList<>();
		for (RobustnessSweep.Point p : result.before()) points.add(new RobustnessSweep.Point(p.attack() + " (original)", p.epsilon(), p.correct(), p.total()));
		for (RobustnessSweep.Point p : result.after()) points.add(new RobustnessSweep.Point(p.attack() + " (hardened)", p.epsilon(), p.correct(), p.total()));
		return points;
	}

	/** One row per epoch: the held-out loss, clean accuracy and accuracy under the training attack. */
	public static ResultsTable epochs(AdversarialTraining.Result result) {
		ResultsTable table = new ResultsTable();
		for (AdversarialTraining.Epoch epoch : result.epochs()) {
			table.incrementCounter();
			table.addValue("epoch", epoch.epoch());
			table.addValue("held_out_loss", epoch.heldOutLoss());
			table.addValue("held_out_accuracy", epoch.heldOutAccuracy());
			table.addValue("held_out_" + result.attack() + "_accuracy", epoch.heldOutAttackedAccuracy());
		}
		return table;
	}
}
