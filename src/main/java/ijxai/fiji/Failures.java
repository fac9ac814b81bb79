package ijxai.fiji;

import org.scijava.log.LogService;
import org.scijava.ui.DialogPrompt;
import org.scijava.ui.UIService;

/** How the Fiji commands tell a user why a run failed: a dialog in Fiji's window, the log when headless. */
final class Failures {

	private Failures() {
	}

	static void report(UIService ui, LogService log, String title, String message) {
		if (ui != null && !ui.isHeadless()) ui.showDialog(message, "ij-xai: " + title, DialogPrompt.MessageType.ERROR_MESSAGE);
		else log.error("ij-xai: " + message);
	}
}
