package ijxai.image;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.io.FileSaver;
import ij.measure.ResultsTable;
import ijxai.engine.XaiException;
import ijxai.engine.evaluation.Evaluation;

/**
 * What every entry point shows of an evaluation: each metric per method (mean, standard error,
 * count) as a CSV and a ResultsTable, the per-image values, the mean deletion and insertion curves
 * as a CSV and a Plot (one colour per method, the random baseline in gray).
 */
public final class EvaluationResults {

	/** The files {@link #write} writes. */
	public static final String SUMMARY_CSV = "evaluation.csv", CURVES_CSV = "curves.csv", VALUES_CSV = "evaluation_images.csv", PLOT_PNG = "curves.png";

	static final String[] COLOURS = { "red", "blue", "green", "magenta", "orange", "cyan", "black" };

	private EvaluationResults() {}

	/** {@code method,metric,mean,sem,n}, one row per method and metric. */
	public static String csv(Evaluation.Result result) {
		StringBuilder csv = new StringBuilder("method,metric,mean,sem,n\n");
		for (Evaluation.Summary s : result.summaries()) {
			csv.append(String.format(Locale.ROOT, "%s,%s,%.6g,%.6g,%d%n", s.method(), s.metric(), s.mean(), s.sem(), s.n()));
		}
		return csv.toString();
	}

	/** {@code method,curve,step,fraction,mean}: the mean deletion and insertion curves, the fraction of patches changed at each step. */
	public static String curvesCsv(Evaluation.Result result) {
		StringBuilder csv = new StringBuilder("method,curve,step,fraction,mean\n");
		for (Evaluation.MethodResult method : result.methods()) {
			appendCurve(csv, method.method(), "deletion", method.meanDeletion());
			appendCurve(csv, method.method(), "insertion", method.meanInsertion());
		}
		return csv.toString();
	}

	private static void appendCurve(StringBuilder csv, String method, String curve, double[] values) {
		for (int k = 0; k < values.length; k++) {
			csv.append(String.format(Locale.ROOT, "%s,%s,%d,%.6g,%.6g%n", method, curve, k, (double) k / (values.length - 1), values[k]));
		}
	}

	/** {@code method,metric,image,value}: every image's value (image numbered from 1 as slices are). */
	public static String valuesCsv(Evaluation.Result result) {
		StringBuilder csv = new StringBuilder("method,metric,image,value\n");
		for (Evaluation.MethodResult method : result.methods()) {
			for (String metric : result.metrics()) {
				double[] values = method.values().get(metric);
				for (int n = 0; n < values.length; n++) csv.append(String.format(Locale.ROOT, "%s,%s,%d,%.6g%n", method.method(), metric, n + 1, values[n]));
			}
		}
		return csv.toString();
	}

	/** Each metric per method: mean, standard error of the mean, and the number of images it is defined on. */
	public static ResultsTable table(Evaluation.Result result) {
		ResultsTable table = new ResultsTable();
		for (Evaluation.Summary s : result.summaries()) {
			table.incrementCounter();
			table.addValue("method", s.method());
			table.addValue("metric", s.metric());
			table.addValue("mean", s.mean());
			table.addValue("sem", s.sem());
			table.addValue("n", s.n());
		}
		return table;
	}

	/** One row per image, one column per method and metric. */
	public static ResultsTable imageTable(Evaluation.Result result) {
		ResultsTable table = new ResultsTable();
		for (int n = 0; n < result.images(); n++) {
			table.incrementCounter();
			table.addValue("image", n + 1);
			for (Evaluation.MethodResult method : result.methods()) {
				for (String metric : result.metrics()) table.addValue(method.method() + " " + metric, method.values().get(metric)[n]);
			}
		}
		return table;
	}

	/** The mean deletion (solid) and insertion (dotted) curves of every method over the fraction of patches changed. */
	public static Plot plot(Evaluation.Result result) {
		Plot plot = new Plot("Deletion and insertion curves", "fraction of patches removed (deletion) or restored (insertion)", "score of the explained class");
		StringBuilder legend = new StringBuilder();
		List<Evaluation.MethodResult> methods = result.methods();
		for (int m = 0; m < methods.size(); m++) {
			Evaluation.MethodResult method = methods.get(m);
			String colour = method.method().equals(Evaluation.RANDOM) ? "gray" : COLOURS[m % COLOURS.length];
			addCurve(plot, colour, method.meanDeletion(), 2);
			addCurve(plot, colour, method.meanInsertion(), 1);
			legend.append(method.method()).append(" deletion\t").append(method.method()).append(" insertion\t");
		}
		plot.setLegend(legend.toString().trim(), Plot.AUTO_POSITION);
		return plot;
	}

	private static void addCurve(Plot plot, String colour, double[] curve, float width) {
		if (curve.length == 0) return;
		double[] fractions = new double[curve.length];
		for (int k = 0; k < curve.length; k++) fractions[k] = (double) k / (curve.length - 1);
		addCurve(plot, colour, fractions, curve, width, width > 1 ? Plot.LINE : Plot.DOT);
	}

	/** A curve in a colour, line width and shape ({@link Plot#LINE}, {@link Plot#DOT}...): how every results plot draws its curves. */
	static void addCurve(Plot plot, String colour, double[] x, double[] y, float width, int shape) {
		plot.setColor(colour);
		plot.setLineWidth(width);
		plot.addPoints(x, y, shape);
	}

	/** Writes a plot as a PNG image. */
	static void savePng(Plot plot, Path file) {
		ImagePlus image = plot.getImagePlus();
		if (!new FileSaver(image).saveAsPng(file.toString())) throw new XaiException("cannot write " + file);
	}

	/** Writes {@value #SUMMARY_CSV}, {@value #CURVES_CSV}, {@value #VALUES_CSV} and the plot as {@value #PLOT_PNG} into {@code folder}. */
	public static void write(Evaluation.Result result, Path folder) {
		AttackResults.write(folder.resolve(SUMMARY_CSV), csv(result));
		AttackResults.write(folder.resolve(CURVES_CSV), curvesCsv(result));
		AttackResults.write(folder.resolve(VALUES_CSV), valuesCsv(result));
		savePng(plot(result), folder.resolve(PLOT_PNG));
	}
}
