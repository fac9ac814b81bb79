package ijxai.image;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.measure.ResultsTable;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ijxai.engine.FloatBatch;
import ijxai.engine.ImageSpace;
import ijxai.engine.XaiException;
import ijxai.engine.features.FeatureSpace;
import ijxai.engine.features.FeatureSpaceTool;
import ijxai.engine.features.Tsne;
import ijxai.engine.model.ModelInfo;

/**
 * What the entry points show of a feature space: a table of every image's class and principal
 * coordinates (with its PCA colour), the nearest neighbours of a query as a table and a
 * montage, a Plot of the first two components coloured by predicted class, a montage of every
 * image framed in its PCA colour, and the t-SNE's Plot and coordinates when there is one.
 */
public final class FeatureSpaceResults {

	/** The results; {@code neighbours} and {@code neighbourMontage} start with the query itself; {@code tsnePlot} null without a t-SNE. */
	public record Output(ResultsTable images, ResultsTable neighbours, ImagePlus neighbourMontage, Plot plot, ImagePlus colourMontage, Plot tsnePlot) {}

	private static final Color[] CLASS_COLOURS = { new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
		new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207) };

	private FeatureSpaceResults() {}

	/** @param query the query's slice number in the set (from 1); its {@code k} nearest other images are shown */
	public static Output show(FeatureSpaceTool.Result result, ImageSets.LabelledSet set, ModelInfo info, int query, int k) {
		FeatureSpace space = result.space();
		Tsne.Embedding tsne = result.tsne();
		int count = space.vectors().length;
		if (query < 1 || query > count) throw new XaiException("query " + query + " is not an image of the set (1 to " + count + ")");
		List<FeatureSpace.Neighbour> nearest = space.nearest(space.vectors()[query - 1], k, query - 1);
		FeatureSpace.Projection projection = space.principalComponents(3);
		int[][] colours = FeatureSpace.colours(projection);

		ResultsTable images = new ResultsTable();
		for (int i = 0; i < count; i++) {
			images.incrementCounter();
			images.addValue("image", set.names().get(i));
			images.addValue("predicted", info.className(space.predicted()[i]));
			for (int c = 0; c < projection.variances().length; c++) images.addValue("pc" + (c + 1), projection.coordinates()[i][c]);
			images.addValue("colour", String.format(Locale.ROOT, "#%02x%02x%02x", colours[i][0], colours[i][1], colours[i][2]));
			if (tsne != null) {
				images.addValue("tsne1", tsne.coordinates()[i][0]);
				images.addValue("tsne2", tsne.coordinates()[i][1]);
			}
		}
		ResultsTable neighbours = new ResultsTable();
		String name = set.names().get(query - 1);
		neighbours.incrementCounter();
		neighbours.addValue("rank", 0);
		neighbours.addValue("image", name + " (query)");
		neighbours.addValue("distance", 0);
		neighbours.addValue("predicted", info.className(space.predicted()[query - 1]));
		List<ImageProcessor> tiles = new ArrayList<>();
		tiles.add(labelled(thumbnail(set, query - 1), "query"));
		for (int r = 0; r < nearest.size(); r++) {
			FeatureSpace.Neighbour neighbour = nearest.get(r);
			neighbours.incrementCounter();
			neighbours.addValue("rank", r + 1);
			neighbours.addValue("image", set.names().get(neighbour.index()));
			neighbours.addValue("distance", neighbour.distance());
			neighbours.addValue("predicted", info.className(space.predicted()[neighbour.index()]));
			tiles.add(labelled(thumbnail(set, neighbour.index()), String.format(Locale.ROOT, "%d: %.3g", r + 1, neighbour.distance())));
		}
		ImagePlus neighbourMontage = new ImagePlus("Nearest neighbours of " + name + " (" + space.layer() + ")",
			Montage.grid(tiles, Math.min(tiles.size(), 6), 1, 2, 0xffffff));

		List<ImageProcessor> framed = new ArrayList<>();
		for (int i = 0; i < count; i++) framed.add(framed(thumbnail(set, i), colours[i]));
		ImagePlus colourMontage = new ImagePlus("Feature space colours (" + space.layer() + ")", Montage.grid(framed, 0, 1, 1, 0xffffff));
		Plot tsnePlot = tsne == null ? null : plot(String.format(Locale.ROOT, "t-SNE of %s features (%s, KL %.3g)", space.layer(), tsne.method(), tsne.klDivergence()),
			"t-SNE 1", "t-SNE 2", tsne.coordinates(), space.predicted(), info);
		return new Output(images, neighbours, neighbourMontage, pcaPlot(space, projection, info), colourMontage, tsnePlot);
	}

	private static Plot pcaPlot(FeatureSpace space, FeatureSpace.Projection projection, ModelInfo info) {
		double total = projection.totalVariance();
		String[] axes = new String[2];
		for (int c = 0; c < 2; c++) {
			axes[c] = c < projection.variances().length
				? String.format(Locale.ROOT, "PC%d (%.1f%% of the variance)", c + 1, 100 * projection.variances()[c] / total) : "PC" + (c + 1);
		}
		return plot("PCA of " + space.layer() + " features", axes[0], axes[1], projection.coordinates(), space.predicted(), info);
	}

	/** Points at their first two coordinates (the second 0 where there is one only), one colour and legend entry per predicted class. */
	private static Plot plot(String title, String xLabel, String yLabel, double[][] coordinates, int[] predicted, ModelInfo info) {
		Plot plot = new Plot(title, xLabel, yLabel);
		List<String> legend = new ArrayList<>();
		for (int k = 0; k < info.classCount(); k++) {
			List<double[]> points = new ArrayList<>();
			for (int i = 0; i < predicted.length; i++) {
				if (predicted[i] == k) points.add(new double[] { coordinates[i][0], coordinates[i].length > 1 ? coordinates[i][1] : 0 });
			}
			if (points.isEmpty()) continue;
			plot.setColor(CLASS_COLOURS[k % CLASS_COLOURS.length]);
			plot.addPoints(points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray(), Plot.CIRCLE);
			legend.add(info.className(k));
		}
		plot.setLegend(String.join("\t", legend), Plot.AUTO_POSITION);
		// limits over every class's points (a Plot otherwise fits the first series it was given)
		double[] limits = { Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY };
		for (double[] row : coordinates) {
			double y = row.length > 1 ? row[1] : 0;
			limits = new double[] { Math.min(limits[0], row[0]), Math.max(limits[1], row[0]), Math.min(limits[2], y), Math.max(limits[3], y) };
		}
		double marginX = 0.05 * Math.max(limits[1] - limits[0], 1e-6), marginY = 0.05 * Math.max(limits[3] - limits[2], 1e-6);
		plot.setLimits(limits[0] - marginX, limits[1] + marginX, limits[2] - marginY, limits[3] + marginY);
		return plot;
	}

	/** Image n of the set as RGB at its model-input size, gray images over the range their type holds (or their own range). */
	private static ColorProcessor thumbnail(ImageSets.LabelledSet set, int n) {
		FloatBatch images = set.images();
		ImageSpace space = set.space();
		int w = images.width(), h = images.height(), c = images.channels();
		FloatProcessor[] planes = new FloatProcessor[c];
		for (int ch = 0; ch < c; ch++) {
			planes[ch] = new FloatProcessor(w, h);
			for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) planes[ch].setf(x, y, (float) space.toImage(n, images.get(n, y, x, ch)));
			if (Double.isFinite(space.maximum())) planes[ch].setMinAndMax(Math.max(space.minimum(), 0), space.maximum() > 255 ? planes[ch].getMax() : space.maximum());
			else planes[ch].resetMinAndMax();
		}
		if (c != 3) return (ColorProcessor) planes[0].convertToColorProcessor();
		ColorProcessor rgb = new ColorProcessor(w, h);
		for (int ch = 0; ch < 3; ch++) rgb.setChannel(ch + 1, planes[ch].convertToByteProcessor(true));
		return rgb;
	}

	/** Enlarged (nearest neighbour) to a readable size, with text under it. */
	private static ImageProcessor labelled(ColorProcessor tile, String text) {
		tile.setInterpolationMethod(ImageProcessor.NONE);
		int scale = Montage.scaleFor(tile.getWidth(), tile.getHeight()) * 2;
		ImageProcessor big = tile.resize(tile.getWidth() * scale, tile.getHeight() * scale);
		ColorProcessor out = new ColorProcessor(big.getWidth(), big.getHeight() + 16);
		out.setColor(Color.WHITE);
		out.fill();
		out.insert(big, 0, 0);
		out.setColor(Color.BLACK);
		out.setAntialiasedText(true);
		out.drawString(text, 2, out.getHeight() - 2);
		return out;
	}

	private static ImageProcessor framed(ColorProcessor tile, int[] rgb) {
		ColorProcessor out = new ColorProcessor(tile.getWidth() + 6, tile.getHeight() + 6);
		out.setColor(new Color(rgb[0], rgb[1], rgb[2]));
		out.fill();
		out.insert(tile, 3, 3);
		return out;
	}
}
