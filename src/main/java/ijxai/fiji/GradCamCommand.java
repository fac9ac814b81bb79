package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import ijxai.engine.attribution.GradCam;
import ijxai.engine.method.Explainer;

/** Plugins › Explainable AI › Attribution › Grad-CAM. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Attribution>Grad-CAM", headless = true)
public class GradCamCommand extends LayerCommand {

	@Override
	protected Explainer method() {
		return new GradCam();
	}
}
