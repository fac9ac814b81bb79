package ijxai.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ijxai.engine.XaiException;
import ijxai.engine.method.CommonOptions;
import ijxai.engine.method.MethodParameter;
import ijxai.image.ExplainImage;

/**
 * A command's arguments, read against what the command declares: {@code --name value} pairs,
 * flags ({@code --name} alone), and per-layer rules that may be given several times (their values
 * joined by commas). Anything else (a word that is not an option, an option the command does not
 * take, a value missing or given twice) is a usage error naming it.
 */
final class Arguments {

	/** How an option is written on the command line. */
	private enum Form { VALUE, FLAG, REPEATED }

	private final Map<String, String> given;

	private Arguments(Map<String, String> given) {
		this.given = given;
	}

	/** The arguments after the command's name. */
	static Arguments parse(Command command, List<String> args) {
		Map<String, Form> forms = new HashMap<>();
		for (Command.Input input : command.inputs()) forms.put(input.name(), Form.VALUE);
		for (MethodParameter option : command.options()) forms.put(option.name(), form(option));
		Map<String, String> given = new HashMap<>();
		for (int i = 0; i < args.size(); i++) {
			String arg = args.get(i);
			if (!arg.startsWith("--")) throw new UsageException("unexpected argument '" + arg + "'");
			String name = arg.substring(2);
			Form form = forms.get(name);
			if (form == null) throw new UsageException("unknown option --" + name + " for " + command.name());
			if (form == Form.FLAG) given.put(name, "true");
			else if (i + 1 >= args.size()) throw new UsageException("option --" + name + " needs a value");
			else if (!given.containsKey(name)) given.put(name, args.get(++i));
			else if (form == Form.REPEATED) given.put(name, given.get(name) + "," + args.get(++i));
			else throw new UsageException("option --" + name + " is given twice");
		}
		return new Arguments(given);
	}

	private static Form form(MethodParameter option) {
		return switch (option.kind()) {
			case FLAG -> Form.FLAG;
			case LAYER_RULES -> Form.REPEATED;
			default -> Form.VALUE;
		};
	}

	/** The value given, or null. */
	String get(String name) {
		return given.get(name);
	}

	/** The value given, or a usage error saying it is missing. */
	String required(String name) {
		String value = given.get(name);
		if (value == null) throw new UsageException("missing --" + name);
		return value;
	}

	/** The --shard given, or every file. */
	Shard shard() {
		return Shard.parse(get(Command.Input.SHARD.name()));
	}

	/** The values given for these options, by name. */
	Map<String, String> given(List<MethodParameter> options) {
		Map<String, String> values = new HashMap<>();
		for (MethodParameter option : options) if (given.containsKey(option.name())) values.put(option.name(), given.get(option.name()));
		return values;
	}

	/** The common options, checked, with defaults for what was not given; a bad value is a usage error. */
	CommonOptions.Values common() {
		try {
			return CommonOptions.parse(given);
		}
		catch (XaiException e) {
			throw new UsageException(e.getMessage());
		}
	}

	/** The model folder (required) with the common options' model, input and overlay settings. */
	ExplainImage.Settings settings(CommonOptions.Values values) {
		return new ExplainImage.Settings(Path.of(required(Command.Input.MODEL.name())), values.model(), values.normalization(), values.resize(), values.overlay(),
			values.memory());
	}
}
