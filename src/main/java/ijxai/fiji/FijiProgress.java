package ijxai.fiji;

import java.util.function.BooleanSupplier;

import org.scijava.app.StatusService;

import ijxai.engine.Progress;

/** Fiji's status bar as a {@link Progress}: cancelled when the command is, or its thread interrupted. */
final class FijiProgress implements Progress {

	private final StatusService status;
	private final BooleanSupplier canceled;

	/** @param status may be null (no display) */
	FijiProgress(StatusService status, BooleanSupplier canceled) {
		this.status = status;
		this.canceled = canceled;
	}

	@Override
	public void report(int done, int total, String what) {
		if (status == null) return;
		status.showProgress(done, total);
		status.showStatus(what);
	}

	@Override
	public boolean isCanceled() {
		return canceled.getAsBoolean() || Thread.currentThread().isInterrupted();
	}
}
