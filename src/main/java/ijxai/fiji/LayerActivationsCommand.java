package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import ijxai.engine.Explainer;
import ijxai.engine.LayerActivations;

/** Plugins › Explainable AI › Attribution › Layer activations. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Attribution>Layer activations", headless = true)
public class LayerActivationsCommand extends LayerCommand {

	@Override
	protected Explainer method() {
		return new LayerActivations();
	}
}
