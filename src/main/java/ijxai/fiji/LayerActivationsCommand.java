package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import ijxai.engine.features.LayerActivations;
import ijxai.engine.method.Explainer;

/** Plugins › Explainable AI › Feature visualization › Feature maps (layer activations). */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Feature visualization>Feature maps", headless = true)
public class LayerActivationsCommand extends LayerCommand {

	@Override
	protected Explainer method() {
		return new LayerActivations();
	}
}
