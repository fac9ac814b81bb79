package ijxai.engine.method;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ijxai.engine.FloatBatch;
import ijxai.engine.XaiException;

/**
 * The values of a method's parameters as a user gave them (text, from a dialog, macro or the
 * command line), checked against the method's {@link MethodParameter}s, with the defaults for
 * what was not given. Image parameters carry the image as a batch in model-input space.
 */
public final class MethodSettings {

	public static final MethodSettings NONE = new MethodSettings(Map.of(), Map.of());

	private final Map<String, String> given;
	private final Map<String, FloatBatch> images;

	public MethodSettings(Map<String, String> given, Map<String, FloatBatch> images) {
		this.given = Map.copyOf(given);
		this.images = Map.copyOf(images);
	}

	/** These values with image parameters' images added (as batches in model-input space). */
	public MethodSettings withImages(Map<String, FloatBatch> batches) {
		Map<String, FloatBatch> all = new HashMap<>(images);
		all.putAll(batches);
		return new MethodSettings(given, all);
	}

	/** The checked values for one method; unknown names and bad values are errors naming the option. */
	public Values forMethod(Explainer method) {
		return check(method.name(), method.parameters(), given, images);
	}

	/** The checked values of {@code parameters} from {@code given}, with defaults for what was not given; {@code owner} names whose options they are. */
	static Values check(String owner, List<MethodParameter> parameters, Map<String, String> given, Map<String, FloatBatch> images) {
		Map<String, MethodParameter> byName = new HashMap<>();
		for (MethodParameter p : parameters) byName.put(p.name(), p);
		for (String name : given.keySet()) {
			if (!byName.containsKey(name)) {
				throw new XaiException(owner + " has no option '" + name + "'" + (parameters.isEmpty() ? "" : "; its options: " +
					parameters.stream().map(MethodParameter::name).collect(Collectors.joining(", "))));
			}
		}
		Map<String, String> values = new HashMap<>();
		for (MethodParameter p : parameters) values.put(p.name(), check(owner, p, given.getOrDefault(p.name(), p.defaultValue()).trim()));
		return new Values(values, images);
	}

	/** The value checked against the parameter's kind and bounds (a choice in its declared spelling); the message names {@code owner}'s option. */
	static String check(String owner, MethodParameter p, String value) {
		String where = (owner.isEmpty() ? "" : owner + " ") + "option '" + p.name() + "'";
		switch (p.kind()) {
			case INTEGER:
			case NUMBER: {
				double number;
				try {
					number = p.kind() == MethodParameter.Kind.INTEGER ? Integer.parseInt(value) : Double.parseDouble(value);
				}
				catch (NumberFormatException e) {
					throw new XaiException(where + " takes " + (p.kind() == MethodParameter.Kind.INTEGER ? "a whole number" : "a number") + ", not '" + value + "'");
				}
				if (!Double.isNaN(p.min()) && number < p.min() || !Double.isNaN(p.max()) && number > p.max() || Double.isNaN(number)) {
					String label = inSentence(p.label());
					String named = label.equalsIgnoreCase(p.name().replace('-', ' ')) ? where : where + " (" + label + ")";
					throw new XaiException(named + " must be between " + format(p.min()) + " and " + format(p.max()) + ", not " + value);
				}
				return value;
			}
			case CHOICE:
				for (String choice : p.choices()) if (choice.equalsIgnoreCase(value)) return choice;
				throw new XaiException(where + " is one of " + String.join(", ", p.choices()) + ", not '" + value + "'");
			case FLAG:
				if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) return value.toLowerCase(java.util.Locale.ROOT);
				throw new XaiException(where + " is true or false, not '" + value + "'");
			default:
				return value;
		}
	}

	/**
	 * A dialog label inside a sentence, without its remark in parentheses: "Held-out share" reads
	 * "held-out share", "Blur sigma (pixels)" "blur sigma"; a first word with more capitals ("TensorFlow threads") keeps them.
	 */
	private static String inSentence(String label) {
		String words = label.split(" \\(", 2)[0];
		String first = words.split(" ", 2)[0];
		return first.chars().skip(1).anyMatch(Character::isUpperCase) ? words : words.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + words.substring(1);
	}

	private static String format(double bound) {
		// whole bounds print without ".0", but only where a long holds them exactly (1e30 stays 1.0E30)
		return Double.isNaN(bound) ? "any" : bound == Math.rint(bound) && Math.abs(bound) < 1e15 ? Long.toString((long) bound) : Double.toString(bound);
	}

	/** Checked values with typed access, for the method's own use. */
	public static final class Values {
		private final Map<String, String> values;
		private final Map<String, FloatBatch> images;

		private Values(Map<String, String> values, Map<String, FloatBatch> images) {
			this.values = values;
			this.images = images;
		}

		public int integer(String name) { return Integer.parseInt(values.get(name)); }

		public double number(String name) { return Double.parseDouble(values.get(name)); }

		public String text(String name) { return values.get(name); }

		public boolean flag(String name) { return Boolean.parseBoolean(values.get(name)); }

		/** The image given for an image parameter, or null. */
		public FloatBatch image(String name) { return images.get(name); }

		/** These values with every given image replaced by {@code change}'s result (a method run on copies of the input takes its slices' images). */
		public Values withImages(java.util.function.UnaryOperator<FloatBatch> change) {
			Map<String, FloatBatch> changed = new HashMap<>();
			images.forEach((name, image) -> changed.put(name, change.apply(image)));
			return new Values(values, changed);
		}

	}
}
