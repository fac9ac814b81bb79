package ijxai.fiji;

import org.scijava.plugin.Parameter;

/** The commands of adversarial attacks: the options every attack has. */
public abstract class AttackCommand extends ExplainCommand {

	@Parameter(label = "Epsilon", min = "0", description = "size of the perturbation, in image units unless units = model")
	private double epsilon = 8;

	@Parameter(label = "Units", choices = { "image", "model" })
	private String units = "image";

	@Parameter(label = "True label", required = false, description = "class an untargeted attack moves away from; empty: the predicted class")
	private String label = "";

	@Parameter(label = "Random seed")
	private int seed;
}
