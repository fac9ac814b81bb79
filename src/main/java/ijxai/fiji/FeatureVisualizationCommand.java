package ijxai.fiji;

import java.lang.reflect.Field;

import org.scijava.plugin.Parameter;

import ijxai.engine.method.MethodParameter;

/**
 * The commands of feature visualizations: the optimizer's options, whose defaults differ by
 * method and are therefore taken from the method's own parameters.
 */
public abstract class FeatureVisualizationCommand extends ExplainCommand {

	@Parameter(label = "Iterations", min = "1", max = "100000", description = "gradient ascent steps")
	private int iterations;

	@Parameter(label = "Learning rate", min = "0", max = "10", stepSize = "0.01", description = "Adam step size as a fraction of the valid value range")
	private double learningRate;

	@Parameter(label = "L2 decay", min = "0", max = "1", stepSize = "0.001",
		description = "each step pulls the image this fraction towards the middle of the range")
	private double decay;

	@Parameter(label = "Blur every (iterations, 0: never)", min = "0", max = "100000", description = "blur the image every this many steps (0: never)")
	private int blurEvery;

	@Parameter(label = "Blur sigma (pixels)", min = "0", max = "1000", description = "Gaussian blur of the image every 'blur-every' steps")
	private double blurSigma;

	@Parameter(label = "Jitter (pixels)", min = "0", max = "1000", description = "random circular shift of up to this many pixels before each step")
	private int jitter;

	@Parameter(label = "Clip small norm (percentile)", min = "0", max = "100",
		description = "pixels whose norm is below this percentile are reset to the middle (0: off)")
	private double clipNorm;

	@Parameter(label = "Clip small contribution (percentile)", min = "0", max = "100",
		description = "pixels whose |value x gradient| is below this percentile are reset to the middle (0: off)")
	private double clipContribution;

	@Parameter(label = "Random seed", description = "seed of the start noise and the jitter")
	private int seed;

	protected FeatureVisualizationCommand() {
		try {
			for (MethodParameter p : method().parameters()) {
				Field field = methodField(p);
				if (field.getDeclaringClass() != FeatureVisualizationCommand.class) continue;
				if (field.getType() == int.class) field.setInt(this, Integer.parseInt(p.defaultValue()));
				else field.setDouble(this, Double.parseDouble(p.defaultValue()));
			}
		}
		catch (ReflectiveOperationException e) {
			throw new IllegalStateException(getClass().getName() + " does not declare the options of " + method().name(), e);
		}
	}
}
