package ijxai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import ijxai.engine.DatasetTools;
import ijxai.engine.Explainers;
import ijxai.engine.method.CommonOptions;
import ijxai.engine.method.DatasetTool;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.MethodParameter;

/**
 * README.md's method tables and plugins.config list what the registries hold: every method and
 * dataset tool once, by name and title, with options it has, and no row or menu entry for one
 * that is gone.
 */
class ReadmeTest {

	private static final Path README = Path.of("README.md"), PLUGINS_CONFIG = Path.of("src/main/resources/plugins.config");
	private static final Pattern CONFIG_LINE = Pattern.compile("(Plugins>[^,]+), \"([^\"]+)\", ([\\w.]+)(?:\\(\"([^\"]*)\"\\))?");
	private static final Pattern QUOTED = Pattern.compile("`([^`]+)`");
	private static final String COMMAND = " (command)";

	/** One row of a method table: its first cells. */
	private record Row(String title, String name, boolean command, String options) {}

	private record Entry(String menu, String title, String plugin, String argument) {}

	/** The rows of every table whose header begins "| method | name |"; cells split at pipes that are not escaped. */
	private static List<Row> rows() throws Exception {
		List<Row> rows = new ArrayList<>();
		boolean inTable = false;
		for (String line : Files.readAllLines(README)) {
			if (line.startsWith("| method | name |")) inTable = true;
			else if (!line.startsWith("|")) inTable = false;
			else if (inTable && !line.startsWith("|---")) {
				String[] cells = line.split("(?<!\\\\)\\|");
				String name = cells[2].trim();
				boolean command = name.endsWith(COMMAND);
				if (command) name = name.substring(0, name.length() - COMMAND.length());
				assertTrue(name.startsWith("`") && name.endsWith("`"), "the name cell of a README row is `name`: " + line);
				rows.add(new Row(cells[1].trim(), name.substring(1, name.length() - 1), command, cells[3]));
			}
		}
		return rows;
	}

	@Test
	void theMethodTablesHaveOneRowPerMethodAndToolAndNoOther() throws Exception {
		List<Row> rows = rows();
		Map<String, Long> rowsPerName = rows.stream().collect(Collectors.groupingBy(Row::name, TreeMap::new, Collectors.counting()));
		Set<String> registered = new TreeSet<>();
		Explainers.all().forEach(method -> registered.add(method.name()));
		DatasetTools.all().forEach(tool -> registered.add(tool.name()));
		assertEquals(registered, rowsPerName.keySet(), "README's method tables name the registered methods and tools");
		rowsPerName.forEach((name, count) -> assertEquals(1L, count, "README rows of " + name));
		assertEquals(Explainers.all().size() + DatasetTools.all().size(), registered.size(), "no tool is named like a method");
	}

	@Test
	void everyRowHasTheTitleAndOnlyOptionsOfItsMethodOrTool() throws Exception {
		Map<String, Explainer> methods = Explainers.all().stream().collect(Collectors.toMap(Explainer::name, Function.identity()));
		Map<String, DatasetTool<?>> tools = DatasetTools.all().stream().collect(Collectors.toMap(DatasetTool::name, Function.identity()));
		for (Row row : rows()) {
			boolean isTool = tools.containsKey(row.name());
			assertEquals(isTool, row.command(), row.name() + ": tools, and only they, are marked" + COMMAND);
			String title = isTool ? tools.get(row.name()).title() : methods.get(row.name()).title();
			assertTrue(row.title().startsWith(title), row.name() + ": the row begins with the title '" + title + "', not '" + row.title() + "'");
			List<MethodParameter> options = new ArrayList<>(isTool ? tools.get(row.name()).parameters() : methods.get(row.name()).parameters());
			options.addAll(isTool ? tools.get(row.name()).commonOptions() : CommonOptions.ofMethods());
			Set<String> names = options.stream().map(MethodParameter::name).collect(Collectors.toSet());
			Matcher quoted = QUOTED.matcher(row.options());
			while (quoted.find()) assertTrue(names.contains(quoted.group(1)), row.name() + " has no option `" + quoted.group(1) + "`; it has " + new TreeSet<>(names));
		}
	}

	@Test
	void pluginsConfigHasOneEntryPerMethodAndToolAndTheExplainCommand() throws Exception {
		List<Entry> entries = new ArrayList<>();
		for (String line : Files.readAllLines(PLUGINS_CONFIG)) {
			if (line.isBlank() || line.startsWith("#")) continue;
			Matcher m = CONFIG_LINE.matcher(line.trim());
			assertTrue(m.matches(), "plugins.config line: " + line);
			entries.add(new Entry(m.group(1), m.group(2), m.group(3), m.group(4)));
			Class.forName(m.group(3), false, getClass().getClassLoader());
		}
		for (Explainer method : Explainers.all()) {
			List<Entry> of = entries.stream().filter(e -> e.plugin().equals("ijxai.ij1.ExplainPlugin") && method.name().equals(e.argument())).toList();
			assertEquals(1, of.size(), "plugins.config entries of " + method.name() + ": " + of);
			assertTrue(method.title().startsWith(of.get(0).title()), method.name() + " is in the menu as '" + of.get(0).title() + "'");
		}
		for (DatasetTool<?> tool : DatasetTools.all()) {
			List<Entry> of = entries.stream().filter(e -> e.plugin().equals("ijxai.ij1.ToolPlugin") && tool.name().equals(e.argument())).toList();
			assertEquals(1, of.size(), "plugins.config entries of " + tool.name() + ": " + of);
			assertEquals(tool.title(), of.get(0).title(), tool.name());
		}
		List<Entry> explain = entries.stream().filter(e -> e.plugin().equals("ijxai.ij1.ExplainPlugin") && e.argument() == null).toList();
		assertEquals(List.of(new Entry("Plugins>Explainable AI", "Explain", "ijxai.ij1.ExplainPlugin", null)), explain);
		Set<String> titles = new HashSet<>();
		for (Entry entry : entries) assertTrue(titles.add(entry.title()), "one menu command " + entry.title());
		assertTrue(entries.contains(new Entry("Plugins>Explainable AI", "Explain folder", "ijxai.ij1.ExplainFolderPlugin", null)), entries.toString());
		List<String> handWritten = entries.stream().filter(e -> !e.plugin().equals("ijxai.ij1.ExplainPlugin") && !e.plugin().equals("ijxai.ij1.ToolPlugin"))
			.map(Entry::title).sorted().toList();
		assertEquals(List.of("Check model", "Culprit layers", "Explain folder", "Explanations across training", "Model info"), handWritten, "the commands of their own");
		assertEquals(Explainers.all().size() + DatasetTools.all().size() + 1 + handWritten.size(), entries.size(),
			"methods, tools, Explain and the commands of their own, nothing else: " + entries);
	}

	@Test
	void theReadmesMenuSectionNamesEveryMenuCommand() throws Exception {
		String readme = Files.readString(README);
		int start = readme.indexOf("## Menus and macros");
		assertFalse(start < 0, "README has a Menus and macros section");
		String section = readme.substring(start, readme.indexOf("\n## ", start + 1)).replaceAll("\\s+", " ");
		for (String line : Files.readAllLines(PLUGINS_CONFIG)) {
			Matcher m = CONFIG_LINE.matcher(line.trim());
			if (m.matches()) assertTrue(section.contains(m.group(2)), "README's menu section names " + m.group(2));
		}
	}
}
