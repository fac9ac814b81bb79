package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.scijava.plugin.Parameter;

import ij.ImagePlus;
import ijxai.engine.attribution.IntegratedGradients;
import ijxai.engine.method.Explainer;

/** Plugins › Explainable AI › Attribution › Integrated Gradients. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Attribution>Integrated Gradients", headless = true)
public class IntegratedGradientsCommand extends ExplainCommand {

	@Parameter(label = "Baseline", choices = { "black", "white", "zero", "blur", "noise", "image" },
		description = "what 'no signal' is: black/white = the slice's smallest/largest value per channel, zero, a blurred copy, uniform noise in the slice's range, or another image")
	private String baseline = "black";

	@Parameter(label = "Steps", min = "1", max = "10000", description = "points on the path from baseline to image")
	private int steps = 64;

	@Parameter(label = "Integration", choices = { "gauss-legendre", "riemann" },
		description = "Gauss-Legendre quadrature (as Captum), or the right Riemann sum (as tf-explain)")
	private String integration = "gauss-legendre";

	@Parameter(label = "Blur sigma (pixels)", min = "0", max = "1000", description = "Gaussian blur of the blur baseline")
	private double blurSigma = 5;

	@Parameter(label = "Random seed", description = "seed of the noise baseline")
	private int seed;

	@Parameter(label = "Baseline image", required = false, description = "the image used as baseline when baseline=image (same size)")
	private ImagePlus baselineImage;

	@Override
	protected Explainer method() {
		return new IntegratedGradients();
	}
}
