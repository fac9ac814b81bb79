package ijxai.fiji;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;
import org.scijava.module.ModuleInfo;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.prefs.PrefService;

/**
 * The base of tests that run the ij-xai modules as a headless Fiji script does: one SciJava
 * context per test class, with no display, disposed after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HeadlessCommands {

	private Context context;

	/** The context, started on first use (argument sources may run before {@code @BeforeAll}). */
	Context context() {
		if (context == null) context = fresh();
		return context;
	}

	ModuleService modules() {
		return context().service(ModuleService.class);
	}

	/** Every module ij-xai registered: one per method, then one per dataset tool. */
	List<XaiModuleInfo> ijxaiModules() {
		return context().service(XaiModules.class).modules();
	}

	/** The module of a method, by the method's name. */
	MethodModuleInfo method(String name) {
		return (MethodModuleInfo) modules().getModuleById("ijxai:method:" + name);
	}

	/** The module of a dataset tool, by the tool's name. */
	ToolModuleInfo tool(String name) {
		return (ToolModuleInfo) modules().getModuleById("ijxai:tool:" + name);
	}

	/** Runs a module headless with these inputs, as a script does, and waits for it. */
	XaiModule run(ModuleInfo info, Map<String, Object> inputs) throws Exception {
		return (XaiModule) modules().run(info, true, inputs).get();
	}

	XaiModule run(ModuleInfo info, Object... inputs) throws Exception {
		return (XaiModule) modules().run(info, true, inputs).get();
	}

	@AfterAll
	void stopContext() {
		if (context != null) context.dispose();
	}

	/**
	 * A context whose ij-xai modules start from their declared defaults: the values an earlier test
	 * persisted for them are cleared, so a test gets what it gives (the build points Java's user
	 * preferences at target/, so a user's Fiji settings are not touched).
	 */
	static Context fresh() {
		System.setProperty("java.awt.headless", "true");
		Context context = new Context(CommandService.class, ModuleService.class, XaiModules.class, StatusService.class, LogService.class, PrefService.class);
		PrefService prefs = context.service(PrefService.class);
		for (XaiModuleInfo info : context.service(XaiModules.class).modules()) {
			for (ModuleItem<?> item : info.inputs()) if (item.getPersistKey() != null) prefs.remove((Class<?>) null, item.getPersistKey());
		}
		return context;
	}
}
