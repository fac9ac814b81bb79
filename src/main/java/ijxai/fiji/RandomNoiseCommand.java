package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.scijava.plugin.Parameter;

import ijxai.engine.attack.RandomNoise;
import ijxai.engine.method.Explainer;

/** Plugins › Explainable AI › Adversarial › Random noise control. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Adversarial>Random noise control", headless = true)
public class RandomNoiseCommand extends AttackCommand {

	@Parameter(label = "Norm", choices = { "linf", "l2" }, description = "random signs of ±epsilon (linf) or a random direction of length epsilon (l2)")
	private String norm = "linf";

	@Override
	protected Explainer method() {
		return new RandomNoise();
	}
}
