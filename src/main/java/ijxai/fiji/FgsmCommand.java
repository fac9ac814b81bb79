package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import ijxai.engine.attack.GradientStep;
import ijxai.engine.method.Explainer;

/** Plugins › Explainable AI › Adversarial › FGSM. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Adversarial>FGSM", headless = true)
public class FgsmCommand extends AttackCommand {

	@Override
	protected Explainer method() {
		return GradientStep.FGSM;
	}
}
