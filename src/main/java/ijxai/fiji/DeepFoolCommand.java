package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.scijava.plugin.Parameter;

import ijxai.engine.attack.DeepFool;
import ijxai.engine.method.Explainer;

/** Plugins › Explainable AI › Adversarial › DeepFool. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Adversarial>DeepFool", headless = true)
public class DeepFoolCommand extends AttackCommand {

	@Parameter(label = "Overshoot", min = "0", max = "10", description = "how far past the boundary, as a fraction of the step")
	private double overshoot = 0.02;

	@Parameter(label = "Max iterations", min = "1", max = "10000", description = "give up after this many steps")
	private int maxIterations = 50;

	@Override
	protected Explainer method() {
		return new DeepFool();
	}
}
