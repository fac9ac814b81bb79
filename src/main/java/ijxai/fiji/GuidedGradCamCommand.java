package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import ijxai.engine.attribution.GuidedGradCam;
import ijxai.engine.method.Explainer;

/** Plugins › Explainable AI › Attribution › Guided Grad-CAM. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Attribution>Guided Grad-CAM", headless = true)
public class GuidedGradCamCommand extends LayerCommand {

	@Override
	protected Explainer method() {
		return new GuidedGradCam();
	}
}
