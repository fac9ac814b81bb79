package ijxai.fiji;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

import ijxai.engine.Explainer;
import ijxai.engine.GradCamPlusPlus;

/** Plugins › Explainable AI › Attribution › Grad-CAM++. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Attribution>Grad-CAM++", headless = true)
public class GradCamPlusPlusCommand extends LayerCommand {

	@Override
	protected Explainer method() {
		return new GradCamPlusPlus();
	}
}
