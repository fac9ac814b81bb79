package ijxai.fiji;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.scijava.Context;
import org.scijava.InstantiableException;
import org.scijava.app.StatusService;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;
import org.scijava.prefs.PrefService;

/**
 * The base of tests that run the ij-xai commands as a headless Fiji script does: one SciJava
 * context per test class, with no display, disposed after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HeadlessCommands {

	private Context context;
	private CommandService commands;

	/** The command service, started on first use (argument sources may run before {@code @BeforeAll}). */
	CommandService commands() {
		if (context == null) {
			context = fresh();
			commands = context.service(CommandService.class);
		}
		return commands;
	}

	/** Every ij-xai command the context found. */
	List<CommandInfo> ijxaiCommands() {
		List<CommandInfo> found = new ArrayList<>();
		for (CommandInfo info : commands().getCommands()) if (info.getClassName().startsWith("ijxai.")) found.add(info);
		return found;
	}

	@AfterAll
	void stopContext() {
		if (context != null) context.dispose();
	}

	/**
	 * A context whose ij-xai commands start from their declared defaults: the values an earlier test
	 * persisted for them are cleared, so a test gets what it gives (the build points Java's user
	 * preferences at target/, so a user's Fiji settings are not touched).
	 */
	static Context fresh() {
		System.setProperty("java.awt.headless", "true");
		Context context = new Context(CommandService.class, StatusService.class, LogService.class, PrefService.class);
		PrefService prefs = context.service(PrefService.class);
		for (CommandInfo info : context.service(CommandService.class).getCommands()) {
			if (!info.getClassName().startsWith("ijxai.")) continue;
			try {
				prefs.clear(info.loadClass());
			}
			catch (InstantiableException e) {
				throw new IllegalStateException("the command " + info.getClassName() + " does not load", e);
			}
		}
		return context;
	}
}
