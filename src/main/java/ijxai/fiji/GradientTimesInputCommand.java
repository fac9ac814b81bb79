package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import ijxai.engine.attribution.GradientTimesInput;
import ijxai.engine.method.Explainer;

/** Plugins › Explainable AI › Attribution › Gradient x Input. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Attribution>Gradient x Input", headless = true)
public class GradientTimesInputCommand extends ExplainCommand {

	@Override
	protected Explainer method() {
		return new GradientTimesInput();
	}
}
