package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.scijava.plugin.Parameter;

import ijxai.engine.attack.Pgd;
import ijxai.engine.method.Explainer;

/** Plugins › Explainable AI › Adversarial › PGD. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Adversarial>PGD", headless = true)
public class PgdCommand extends AttackCommand {

	@Parameter(label = "Norm", choices = { "linf", "l2" }, description = "the ball the perturbation stays in")
	private String norm = "linf";

	@Parameter(label = "Step size (0: epsilon / 4)", min = "0", description = "step size in epsilon's units; 0: epsilon / 4")
	private double step;

	@Parameter(label = "Steps", min = "1", max = "100000", description = "at most this many steps")
	private int steps = 20;

	@Parameter(label = "Random start", choices = { "no", "yes" }, description = "start from a random point in the ball")
	private String randomStart = "no";

	@Override
	protected Explainer method() {
		return new Pgd();
	}
}
