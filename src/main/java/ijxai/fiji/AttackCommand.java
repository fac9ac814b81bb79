package ijxai.fiji;

import org.scijava.plugin.Parameter;

/** The commands of adversarial attacks: the options every attack has. */
public abstract class AttackCommand extends ExplainCommand {

	@Parameter(label = "Epsilon", min = "0",
		description = "size of the perturbation (L-inf, or L2 for L2 attacks), in image units (8 = 8 gray levels of 255)")
	private double epsilon = 8;

	@Parameter(label = "Units", choices = { "image", "model" }, description = "epsilon in the image's own values or in model-input values")
	private String units = "image";

	@Parameter(style = ModelListWidget.CLASSES, label = "True label", required = false, persist = false, description = "class the untargeted attack moves away from; empty: the predicted class")
	private String label = "";

	@Parameter(label = "Random seed", description = "seed of random starts and of the noise control")
	private int seed;
}
