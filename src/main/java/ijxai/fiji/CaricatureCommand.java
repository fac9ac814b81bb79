package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ijxai.engine.features.Caricature;
import ijxai.engine.method.Explainer;

/** Plugins › Explainable AI › Feature visualization › Caricature. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Feature visualization>Caricature", headless = true)
public class CaricatureCommand extends FeatureVisualizationCommand {

	@Parameter(label = "Layers", required = false,
		description = "Keras layer names, comma-separated, one caricature each; empty: the last layer with a spatial output")
	private String layers = "";

	@Parameter(label = "Exaggeration power p", min = "0", max = "100", stepSize = "0.05",
		description = "0: match the layer's activations; more exaggerates them (at 0.1 the cosine stays above 0.9 on the fixture CNN)")
	private double power = 0.1;

	@Parameter(label = "Start from", choices = { "noise", "image" }, description = "random noise, or the image itself")
	private String start = "noise";

	@Override
	protected Explainer method() {
		return new Caricature();
	}
}
