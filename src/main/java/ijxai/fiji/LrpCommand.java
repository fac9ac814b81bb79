package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ijxai.engine.lrp.Lrp;
import ijxai.engine.method.Explainer;

/** Plugins › Explainable AI › LRP › LRP. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>LRP>LRP", headless = true)
public class LrpCommand extends ExplainCommand {

	@Parameter(label = "Composite", choices = { "epsilon-plus", "epsilon-plus-flat", "epsilon-alpha2-beta1", "epsilon-alpha2-beta1-flat",
		"epsilon-gamma-box" },
		description = "rules per layer type, as Zennit's presets: convolutions / dense layers / first layer")
	private String composite = "epsilon-plus";

	@Parameter(label = "Rule for every layer", required = false,
		description = "instead of the composite: zero, epsilon[:e], gamma[:g], alpha1beta0, alpha2beta1, zplus, wsquare, flat, zbox")
	private String rule = "";

	@Parameter(label = "Rules by layer", required = false,
		description = "NAME=RULE[,NAME=RULE...] for Keras layers, e.g. conv2d=flat,dense_1=epsilon:0.25")
	private String layerRule = "";

	@Parameter(label = "Epsilon", min = "1.0E-12", max = "1000000", description = "ε of LRP-ε (> 0; the rule zero is LRP-0)")
	private double epsilon = 1e-6;

	@Parameter(label = "Gamma", min = "0", max = "1000000", description = "γ of LRP-γ")
	private double gamma = 0.25;

	@Parameter(label = "Input low (z^B)", description = "smallest model-input value, for z^B (0 for 0-1 normalization)")
	private double low;

	@Parameter(label = "Input high (z^B)", description = "largest model-input value, for z^B")
	private double high = 1;

	@Parameter(label = "Max pooling", choices = { "winner", "proportional" }, description = "winner-take-all, or in proportion to the activations")
	private String maxpool = "winner";

	@Parameter(label = "BatchNorm", choices = { "fold", "layer" },
		description = "fold BatchNorm and other affine ops into the linear layer before them (canonizer; elsewhere they pass relevance on), or treat each as a linear layer of its own")
	private String batchnorm = "fold";

	@Parameter(label = "Biases", choices = { "include", "ignore" },
		description = "include the biases in the rules (they absorb relevance), or ignore them (relevance is conserved)")
	private String bias = "include";

	@Parameter(style = ModelListWidget.LAYERS, label = "Relevance at layer", required = false, persist = false,
		description = "a Keras layer name: the relevance of that layer's output, one plane per channel")
	private String relevanceLayer = "";

	@Override
	protected Explainer method() {
		return new Lrp();
	}
}
