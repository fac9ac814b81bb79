package ijxai.fiji;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.event.KeyEvent;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ij.IJ;

/** Esc in Fiji stops a running ij-xai command at its next batch; an Esc from before the run does not. */
class FijiProgressTest {

	@AfterEach
	void releaseEscape() {
		IJ.resetEscape();
	}

	@Test
	void escapeDuringARunCancelsIt() {
		FijiProgress progress = new FijiProgress(null, () -> false);
		assertFalse(progress.isCanceled());
		IJ.setKeyDown(KeyEvent.VK_ESCAPE);
		assertTrue(progress.isCanceled());
		assertThrows(CancellationException.class, progress::checkCanceled);
	}

	@Test
	void escapeBeforeARunIsForgotten() {
		IJ.setKeyDown(KeyEvent.VK_ESCAPE);
		assertFalse(new FijiProgress(null, () -> false).isCanceled());
	}

	@Test
	void cancellingTheCommandCancelsTheRun() {
		assertTrue(new FijiProgress(null, () -> true).isCanceled());
	}
}
