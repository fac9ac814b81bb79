package ijxai.image;

import java.nio.file.Path;

import ij.measure.ResultsTable;
import ijxai.engine.model.ModelInfo;

/**
 * A model described for its user, as "Model info" shows it in Fiji and in ImageJ 1.x: a table of
 * the input, the layers and the output, a table of the classes, and a text summary.
 */
public final class ModelReport {

	private ModelReport() {}

	/** The table window titles: "NAME model info" and "NAME classes", NAME the model folder's name. */
	public static String title(ModelInfo info, String what) {
		return Path.of(info.folder()).getFileName() + " " + what;
	}

	/**
	 * One row for the input (with its layout), one per layer in graph order, each nested model
	 * (role "model") just before the layers inside it, one per output the signature has besides
	 * the explained one (role "other output", its type as op), one for the explained output (with its activation).
	 * Columns role, name (a layer's path through the nested models), op, shape ("?" for sizes the
	 * model leaves open), spatial ("yes" for a 4-D output with more than one pixel: what Grad-CAM,
	 * feature maps and DeepDream can look at) and default ("yes" for the layer those methods take
	 * when none is given).
	 */
	public static ResultsTable layers(ModelInfo info) {
		String lastSpatial = lastSpatialLayerName(info);
		ResultsTable table = new ResultsTable();
		row(table, "input", new ModelInfo.Layer(info.inputName(), "", info.inputTensor(), info.inputShape()), false);
		table.addValue("layout", info.layout());
		for (ModelInfo.Layer layer : info.tree()) row(table, info.isModel(layer) ? "model" : "layer", layer, layer.name().equals(lastSpatial));
		for (ModelInfo.Output other : info.outputs()) {
			if (other.name().equals(info.outputName())) continue;
			row(table, "other output", new ModelInfo.Layer(other.name(), other.type(), "", other.shape() == null ? new long[0] : other.shape()), false);
			table.addValue("activation", other.activation());
		}
		row(table, "output", new ModelInfo.Layer(info.outputName(), "", info.outputTensor(), info.outputShape()), false);
		table.addValue("activation", info.outputActivation());
		return table;
	}

	/** The class names by index (from 0, as targets take them). */
	public static ResultsTable classes(ModelInfo info) {
		ResultsTable classes = new ResultsTable();
		for (int i = 0; i < info.classCount(); i++) {
			classes.incrementCounter();
			classes.addValue("index", i);
			classes.addValue("class", info.className(i));
		}
		return classes;
	}

	/** Folder, signature, input, output, classes, layer count (and nested models) and loading notes, one fact a line. */
	public static String summary(ModelInfo info) {
		StringBuilder text = new StringBuilder();
		text.append("Model: ").append(info.folder()).append('\n');
		text.append("Signature: ").append(info.signature()).append('\n');
		text.append("Input: ").append(info.describeInput()).append('\n');
		text.append("Output: ").append(info.outputName()).append(' ').append(ModelInfo.shapeString(info.outputShape()))
			.append(", ends in ").append(info.outputActivation()).append('\n');
		for (ModelInfo.Output other : info.outputs()) {
			if (other.name().equals(info.outputName())) continue;
			text.append("Other output: ").append(other.name()).append(' ').append(other.shape() == null ? "(shape not declared)" : ModelInfo.shapeString(other.shape()))
				.append(' ').append(other.type()).append(other.activation().equals("-") ? "" : ", ends in " + other.activation()).append('\n');
		}
		text.append("Classes (").append(info.classCount()).append("): ");
		for (int i = 0; i < info.classCount(); i++) text.append(i > 0 ? ", " : "").append(i).append(' ').append(info.className(i));
		text.append('\n');
		String lastSpatial = lastSpatialLayerName(info);
		int nested = info.models().size();
		text.append("Layers: ").append(info.layers().size())
			.append(nested == 0 ? "" : " (in " + nested + " nested model" + (nested == 1 ? "" : "s") + ": " +
				String.join(", ", info.models().stream().map(ModelInfo.Layer::name).toList()) + ")")
			.append(", default layer for Grad-CAM and feature maps: ")
			.append(lastSpatial == null ? "none (no spatial layer)" : lastSpatial).append('\n');
		for (String note : info.notes()) text.append("Note: ").append(note).append('\n');
		return text.toString();
	}

	private static void row(ResultsTable table, String role, ModelInfo.Layer layer, boolean isDefault) {
		table.incrementCounter();
		table.addValue("role", role);
		table.addValue("name", layer.name());
		table.addValue("op", layer.op());
		table.addValue("shape", ModelInfo.shapeString(layer.shape()));
		table.addValue("spatial", ModelInfo.isSpatial(layer) ? "yes" : "no");
		table.addValue("default", isDefault ? "yes" : "no");
	}

	private static String lastSpatialLayerName(ModelInfo info) {
		boolean anySpatial = info.layers().stream().anyMatch(ModelInfo::isSpatial);
		return anySpatial ? info.lastSpatialLayer().name() : null;
	}
}
