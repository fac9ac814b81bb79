package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ijxai.engine.features.ClassVisualization;
import ijxai.engine.method.Explainer;

/** Plugins › Explainable AI › Feature visualization › Class visualization. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Feature visualization>Class visualization", headless = true)
public class ClassVisualizationCommand extends FeatureVisualizationCommand {

	@Parameter(label = "Start from", choices = { "noise", "image" }, description = "random noise, or the image itself")
	private String start = "noise";

	@Parameter(label = "Keep every n-th iteration (0: final only)", min = "0", max = "100000",
		description = "keep the image every this many iterations as a movie (0: only the final image)")
	private int frameEvery;

	@Override
	protected Explainer method() {
		return new ClassVisualization();
	}
}
