package ijxai.fiji;

import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;

import ijxai.engine.Progress;
import ijxai.engine.model.Device;
import ijxai.engine.model.ModelOptions;

/**
 * The base of Fiji commands that work on a set of images rather than explain one (robustness
 * curve, universal perturbation): a problem cancels the command with its message, and progress
 * goes to the status bar.
 */
public abstract class ModelCommand extends ContextCommand {

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private UIService ui;

	static final String TRUST_LABEL = "Trust this model (allow ops beyond pure computation)";
	static final String TRUST_DESCRIPTION = "tick only for a model from a source you trust: models that would read or write files, "
		+ "run Python or use tf.data are refused unless trusted. Not remembered";

	/** Not remembered: trusting one model must not silently trust the next. */
	@Parameter(label = TRUST_LABEL, description = TRUST_DESCRIPTION, persist = false)
	private boolean trustModel;

	@Parameter(label = "Device", required = false, description = ExplainCommand.DEVICE_DESCRIPTION)
	private String device = "auto";

	@Parameter(label = "TensorFlow threads (0: one per core)", min = "0", description = ExplainCommand.THREADS_DESCRIPTION)
	private int threads;

	/** The command's work; throws XaiException for problems with the input. */
	protected abstract void compute();

	/** The default signature and output on the chosen device; trusted if the user said so. */
	protected ModelOptions modelOptions() {
		return ModelOptions.DEFAULTS.withTrusted(trustModel).withDevice(Device.parse(device)).withThreads(threads);
	}


	protected Progress progress() {
		return new FijiProgress(status, this::isCanceled);
	}

	@Override
	public final void run() {
		String menuPath = getClass().getAnnotation(Plugin.class).menuPath();
		Failures.run(this, ui, log, menuPath.substring(menuPath.lastIndexOf('>') + 1), this::compute);
	}
}
