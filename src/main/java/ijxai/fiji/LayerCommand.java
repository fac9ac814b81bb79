package ijxai.fiji;

import org.scijava.plugin.Parameter;

/** The commands of methods that look at one layer (Grad-CAM and friends, activations). */
public abstract class LayerCommand extends ExplainCommand {

	@Parameter(style = ModelListWidget.LAYERS, label = "Layer", required = false, persist = false,
		description = "Keras layer name; empty: the last layer with a spatial output before global pooling or flattening")
	private String layer = "";
}
