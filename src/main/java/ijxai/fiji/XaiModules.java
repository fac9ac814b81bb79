package ijxai.fiji;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.scijava.module.ModuleService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.SciJavaService;
import org.scijava.service.Service;

import ijxai.engine.DatasetTools;
import ijxai.engine.Explainers;
import ijxai.engine.method.DatasetTool;
import ijxai.engine.method.Explainer;

/**
 * Registers one module per method of {@link Explainers} and per tool of {@link DatasetTools} when
 * the context starts, as SciJava registers scripts: the menu under Plugins › Explainable AI is made
 * from the registries, a submenu per engine package.
 */
@Plugin(type = Service.class)
public class XaiModules extends AbstractService implements SciJavaService {

	/** The submenu of each engine package. */
	private static final Map<String, String> SUBMENUS = Map.of("attribution", "Attribution", "lrp", "LRP", "attack", "Adversarial", "features",
		"Feature visualization", "evaluation", "Evaluate");
	/** Menu titles that differ from the engine's title (kept as they were: macros and scripts call them by it). */
	private static final Map<String, String> MENU_TITLES = Map.of("pgd", "PGD");

	@Parameter
	private ModuleService moduleService;

	private List<XaiModuleInfo> modules;

	@Override
	public void initialize() {
		modules = infos();
		moduleService.addModules(modules);
	}

	/** One module per method, then one per tool, in registry order. */
	static List<XaiModuleInfo> infos() {
		List<XaiModuleInfo> all = new ArrayList<>();
		for (Explainer method : Explainers.all()) all.add(new MethodModuleInfo(method, menuPath(method.getClass(), method.name(), method.title())));
		for (DatasetTool<?> tool : DatasetTools.all()) all.add(new ToolModuleInfo(tool, menuPath(tool.getClass(), tool.name(), tool.title())));
		return List.copyOf(all);
	}

	/** The modules this service registered, methods first in registry order. */
	public List<XaiModuleInfo> modules() {
		return modules;
	}

	/** e.g. "Plugins>Explainable AI>Attribution>Saliency map" for the engine class ijxai.engine.attribution.Saliency. */
	static String menuPath(Class<?> engineClass, String name, String title) {
		String packageName = engineClass.getPackageName();
		String submenu = SUBMENUS.get(packageName.substring(packageName.lastIndexOf('.') + 1));
		if (submenu == null) throw new IllegalStateException("no Explainable AI submenu for the engine package " + packageName + " of " + name);
		return "Plugins>Explainable AI>" + submenu + ">" + MENU_TITLES.getOrDefault(name, title);
	}
}
