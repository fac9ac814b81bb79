package ijxai.engine;

import java.util.List;

/** What the methods that look at one layer share: the layer option and its resolution to a spatial layer. */
final class LayerMethod {

	static final String LAYER = "layer";

	static final MethodParameter PARAMETER = MethodParameter.text(LAYER, "Layer",
		"Keras layer name; empty: the last layer with a spatial output before global pooling or flattening");

	private LayerMethod() {}

	static List<MethodParameter> parameters() {
		return List.of(PARAMETER);
	}

	/** The chosen layer, which must have a spatial 4-D output. */
	static ModelInfo.Layer layer(ModelInfo info, MethodSettings.Values settings, String method) {
		String name = settings.text(LAYER);
		ModelInfo.Layer layer = name.isEmpty() ? info.lastSpatialLayer() : info.layer(name);
		if (layer.shape().length != 4) {
			throw new XaiException(method + " needs a layer with a spatial output [N,h,w,k]; layer '" + layer.name() + "' gives " +
				ModelInfo.shapeString(layer.shape()));
		}
		return layer;
	}
}
