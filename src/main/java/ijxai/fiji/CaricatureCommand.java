package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ijxai.engine.Caricature;
import ijxai.engine.Explainer;

/** Plugins › Explainable AI › Feature visualization › Caricature. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Feature visualization>Caricature", headless = true)
public class CaricatureCommand extends FeatureVisualizationCommand {

	@Parameter(label = "Layers", required = false, description = "Keras layer names, comma-separated; empty: the last spatial layer")
	private String layers = "";

	@Parameter(label = "Exaggeration power p", min = "0", stepSize = "0.05")
	private double power = 0.1;

	@Parameter(label = "Start from", choices = { "noise", "image" })
	private String start = "noise";

	@Override
	protected Explainer method() {
		return new Caricature();
	}
}
