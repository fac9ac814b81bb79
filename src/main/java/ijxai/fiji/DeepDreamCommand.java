package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ijxai.engine.DeepDream;
import ijxai.engine.Explainer;

/** Plugins › Explainable AI › Feature visualization › DeepDream. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Feature visualization>DeepDream", headless = true)
public class DeepDreamCommand extends FeatureVisualizationCommand {

	@Parameter(label = "Layer", required = false, description = "Keras layer name; empty: the last spatial layer")
	private String layer = "";

	@Parameter(label = "Channel (-1: all)", min = "-1")
	private int channel = -1;

	@Parameter(label = "Octaves", min = "1", max = "20")
	private int octaves = 1;

	@Parameter(label = "Octave scale", min = "1", max = "10", stepSize = "0.1")
	private double octaveScale = 1.4;

	@Override
	protected Explainer method() {
		return new DeepDream();
	}
}
