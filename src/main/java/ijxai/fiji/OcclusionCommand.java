package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;
import org.scijava.plugin.Parameter;

import ijxai.engine.attribution.Occlusion;
import ijxai.engine.method.Explainer;

/** Plugins › Explainable AI › Attribution › Occlusion sensitivity. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Attribution>Occlusion sensitivity", headless = true)
public class OcclusionCommand extends ExplainCommand {

	@Parameter(label = "Patch size (pixels)", min = "1", max = "100000", description = "side of the square patch, in model-input pixels")
	private int patch = 8;

	@Parameter(label = "Stride (pixels)", min = "1", max = "100000", description = "step between patch positions")
	private int stride = 4;

	@Parameter(label = "Fill", choices = { "zero", "mean", "blur" },
		description = "what the patch shows: zero, the slice's mean per channel, or a blurred copy")
	private String fill = "zero";

	@Parameter(label = "Blur sigma (pixels)", min = "0", max = "1000", description = "Gaussian blur of the blur fill")
	private double blurSigma = 5;

	@Override
	protected Explainer method() {
		return new Occlusion();
	}
}
