package ijxai.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;

import ijxai.engine.Explainers;
import ijxai.engine.method.Explainer;

/**
 * The ImageJ 1.x menu (plugins.config) and the SciJava commands list the same entries, so the menu
 * reads the same in plain ImageJ and in Fiji (which shows the SciJava commands; ImageJ 1.x reads
 * plugins.config only from jars with an underscore in their name, and Fiji's jar has none). Every
 * method has exactly one entry in each.
 */
class MenuTest {

	private static final Pattern CONFIG_LINE = Pattern.compile("(Plugins>[^,]+), \"([^\"]+)\", ([\\w.]+)(?:\\(\"([^\"]*)\"\\))?");
	private static final List<String> SUBMENUS = List.of("Attribution", "LRP", "Adversarial", "Feature visualization", "Model");

	private record ConfigEntry(String menu, String plugin, String method) {}

	private static List<ConfigEntry> pluginsConfig() throws Exception {
		List<ConfigEntry> entries = new ArrayList<>();
		for (String line : Files.readAllLines(Path.of("src/main/resources/plugins.config"))) {
			if (line.isBlank() || line.startsWith("#")) continue;
			Matcher m = CONFIG_LINE.matcher(line.trim());
			assertTrue(m.matches(), "plugins.config line: " + line);
			entries.add(new ConfigEntry(m.group(1) + ">" + m.group(2), m.group(3), m.group(4)));
		}
		return entries;
	}

	@Test
	void theImageJ1MenuAndTheSciJavaCommandsAreTheSameEntriesUnderExplainableAI() throws Exception {
		List<ConfigEntry> config = pluginsConfig();
		Map<String, String> sciJava = new TreeMap<>();
		Map<String, Integer> commandsPerMethod = new TreeMap<>();
		System.setProperty("java.awt.headless", "true");
		try (Context context = new Context(CommandService.class)) {
			for (CommandInfo info : context.service(CommandService.class).getCommands()) {
				if (!info.getClassName().startsWith("ijxai.")) continue;
				String menu = info.getMenuPath().getMenuString().replace(" > ", ">");
				assertEquals(null, sciJava.put(menu, info.getClassName()), "two commands at " + menu);
				if (info.createInstance() instanceof ExplainCommand command) commandsPerMethod.merge(command.method().name(), 1, Integer::sum);
			}
		}
		assertEquals(new TreeSet<>(config.stream().map(ConfigEntry::menu).toList()), sciJava.keySet(), "plugins.config and the SciJava menu paths");
		assertEquals(config.size(), sciJava.size(), "no entry twice in plugins.config");

		Map<String, Long> entriesPerMethod = config.stream().filter(e -> e.method() != null)
			.collect(Collectors.groupingBy(ConfigEntry::method, TreeMap::new, Collectors.counting()));
		for (Explainer method : Explainers.all()) {
			assertEquals(1L, entriesPerMethod.getOrDefault(method.name(), 0L), "plugins.config entries of " + method.name());
			assertEquals(1, commandsPerMethod.getOrDefault(method.name(), 0), "SciJava commands of " + method.name());
		}
		assertEquals(Explainers.all().size(), entriesPerMethod.size(), "plugins.config names only known methods: " + entriesPerMethod.keySet());

		for (String menu : sciJava.keySet()) {
			String[] parts = menu.split(">");
			assertTrue(parts.length == 4 && parts[0].equals("Plugins") && parts[1].equals("Explainable AI") && SUBMENUS.contains(parts[2]), menu);
		}
		assertTrue(sciJava.containsKey("Plugins>Explainable AI>Model>Model info"));
	}
}
