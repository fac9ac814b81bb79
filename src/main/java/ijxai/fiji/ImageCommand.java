package ijxai.fiji;

import java.nio.file.Path;

import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.ui.UIService;

import ijxai.engine.Normalization;
import ijxai.engine.Progress;
import ijxai.engine.model.ModelOptions;
import ijxai.image.ExplainImage;
import ijxai.isolation.IsolatedEngine;

/**
 * The base of the hand-written commands that feed images to a model: the services, the
 * normalization and trust fields, and a run in ij-xai's own class loader where another TensorFlow
 * comes first, with failures and progress as every ij-xai module shows them.
 */
abstract class ImageCommand extends ContextCommand {

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private UIService ui;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(label = "Normalization", choices = { "0-1", "none", "percentile", "mean-std" },
		description = "how pixel values become model input; use what the model was trained with")
	private String normalize = "0-1";

	/** Not remembered: trusting one model must not silently trust the next. */
	@Parameter(label = ModelParameter.TRUST_LABEL, persist = false, description = ModelParameter.TRUST_DESCRIPTION)
	private boolean trustModel;

	/** The work of one run, which sets the outputs; throws XaiException for problems with the input. */
	abstract void work();

	/** The command's title in error dialogs. */
	abstract String title();

	@Override
	public final void run() {
		if (IsolatedEngine.rerunCommand(this)) return;
		Failures.run(this, ui, log, title(), this::work);
	}

	ModelOptions modelOptions() {
		return ModelOptions.DEFAULTS.withTrusted(trustModel);
	}

	/** The settings of images fed to the model in {@code model}, at their own size. */
	ExplainImage.Settings settings(Path model) {
		return new ExplainImage.Settings(model, modelOptions(), Normalization.parse(normalize), false, 0);
	}

	Progress progress() {
		return new FijiProgress(status, this::isCanceled);
	}
}
