package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ijxai.engine.Explainer;
import ijxai.engine.Lrp;

/** Plugins › Explainable AI › LRP › LRP. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>LRP>LRP", headless = true)
public class LrpCommand extends ExplainCommand {

	@Parameter(label = "Composite", choices = { "epsilon-plus", "epsilon-plus-flat", "epsilon-alpha2-beta1", "epsilon-alpha2-beta1-flat",
		"epsilon-gamma-box" })
	private String composite = "epsilon-plus";

	@Parameter(label = "Rule for every layer", required = false, description = "instead of the composite, e.g. epsilon:0.25, zplus, alpha2beta1")
	private String rule = "";

	@Parameter(label = "Rules by layer", required = false, description = "NAME=RULE[,NAME=RULE...]")
	private String layerRule = "";

	@Parameter(label = "Epsilon", min = "0")
	private double epsilon = 1e-6;

	@Parameter(label = "Gamma", min = "0")
	private double gamma = 0.25;

	@Parameter(label = "Input low (z^B)")
	private double low;

	@Parameter(label = "Input high (z^B)")
	private double high = 1;

	@Parameter(label = "Max pooling", choices = { "winner", "proportional" })
	private String maxpool = "winner";

	@Parameter(label = "BatchNorm", choices = { "fold", "layer" })
	private String batchnorm = "fold";

	@Parameter(label = "Biases", choices = { "include", "ignore" })
	private String bias = "include";

	@Parameter(label = "Relevance at layer", required = false)
	private String relevanceLayer = "";

	@Override
	protected Explainer method() {
		return new Lrp();
	}
}
