package ijxai.engine.bioimage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import ijxai.engine.XaiException;

/**
 * Reads a description file from the internet as plain data (maps, lists, strings, numbers,
 * booleans): SnakeYAML's safe constructor makes no other types ({@code !!java...} tags are
 * refused), and aliases, nesting, length and duplicate keys are bounded.
 */
final class SafeYaml {

	private static final int MAX_NESTING = 64;
	private static final Pattern MARK = Pattern.compile("^ in '[^']*', line (\\d+)");

	private SafeYaml() {}

	/** The top-level mapping of {@code file}. */
	static Map<String, Object> read(Path file, PackageLimits limits) {
		String text;
		try {
			if (Files.size(file) > 4L * limits.maxYamlCodePoints()) throw new XaiException(file + " is longer than a model description may be");
			text = Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new XaiException(file + " cannot be read as UTF-8 text: " + e.getMessage(), e);
		}
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		options.setMaxAliasesForCollections(limits.maxAliases());
		options.setAllowRecursiveKeys(false);
		options.setNestingDepthLimit(MAX_NESTING);
		options.setCodePointLimit(limits.maxYamlCodePoints());
		Object document;
		try {
			document = new Yaml(new SafeConstructor(options)).load(text);
		}
		catch (YAMLException e) {
			throw new XaiException(file + " is not a valid model description: " + summary(e.getMessage()), e);
		}
		catch (IllegalArgumentException e) {
			// SnakeYAML's own checks of scalar values, e.g. a !!binary that is not base64
			throw new XaiException(file + " is not a valid model description: " + e.getMessage(), e);
		}
		catch (StackOverflowError | ClassCastException e) {
			throw new XaiException(file + " is not a valid model description: it nests too deeply", e);
		}
		if (!(document instanceof Map<?, ?> map)) {
			throw new XaiException(file + " is not a valid model description: it holds " + (document == null ? "nothing" : "a " + Fields.kind(document)) + ", not a mapping");
		}
		for (Object key : map.keySet()) {
			if (!(key instanceof String)) throw new XaiException(file + " is not a valid model description: its key " + key + " is not text");
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> fields = (Map<String, Object>) map;
		return fields;
	}

	/** SnakeYAML's message without its excerpts of the text: what is wrong, and the line of its last mark. */
	private static String summary(String message) {
		StringBuilder summary = new StringBuilder();
		String line = null;
		for (String part : String.valueOf(message).split("\n")) {
			Matcher mark = MARK.matcher(part);
			if (mark.find()) line = mark.group(1);
			else if (!part.isBlank() && !Character.isWhitespace(part.charAt(0))) summary.append(summary.length() > 0 ? "; " : "").append(part.strip());
		}
		return summary + (line != null ? " (line " + line + ")" : "");
	}
}
