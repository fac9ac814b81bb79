package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ijxai.engine.features.DeepDream;
import ijxai.engine.method.Explainer;

/** Plugins › Explainable AI › Feature visualization › DeepDream. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Feature visualization>DeepDream", headless = true)
public class DeepDreamCommand extends FeatureVisualizationCommand {

	@Parameter(style = ModelListWidget.LAYERS, label = "Layer", required = false, persist = false, description = "Keras layer name; empty: the last layer with a spatial output")
	private String layer = "";

	@Parameter(label = "Channel (-1: all)", min = "-1", description = "one channel of the layer (from 0); -1: all channels")
	private int channel = -1;

	@Parameter(label = "Octaves", min = "1", max = "20",
		description = "scales to dream at, smallest first (more than 1 needs a model that takes any image size)")
	private int octaves = 1;

	@Parameter(label = "Octave scale", min = "1", max = "10", stepSize = "0.1", description = "size ratio between successive octaves")
	private double octaveScale = 1.4;

	@Override
	protected Explainer method() {
		return new DeepDream();
	}
}
