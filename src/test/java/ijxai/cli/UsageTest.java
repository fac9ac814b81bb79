package ijxai.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import ijxai.engine.DatasetTools;
import ijxai.engine.Explainers;
import ijxai.engine.method.CommonOptions;
import ijxai.engine.method.DatasetTool;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.MethodParameter;

/** What a user reads: {@code --help} names every command with its options, and every command line of the README parses. */
class UsageTest {

	private static final String JAR = "java -jar target/ij-xai.jar";

	@Test
	void helpListsEveryCommandWithItsOwnOptions() {
		BadInputTest.Run help = BadInputTest.cli("--help");
		assertEquals(0, help.status(), help.err());
		for (String command : List.of("info", "predict")) assertTrue(block(help.out(), command).contains("--model DIR"), command);
		for (Explainer method : Explainers.all()) assertOptions(block(help.out(), method.name()), method.name(), method.parameters());
		for (DatasetTool<?> tool : DatasetTools.all()) assertOptions(block(help.out(), tool.name()), tool.name(), tool.parameters());
		assertOptions(help.out(), "the common options", CommonOptions.ofMethods());
		for (String input : List.of("--model DIR", "--image FILE|FOLDER", "--image FOLDER|STACK", "[--labels CSV]", "--out DIR")) {
			assertTrue(help.out().contains(input), input);
		}
	}

	/** A command's block of the usage text: its line at two spaces' indent and the lines indented further below it. */
	private static String block(String usage, String command) {
		Matcher block = Pattern.compile("(?m)^  " + Pattern.quote(command) + " .*\\n(?: {4,}.*\\n?)*").matcher(usage);
		assertTrue(block.find(), "no line for " + command + " in:\n" + usage);
		return block.group();
	}

	private static void assertOptions(String text, String owner, List<MethodParameter> options) {
		for (MethodParameter option : options) {
			assertTrue(Pattern.compile("--" + Pattern.quote(option.name()) + "(?: |$)", Pattern.MULTILINE).matcher(text).find(), owner + ": --" + option.name() + " in\n" + text);
		}
	}

	/**
	 * Every {@code java -jar target/ij-xai.jar ...} of the README, in code blocks and in the text,
	 * names a command and options it takes; a code block's example gives the command's required
	 * inputs. {@code METHOD} stands for every method.
	 */
	@Test
	void everyReadmeCommandLineParses() throws IOException {
		String readme = Files.readString(Path.of("README.md"));
		List<String> blocks = matches(readme, "(?m)^ {4}.*?" + Pattern.quote(JAR) + "(.*)$");
		List<String> inline = matches(readme, "`" + Pattern.quote(JAR) + "([^`]*)`");
		assertEquals(readme.split(Pattern.quote(JAR), -1).length - 1, blocks.size() + inline.size(), "every command line of the README found");
		assertTrue(blocks.size() >= 10, blocks.toString());
		for (String example : blocks) assertParses(example, true);
		for (String example : inline) assertParses(example, false);
	}

	private static List<String> matches(String text, String regex) {
		List<String> found = new ArrayList<>();
		Matcher matcher = Pattern.compile(regex).matcher(text);
		while (matcher.find()) found.add(matcher.group(1).strip());
		return found;
	}

	private static void assertParses(String example, boolean complete) {
		List<String> words = Arrays.asList(example.split("\\s+"));
		if (words.contains("--help")) {
			assertEquals(0, BadInputTest.cli(words.toArray(String[]::new)).status(), example);
			return;
		}
		List<String> names = words.get(0).equals("METHOD") ? Explainers.all().stream().map(Explainer::name).toList() : List.of(words.get(0));
		for (String name : names) {
			Command command = assertDoesNotThrow(() -> Commands.named(name), example);
			Arguments arguments = assertDoesNotThrow(() -> Arguments.parse(command, words.subList(1, words.size())), example);
			if (!complete) continue;
			for (Command.Input input : command.inputs()) {
				if (input.required()) assertDoesNotThrow(() -> arguments.required(input.name()), example);
			}
		}
	}
}
