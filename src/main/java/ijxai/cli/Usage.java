package ijxai.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import ijxai.engine.method.CommonOptions;
import ijxai.engine.method.MethodParameter;

/**
 * The usage text, made from the commands (their inputs and options as they declare them) and the
 * common options, so that it lists exactly what the command line takes.
 */
final class Usage {

	/** A group of common options, as the usage text names it. */
	private record Group(String name, String meaning, List<MethodParameter> options) {}

	private static final List<Group> GROUPS = List.of(new Group("explanation", "what a map explains and how it is shown", CommonOptions.EXPLANATION),
		new Group("input", "how images become model input", CommonOptions.INPUT), new Group("model", "how the model is read and where it runs", CommonOptions.MODEL));

	private Usage() {}

	static String of(List<Command> commands) {
		StringBuilder text = new StringBuilder("usage: java -jar ij-xai.jar <command> --model DIR [options]\n"
			+ "option values: a|b a choice (the first is the default), a number its default; errors exit with status 1, usage errors with 2\n"
			+ "--verbose (with any command) shows TensorFlow's native log on stderr, hidden by default\n"
			+ "commands:\n");
		Set<Command.Input> inputs = new LinkedHashSet<>();
		for (Command command : commands) {
			inputs.addAll(command.inputs());
			text.append("  ").append(command.name()).append(synopsis(command)).append('\n');
			text.append("      ").append(command.summary()).append('\n');
			for (MethodParameter option : command.options()) if (!CommonOptions.isCommon(option.name())) text.append(line(option));
		}
		text.append("inputs:\n");
		for (Command.Input input : inputs) {
			text.append(String.format(Locale.ROOT, "      --%s %s   %s%n", input.name(), input.value(), input.help()));
		}
		for (Group group : GROUPS) {
			text.append(group.name()).append(" options (").append(group.meaning()).append("):\n");
			for (MethodParameter option : group.options()) text.append(line(option));
		}
		return text.toString().stripTrailing();
	}

	/** The command's inputs, then the groups of common options it takes. */
	private static String synopsis(Command command) {
		String inputs = command.inputs().stream().map(i -> i.required() ? "--" + i.name() + " " + i.value() : "[--" + i.name() + " " + i.value() + "]")
			.collect(Collectors.joining(" ", " ", ""));
		String groups = GROUPS.stream().filter(group -> command.options().containsAll(group.options())).map(group -> " [" + group.name() + " options]")
			.collect(Collectors.joining());
		return inputs + groups;
	}

	private static String line(MethodParameter option) {
		return String.format(Locale.ROOT, "      --%s%s   %s%n", option.name(), value(option), option.help());
	}

	/** What to give the option, as the usage text shows it. */
	private static String value(MethodParameter option) {
		String value = switch (option.kind()) {
			case CHOICE -> String.join("|", option.choices());
			case IMAGE -> "FILE";
			case LAYER_RULES -> "NAME=RULE[,...]";
			case LAYER -> "LAYER";
			case CLASS -> "CLASS";
			case FLAG -> "";
			case TEXT -> option.defaultValue().isEmpty() ? "TEXT" : option.defaultValue();
			case INTEGER, NUMBER -> option.defaultValue();
		};
		return value.isEmpty() ? "" : " " + value;
	}
}
