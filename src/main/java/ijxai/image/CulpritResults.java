package ijxai.image;

import java.awt.Color;
import java.nio.file.Path;
import java.util.Locale;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.measure.ResultsTable;
import ijxai.engine.FloatBatch;
import ijxai.engine.Progress;
import ijxai.engine.features.CulpritLayers;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelInfo;

/**
 * Culprit layers from every entry point: an image and its adversarial version (and a folder of
 * images of the class the attack aims at) through the model, then the table and the Plot over the
 * layers.
 */
public final class CulpritResults {

	/** The options of the ImageJ 1.x dialog beside the image it runs on (the command line takes them as files). */
	public static final MethodParameter ADVERSARIAL = MethodParameter.image("adversarial", "Adversarial image",
		"its adversarial version (e.g. an attack's adversarial image), or any second image of the same size");
	public static final MethodParameter CLASS_FOLDER = MethodParameter.text("class-folder", "Class folder",
		"a folder of images of the class the attack aims at: the adversarial activations are compared with their mean per layer; empty: none");

	/** The comparison and the model's description, for the table's class names. */
	public record Found(CulpritLayers.Result result, ModelInfo info) {}

	private CulpritResults() {}

	/** @param classFolder a folder of images of the class the attack aims at, or null */
	public static Found run(ExplainImage.Settings settings, ImagePlus image, ImagePlus adversarial, Path classFolder, int batch, Progress progress) {
		try (ModelSource.Lease lease = ModelSource.lease(ModelCache.SHARED, settings.model(), settings.modelOptions())) {
			LoadedModel model = lease.model();
			ModelInfo info = model.info();
			FloatBatch clean = ImageBridge.toInput(image, info, settings.normalization(), settings.resize()).batch();
			FloatBatch attacked = ImageBridge.toInput(adversarial, info, settings.normalization(), settings.resize()).batch();
			FloatBatch classImages = classFolder == null ? null : ImageSets.load(ImageSets.filesIn(classFolder), info, settings).images();
			return new Found(CulpritLayers.of(model, clean, attacked, classImages, batch, progress), info);
		}
	}

	/** One row per layer: the cosines, and whether the adversarial representation is nearer the class than the clean one. */
	public static ResultsTable table(Found found) {
		ResultsTable table = new ResultsTable();
		table.setPrecision(6);
		CulpritLayers.Result result = found.result();
		for (CulpritLayers.Layer layer : result.layers()) {
			table.incrementCounter();
			table.addValue("layer", layer.name());
			table.addValue("cos_to_clean", layer.toClean());
			table.addValue("cos_to_class", layer.toClass());
			table.addValue("clean_to_class", layer.cleanToClass());
			table.addValue("flipped", result.classImages() == 0 ? "" : Boolean.toString(layer.flipped()));
		}
		return table;
	}

	/** The cosines over the layers (by index, in graph order), the first flipped layer named in the title. */
	public static Plot plot(Found found) {
		CulpritLayers.Result result = found.result();
		int count = result.layers().size();
		double[] index = new double[count], toClean = new double[count], toClass = new double[count], cleanToClass = new double[count];
		for (int l = 0; l < count; l++) {
			CulpritLayers.Layer layer = result.layers().get(l);
			index[l] = l + 1;
			toClean[l] = layer.toClean();
			toClass[l] = layer.toClass();
			cleanToClass[l] = layer.cleanToClass();
		}
		CulpritLayers.Layer flipped = result.firstFlipped();
		String title = String.format(Locale.ROOT, "Culprit layers: %s → %s%s", found.info().className(result.cleanClass()),
			found.info().className(result.adversarialClass()), flipped == null ? "" : ", flips at " + flipped.name());
		Plot plot = new Plot(title, "layer (1 = first, in graph order)", "cosine similarity");
		plot.setLimits(0.5, count + 0.5, Math.min(0, min(toClean, toClass, cleanToClass)), 1.05);
		plot.setColor(new Color(31, 119, 180));
		plot.addPoints(index, toClean, Plot.CONNECTED_CIRCLES);
		StringBuilder legend = new StringBuilder("adversarial to clean");
		if (result.classImages() > 0) {
			plot.setColor(new Color(214, 39, 40));
			plot.addPoints(index, toClass, Plot.CONNECTED_CIRCLES);
			plot.setColor(Color.GRAY);
			plot.addPoints(index, cleanToClass, Plot.LINE);
			legend.append("\tadversarial to the class mean (").append(result.classImages()).append(" images)\tclean to the class mean");
		}
		plot.setLegend(legend.toString(), Plot.AUTO_POSITION);
		return plot;
	}

	private static double min(double[]... series) {
		double min = Double.POSITIVE_INFINITY;
		for (double[] values : series) for (double v : values) if (Double.isFinite(v)) min = Math.min(min, v);
		return min;
	}
}
