package ijxai.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.scijava.module.ModuleInfo;

import ijxai.engine.DatasetTools;
import ijxai.engine.Explainers;
import ijxai.engine.method.DatasetTool;
import ijxai.engine.method.Explainer;

/**
 * The ImageJ 1.x menu (plugins.config) and the SciJava modules list the same entries, so the menu
 * reads the same in plain ImageJ and in Fiji (which shows the SciJava modules; ImageJ 1.x reads
 * plugins.config only from jars with an underscore in their name, and Fiji's jar has none). Every
 * method and tool has exactly one entry in each.
 */
class MenuTest extends HeadlessCommands {

	private static final Pattern CONFIG_LINE = Pattern.compile("(Plugins>[^,]+), \"([^\"]+)\", ([\\w.]+)(?:\\(\"([^\"]*)\"\\))?");
	private static final List<String> SUBMENUS = List.of("Attribution", "LRP", "Adversarial", "Feature visualization", "Evaluate", "Model");

	private record ConfigEntry(String menu, String plugin, String method) {}

	/**
	 * ImageJ 1.x's own entries: Explain, which asks for the method first (macros run any method through it), and Explain folder
	 * (in Fiji, folders are explained by a SciJava script, not a menu command).
	 */
	private static final List<String> IMAGEJ1_ONLY = List.of("Plugins>Explainable AI, \"Explain\", ijxai.ij1.ExplainPlugin",
		"Plugins>Explainable AI, \"Explain folder\", ijxai.ij1.ExplainFolderPlugin");

	/** The entries of plugins.config but {@link #IMAGEJ1_ONLY}. */
	private static List<ConfigEntry> pluginsConfig() throws Exception {
		List<ConfigEntry> entries = new ArrayList<>();
		for (String line : Files.readAllLines(Path.of("src/main/resources/plugins.config"))) {
			if (line.isBlank() || line.startsWith("#")) continue;
			Matcher m = CONFIG_LINE.matcher(line.trim());
			assertTrue(m.matches(), "plugins.config line: " + line);
			if (!IMAGEJ1_ONLY.contains(m.group(0))) entries.add(new ConfigEntry(m.group(1) + ">" + m.group(2), m.group(3), m.group(4)));
		}
		return entries;
	}

	@Test
	void theImageJ1MenuAndTheSciJavaModulesAreTheSameEntriesUnderExplainableAI() throws Exception {
		List<ConfigEntry> config = pluginsConfig();
		Map<String, String> sciJava = new TreeMap<>();
		Map<String, Integer> modulesPerEntry = new TreeMap<>();
		for (ModuleInfo info : modules().getModules()) {
			if (!info.getDelegateClassName().startsWith("ijxai.")) continue;
			String menu = info.getMenuPath().getMenuString().replace(" > ", ">");
			assertNull(sciJava.put(menu, info.getIdentifier()), "two modules at " + menu);
			if (info instanceof MethodModuleInfo method) modulesPerEntry.merge("method " + method.method().name(), 1, Integer::sum);
			if (info instanceof ToolModuleInfo tool) modulesPerEntry.merge("tool " + tool.tool().name(), 1, Integer::sum);
		}
		assertEquals(new TreeSet<>(config.stream().map(ConfigEntry::menu).toList()), sciJava.keySet(), "plugins.config and the SciJava menu paths");
		assertEquals(config.size(), sciJava.size(), "no entry twice in plugins.config");

		Map<String, Long> entriesPerMethod = config.stream().filter(e -> e.plugin().equals("ijxai.ij1.ExplainPlugin"))
			.collect(Collectors.groupingBy(ConfigEntry::method, TreeMap::new, Collectors.counting()));
		for (Explainer method : Explainers.all()) {
			assertEquals(1L, entriesPerMethod.getOrDefault(method.name(), 0L), "plugins.config entries of " + method.name());
			assertEquals(1, modulesPerEntry.getOrDefault("method " + method.name(), 0), "SciJava modules of " + method.name());
		}
		for (DatasetTool<?> tool : DatasetTools.all()) assertEquals(1, modulesPerEntry.getOrDefault("tool " + tool.name(), 0), "SciJava modules of " + tool.name());
		assertEquals(Explainers.all().size(), entriesPerMethod.size(), "plugins.config names only known methods: " + entriesPerMethod.keySet());

		for (String menu : sciJava.keySet()) {
			String[] parts = menu.split(">");
			assertTrue(parts.length == 4 && parts[0].equals("Plugins") && parts[1].equals("Explainable AI") && SUBMENUS.contains(parts[2]), menu);
		}
		assertTrue(sciJava.containsKey("Plugins>Explainable AI>Model>Model info"));
	}

	/** The menu titles and paths of the commands these modules replace, a contract for macros and scripts. */
	@Test
	void theMenuPathsAreThoseOfTheFormerCommands() {
		Map<String, String> menus = new TreeMap<>();
		for (XaiModuleInfo info : ijxaiModules()) menus.put(info.getIdentifier(), info.getMenuPath().getMenuString().replace(" > ", ">"));
		assertEquals("Plugins>Explainable AI>Adversarial>PGD", menus.get("ijxai:method:pgd"));
		assertEquals("Plugins>Explainable AI>Attribution>Occlusion sensitivity", menus.get("ijxai:method:occlusion"));
		assertEquals("Plugins>Explainable AI>LRP>LRP", menus.get("ijxai:method:lrp"));
		assertEquals("Plugins>Explainable AI>Feature visualization>Feature maps", menus.get("ijxai:method:activations"));
		assertEquals("Plugins>Explainable AI>Adversarial>Robustness curve", menus.get("ijxai:tool:sweep"));
		assertEquals("Plugins>Explainable AI>Feature visualization>First-layer filters", menus.get("ijxai:tool:filters"));
		for (XaiModuleInfo info : ijxaiModules()) assertEquals(info.getMenuPath().getLeaf().getName(), info.getTitle(), info.getIdentifier());
	}
}
