package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import ijxai.engine.attribution.Saliency;
import ijxai.engine.method.Explainer;

/** Plugins › Explainable AI › Attribution › Saliency map. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Attribution>Saliency map", headless = true)
public class SaliencyCommand extends ExplainCommand {

	@Override
	protected Explainer method() {
		return new Saliency();
	}
}
