package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import ijxai.engine.attack.GradientStep;
import ijxai.engine.method.Explainer;

/** Plugins › Explainable AI › Adversarial › Normalized gradient step. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Adversarial>Normalized gradient step", headless = true)
public class NormalizedGradientCommand extends AttackCommand {

	@Override
	protected Explainer method() {
		return GradientStep.NORMALIZED;
	}
}
