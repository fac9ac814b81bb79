package ijxai.fiji;

import org.scijava.Cancelable;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;
import org.scijava.module.AbstractModule;
import org.scijava.plugin.Parameter;
import org.scijava.ui.UIService;

import ijxai.engine.Progress;

/**
 * One run of an ij-xai module: its inputs and outputs by item name; a problem with the input,
 * too little memory or the user's cancel end it through {@link Failures}, with progress in
 * Fiji's status bar. The module service injects the services.
 */
public final class XaiModule extends AbstractModule implements Cancelable {

	private final XaiModuleInfo info;

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private UIService ui;

	private boolean canceled;
	private String cancelReason;

	XaiModule(XaiModuleInfo info) {
		this.info = info;
	}

	@Override
	public XaiModuleInfo getInfo() {
		return info;
	}

	@Override
	public void run() {
		Failures.run(this, ui, log, info.runTitle(), () -> info.run(this));
	}

	/** Progress to the status bar; cancelled when this module is, or by Esc. */
	Progress progress() {
		return new FijiProgress(status, this::isCanceled);
	}

	LogService log() {
		return log;
	}

	@Override
	public boolean isCanceled() {
		return canceled;
	}

	@Override
	public void cancel(String reason) {
		canceled = true;
		cancelReason = reason;
	}

	@Override
	public String getCancelReason() {
		return cancelReason;
	}
}
