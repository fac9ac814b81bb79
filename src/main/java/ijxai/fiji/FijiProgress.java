package ijxai.fiji;

import java.util.function.BooleanSupplier;

import org.scijava.app.StatusService;

import ij.IJ;
import ijxai.engine.Progress;

/**
 * Fiji's status bar as a {@link Progress}: cancelled when the command is, its thread interrupted,
 * or the user pressed Esc in Fiji (ImageJ 1.x's window, which Fiji shows, notes the key).
 */
final class FijiProgress implements Progress {

	private final StatusService status;
	private final BooleanSupplier canceled;

	/** @param status may be null (no display) */
	FijiProgress(StatusService status, BooleanSupplier canceled) {
		this.status = status;
		this.canceled = canceled;
		// an Esc pressed before this run must not stop it
		IJ.resetEscape();
	}

	@Override
	public void report(int done, int total, String what) {
		if (status == null) return;
		status.showProgress(done, total);
		status.showStatus(what);
	}

	@Override
	public boolean isCanceled() {
		return canceled.getAsBoolean() || Thread.currentThread().isInterrupted() || IJ.escapePressed();
	}
}
