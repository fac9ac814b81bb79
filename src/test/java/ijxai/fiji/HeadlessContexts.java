package ijxai.fiji;

import org.scijava.Context;
import org.scijava.InstantiableException;
import org.scijava.app.StatusService;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;
import org.scijava.prefs.PrefService;

/** SciJava contexts for tests, as a headless Fiji script gets them. */
final class HeadlessContexts {

	private HeadlessContexts() {
	}

	/**
	 * A context with no display whose ij-xai commands start from their declared defaults: the
	 * values a dialog or an earlier test persisted for them are cleared, so a test gets what it gives.
	 */
	static Context fresh() throws InstantiableException {
		System.setProperty("java.awt.headless", "true");
		Context context = new Context(CommandService.class, StatusService.class, LogService.class, PrefService.class);
		PrefService prefs = context.service(PrefService.class);
		for (CommandInfo info : context.service(CommandService.class).getCommands()) {
			if (info.getClassName().startsWith("ijxai.")) prefs.clear(info.loadClass());
		}
		return context;
	}
}
