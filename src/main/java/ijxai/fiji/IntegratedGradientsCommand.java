package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.scijava.plugin.Parameter;

import ij.ImagePlus;
import ijxai.engine.Explainer;
import ijxai.engine.IntegratedGradients;

/** Plugins › Explainable AI › Attribution › Integrated Gradients. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Attribution>Integrated Gradients", headless = true)
public class IntegratedGradientsCommand extends ExplainCommand {

	@Parameter(label = "Baseline", choices = { "black", "white", "zero", "blur", "noise", "image" })
	private String baseline = "black";

	@Parameter(label = "Steps", min = "1")
	private int steps = 64;

	@Parameter(label = "Integration", choices = { "gauss-legendre", "riemann" })
	private String integration = "gauss-legendre";

	@Parameter(label = "Blur sigma (pixels)", min = "0")
	private double blurSigma = 5;

	@Parameter(label = "Random seed")
	private int seed;

	@Parameter(label = "Baseline image", required = false, description = "used when baseline is image")
	private ImagePlus baselineImage;

	@Override
	protected Explainer method() {
		return new IntegratedGradients();
	}
}
