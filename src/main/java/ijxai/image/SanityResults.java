package ijxai.image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Plot;
import ij.io.FileSaver;
import ij.measure.ResultsTable;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ijxai.engine.XaiException;
import ijxai.engine.evaluation.SanityChecks;
import ijxai.engine.evaluation.SanityChecks.Measure;

/**
 * What every entry point shows of the sanity checks: each measure's mean per method and step as a
 * CSV and a ResultsTable, the per-image values, a Plot of the means over the steps (one colour per
 * method, one shape per measure) and the montage of the paper's figure (rows methods, columns
 * steps, one slice per image).
 */
public final class SanityResults {

	/** The files {@link #write} writes. */
	public static final String SUMMARY_CSV = "sanity.csv", VALUES_CSV = "sanity_images.csv", PLOT_PNG = "sanity.png", MONTAGE_TIF = "sanity_montage.tif";

	/** The shape of each measure's curve, in {@link Measure} order. */
	private static final int[] SHAPES = { Plot.CONNECTED_CIRCLES, Plot.LINE, Plot.BOX, Plot.TRIANGLE };

	private SanityResults() {}

	/** {@code method,step,layer,spearman_abs,spearman,ssim,hog}: each measure's mean over the images. */
	public static String csv(SanityChecks.Result result) {
		StringBuilder csv = header("method,step,layer");
		for (SanityChecks.MethodResult method : result.methods()) {
			for (SanityChecks.Step step : result.steps()) {
				csv.append(method.method()).append(',').append(step.index()).append(',').append(step.layer());
				for (Measure measure : Measure.values()) csv.append(String.format(Locale.ROOT, ",%.6g", method.mean(step.index(), measure)));
				csv.append('\n');
			}
		}
		return csv.toString();
	}

	/** {@code method,step,layer,image,spearman_abs,spearman,ssim,hog}: every image's values (numbered from 1 as slices are). */
	public static String valuesCsv(SanityChecks.Result result) {
		StringBuilder csv = header("method,step,layer,image");
		for (SanityChecks.MethodResult method : result.methods()) {
			for (SanityChecks.Step step : result.steps()) {
				for (int n = 0; n < result.images(); n++) {
					csv.append(method.method()).append(',').append(step.index()).append(',').append(step.layer()).append(',').append(n + 1);
					for (Measure measure : Measure.values()) {
						csv.append(String.format(Locale.ROOT, ",%.6g", method.values()[step.index()][measure.ordinal()][n]));
					}
					csv.append('\n');
				}
			}
		}
		return csv.toString();
	}

	/** A CSV's header line: the leading columns, then one per measure. */
	private static StringBuilder header(String leading) {
		StringBuilder csv = new StringBuilder(leading);
		for (Measure measure : Measure.values()) csv.append(',').append(measure.column);
		return csv.append('\n');
	}

	/** One row per method and step: the layer randomized last and each measure's mean. */
	public static ResultsTable table(SanityChecks.Result result) {
		ResultsTable table = new ResultsTable();
		for (SanityChecks.MethodResult method : result.methods()) {
			for (SanityChecks.Step step : result.steps()) {
				table.incrementCounter();
				table.addValue("method", method.method());
				table.addValue("step", step.index());
				table.addValue("layer", step.layer());
				for (Measure measure : Measure.values()) table.addValue(measure.column, method.mean(step.index(), measure));
			}
		}
		return table;
	}

	/** Each measure's mean over the steps, per method. */
	public static Plot plot(SanityChecks.Result result) {
		Plot plot = new Plot("Sanity checks (" + result.mode() + " randomization)", "step (layers randomized from the logits)", "similarity to the original map");
		double[] steps = result.steps().stream().mapToDouble(SanityChecks.Step::index).toArray();
		StringBuilder legend = new StringBuilder();
		List<SanityChecks.MethodResult> methods = result.methods();
		for (int m = 0; m < methods.size(); m++) {
			SanityChecks.MethodResult method = methods.get(m);
			for (Measure measure : Measure.values()) {
				double[] means = result.steps().stream().mapToDouble(step -> method.mean(step.index(), measure)).toArray();
				EvaluationResults.addCurve(plot, EvaluationResults.COLOURS[m % EvaluationResults.COLOURS.length], steps, means, 1.5f, SHAPES[measure.ordinal()]);
				legend.append(method.method()).append(' ').append(measure.column).append('\t');
			}
		}
		plot.setLimits(0, Math.max(1, steps.length - 1), -1, 1);
		plot.setLegend(legend.toString().trim(), Plot.AUTO_POSITION);
		return plot;
	}

	/**
	 * The paper's figure: per image a slice with one row per method and one column per step, each
	 * tile the map's absolute values divided by their maximum (0 to 1), so that a map's structure
	 * shows whatever its scale.
	 */
	public static ImagePlus montage(SanityChecks.Result result) {
		int images = result.methods().get(0).maps()[0].length, scale = Montage.scaleFor(result.width(), result.height());
		ImageStack stack = null;
		for (int n = 0; n < images; n++) {
			List<ImageProcessor> tiles = new ArrayList<>();
			for (SanityChecks.MethodResult method : result.methods()) {
				for (float[][] step : method.maps()) tiles.add(scaledTile(step[n], result.width(), result.height()));
			}
			ImageProcessor grid = Montage.grid(tiles, result.steps().size(), scale, 1, 1);
			if (stack == null) stack = new ImageStack(grid.getWidth(), grid.getHeight());
			stack.addSlice("image " + (n + 1) + ": rows " + String.join(", ", result.methods().stream().map(SanityChecks.MethodResult::method).toList())
				+ "; columns steps 0-" + (result.steps().size() - 1), grid);
		}
		ImagePlus montage = new ImagePlus("Sanity checks montage", stack);
		montage.getProcessor().setLut(ImageBridge.Luts.magnitude());
		montage.setDisplayRange(0, 1);
		return montage;
	}

	private static FloatProcessor scaledTile(float[] map, int width, int height) {
		float max = 0;
		for (float v : map) max = Math.max(max, Math.abs(v));
		float[] tile = new float[map.length];
		for (int i = 0; i < map.length; i++) tile[i] = max > 0 ? Math.abs(map[i]) / max : 0;
		return new FloatProcessor(width, height, tile);
	}

	/** Writes {@value #SUMMARY_CSV}, {@value #VALUES_CSV}, the plot as {@value #PLOT_PNG} and the montage as {@value #MONTAGE_TIF} into {@code folder}. */
	public static void write(SanityChecks.Result result, Path folder) {
		AttackResults.write(folder.resolve(SUMMARY_CSV), csv(result));
		AttackResults.write(folder.resolve(VALUES_CSV), valuesCsv(result));
		EvaluationResults.savePng(plot(result), folder.resolve(PLOT_PNG));
		ImagePlus montage = montage(result);
		Path tif = folder.resolve(MONTAGE_TIF);
		boolean written = montage.getStackSize() > 1 ? new FileSaver(montage).saveAsTiffStack(tif.toString()) : new FileSaver(montage).saveAsTiff(tif.toString());
		if (!written) throw new XaiException("cannot write " + tif);
	}
}
