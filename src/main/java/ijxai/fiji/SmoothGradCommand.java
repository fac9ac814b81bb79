package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.scijava.plugin.Parameter;

import ijxai.engine.Explainer;
import ijxai.engine.SmoothGrad;

/** Plugins › Explainable AI › Attribution › SmoothGrad. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Attribution>SmoothGrad", headless = true)
public class SmoothGradCommand extends ExplainCommand {

	@Parameter(label = "Noise level", min = "0", max = "10", stepSize = "0.05", description = "noise sigma as a fraction of the slice's value range")
	private double noise = 0.15;

	@Parameter(label = "Samples", min = "1", description = "noisy copies per slice")
	private int samples = 50;

	@Parameter(label = "Variant", choices = { "smoothgrad", "squared", "vargrad" })
	private String variant = "smoothgrad";

	@Parameter(label = "Random seed")
	private int seed;

	@Override
	protected Explainer method() {
		return new SmoothGrad();
	}
}
