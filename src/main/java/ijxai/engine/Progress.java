package ijxai.engine;

import java.util.concurrent.CancellationException;

/** Where a long run reports how far it is, and learns that the user wants it stopped. */
public interface Progress {

	Progress NONE = new Progress() {
		@Override public void report(int done, int total, String what) {}
		@Override public boolean isCanceled() { return false; }
	};

	void report(int done, int total, String what);

	boolean isCanceled();

	/** Stops the run between two batches when the user cancelled. */
	default void checkCanceled() {
		if (isCanceled()) throw new CancellationException("cancelled by the user");
	}
}
