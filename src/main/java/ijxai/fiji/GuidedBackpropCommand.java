package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import ijxai.engine.attribution.ModifiedBackprop;
import ijxai.engine.method.Explainer;

/** Plugins › Explainable AI › Attribution › Guided backpropagation. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Attribution>Guided backpropagation", headless = true)
public class GuidedBackpropCommand extends ExplainCommand {

	@Override
	protected Explainer method() {
		return ModifiedBackprop.GUIDED;
	}
}
