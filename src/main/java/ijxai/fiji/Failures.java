package ijxai.fiji;

import java.util.concurrent.CancellationException;

import org.scijava.Cancelable;
import org.scijava.log.LogService;
import org.scijava.ui.DialogPrompt;
import org.scijava.ui.UIService;

import ijxai.engine.XaiException;
import ijxai.engine.model.MemoryBudget;
import ijxai.engine.model.TensorFlowRuntime;

/** How the Fiji modules end a run that failed: cancelled, with why in a dialog in Fiji's window or in the log when headless. */
final class Failures {

	private Failures() {
	}

	/**
	 * Runs a module's work: a problem with the input, too little memory or a clashing TensorFlow
	 * ends it with a message; the user's cancel (or Esc) ends it quietly.
	 */
	static void run(Cancelable module, UIService ui, LogService log, String title, Runnable work) {
		try {
			work.run();
		}
		catch (XaiException e) {
			fail(module, ui, log, title, e.getMessage());
		}
		catch (OutOfMemoryError e) {
			fail(module, ui, log, title, MemoryBudget.OUT_OF_MEMORY);
		}
		catch (LinkageError e) {
			// another TensorFlow Java on Fiji's class path (CSBDeep's 1.x)
			fail(module, ui, log, title, TensorFlowRuntime.incompatible(e).getMessage());
		}
		catch (CancellationException e) {
			module.cancel("cancelled");
		}
	}

	private static void fail(Cancelable module, UIService ui, LogService log, String title, String message) {
		module.cancel(message);
		if (ui != null && !ui.isHeadless()) ui.showDialog(message, "ij-xai: " + title, DialogPrompt.MessageType.ERROR_MESSAGE);
		else log.error("ij-xai: " + message);
	}
}
