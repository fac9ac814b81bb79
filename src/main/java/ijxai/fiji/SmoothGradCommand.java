package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.scijava.plugin.Parameter;

import ijxai.engine.attribution.SmoothGrad;
import ijxai.engine.method.Explainer;

/** Plugins › Explainable AI › Attribution › SmoothGrad. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Attribution>SmoothGrad", headless = true)
public class SmoothGradCommand extends ExplainCommand {

	@Parameter(label = "Noise level", min = "0", max = "10", stepSize = "0.05",
		description = "noise σ as a fraction of the slice's value range (0.1–0.2 suit most images)")
	private double noise = 0.15;

	@Parameter(label = "Samples", min = "1", max = "100000", description = "noisy copies per slice")
	private int samples = 50;

	@Parameter(label = "Variant", choices = { "smoothgrad", "squared", "vargrad" },
		description = "smoothgrad: mean gradient; squared: mean of squared gradients (SmoothGrad²); vargrad: their variance")
	private String variant = "smoothgrad";

	@Parameter(label = "Random seed", description = "the same seed gives the same noise")
	private int seed;

	@Override
	protected Explainer method() {
		return new SmoothGrad();
	}
}
