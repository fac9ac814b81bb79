package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.scijava.plugin.Parameter;

import ijxai.engine.Explainer;
import ijxai.engine.Pgd;

/** Plugins › Explainable AI › Adversarial › PGD. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Adversarial>PGD", headless = true)
public class PgdCommand extends AttackCommand {

	@Parameter(label = "Norm", choices = { "linf", "l2" })
	private String norm = "linf";

	@Parameter(label = "Step size (0: epsilon / 4)", min = "0")
	private double step;

	@Parameter(label = "Steps", min = "1")
	private int steps = 20;

	@Parameter(label = "Random start", choices = { "no", "yes" })
	private String randomStart = "no";

	@Override
	protected Explainer method() {
		return new Pgd();
	}
}
