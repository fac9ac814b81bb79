package ijxai.image;

import ij.measure.ResultsTable;
import ijxai.engine.ModelInfo;

/**
 * A model described for its user, as the Fiji command and the ImageJ 1.x plugin "Model info" show it:
 * a table with one row per layer and a text summary.
 */
public final class ModelReport {

	private ModelReport() {}

	/**
	 * One row per layer in graph order: layer, op, shape ("?" for sizes the model leaves open),
	 * spatial ("yes" for a 4-D output with more than one pixel: what Grad-CAM, feature maps and
	 * DeepDream can look at) and default ("yes" for the layer those methods take when none is given).
	 */
	public static ResultsTable layerTable(ModelInfo info) {
		String lastSpatial = lastSpatialLayerName(info);
		ResultsTable table = new ResultsTable();
		for (ModelInfo.Layer layer : info.layers()) {
			table.incrementCounter();
			table.addValue("layer", layer.name());
			table.addValue("op", layer.op());
			table.addValue("shape", ModelInfo.shapeString(layer.shape()));
			table.addValue("spatial", ModelInfo.isSpatial(layer) ? "yes" : "no");
			table.addValue("default", layer.name().equals(lastSpatial) ? "yes" : "no");
		}
		return table;
	}

	/** Folder, signature, input, output, classes, layer count and loading notes, one fact a line. */
	public static String summary(ModelInfo info) {
		StringBuilder text = new StringBuilder();
		text.append("Model: ").append(info.folder()).append('\n');
		text.append("Signature: ").append(info.signature()).append('\n');
		text.append("Input: ").append(info.describeInput()).append('\n');
		text.append("Output: ").append(info.outputName()).append(' ').append(ModelInfo.shapeString(info.outputShape()))
			.append(", ends in ").append(info.outputActivation()).append('\n');
		text.append("Classes (").append(info.classCount()).append("): ");
		for (int i = 0; i < info.classCount(); i++) text.append(i > 0 ? ", " : "").append(i).append(' ').append(info.className(i));
		text.append('\n');
		String lastSpatial = lastSpatialLayerName(info);
		text.append("Layers: ").append(info.layers().size()).append(", default layer for Grad-CAM and feature maps: ")
			.append(lastSpatial == null ? "none (no spatial layer)" : lastSpatial).append('\n');
		for (String note : info.notes()) text.append("Note: ").append(note).append('\n');
		return text.toString();
	}

	private static String lastSpatialLayerName(ModelInfo info) {
		boolean anySpatial = info.layers().stream().anyMatch(ModelInfo::isSpatial);
		return anySpatial ? info.lastSpatialLayer().name() : null;
	}
}
