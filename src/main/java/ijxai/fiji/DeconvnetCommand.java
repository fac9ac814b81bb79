package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import ijxai.engine.attribution.ModifiedBackprop;
import ijxai.engine.method.Explainer;

/** Plugins › Explainable AI › Attribution › Deconvnet. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Attribution>Deconvnet", headless = true)
public class DeconvnetCommand extends ExplainCommand {

	@Override
	protected Explainer method() {
		return ModifiedBackprop.DECONVNET;
	}
}
