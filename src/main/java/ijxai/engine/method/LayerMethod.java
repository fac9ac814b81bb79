package ijxai.engine.method;

import java.util.List;

import ijxai.engine.XaiException;
import ijxai.engine.model.ModelInfo;

/** The base of methods that look at one layer (Grad-CAM and its kin, activations): the layer option and its resolution. */
public abstract class LayerMethod implements Explainer {

	public static final String LAYER = "layer";

	@Override
	public List<MethodParameter> parameters() {
		return List.of(MethodParameter.layer(LAYER, "Layer", "Keras layer name; empty: the last layer with a spatial output before global pooling or flattening"));
	}

	/** The layer looked at when none is named: the last spatial layer. */
	protected ModelInfo.Layer defaultLayer(ModelInfo info) {
		return info.lastSpatialLayer();
	}

	/** The layer the job's settings choose, which must have a spatial 4-D output. */
	protected ModelInfo.Layer layer(ExplainJob job) {
		ModelInfo info = job.info();
		String name = job.settings().text(LAYER);
		ModelInfo.Layer layer = name.isEmpty() ? defaultLayer(info) : info.layer(name);
		if (layer.shape().length != 4) {
			throw new XaiException(title() + " needs a layer with a spatial output [N,h,w,k]; layer '" + layer.name() + "' gives " +
				ModelInfo.shapeString(layer.shape()));
		}
		return layer;
	}
}
