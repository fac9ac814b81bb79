package ijxai.engine;

import java.util.List;

/**
 * One option of an explanation method, described once: the command line ({@code --name}), the
 * ImageJ 1.x dialog and macro key ({@code name=}) and the Fiji command field all use it.
 *
 * @param name the key on the command line and in macros
 * @param label the dialog label
 * @param kind what values it takes
 * @param defaultValue the value when none is given ("" for an optional image)
 * @param choices the allowed values of a choice
 * @param min the smallest allowed number (NaN: no bound)
 * @param max the largest allowed number (NaN: no bound)
 * @param help one sentence for tooltips and the usage text
 */
public record MethodParameter(String name, String label, Kind kind, String defaultValue, List<String> choices, double min, double max,
	String help) {

	/**
	 * What a parameter takes. An IMAGE is another image of the same size (an open window, or a
	 * file on the command line); LAYER_RULES is text {@code NAME=CHOICE,...} that a dialog may
	 * offer as a table of the model's layers, each with one of the choices.
	 */
	public enum Kind { INTEGER, NUMBER, CHOICE, TEXT, IMAGE, LAYER_RULES }

	public static MethodParameter integer(String name, String label, int defaultValue, int min, int max, String help) {
		return new MethodParameter(name, label, Kind.INTEGER, Integer.toString(defaultValue), List.of(), min, max, help);
	}

	public static MethodParameter number(String name, String label, double defaultValue, double min, double max, String help) {
		return new MethodParameter(name, label, Kind.NUMBER, Double.toString(defaultValue), List.of(), min, max, help);
	}

	/** A choice; the first choice is the default. */
	public static MethodParameter choice(String name, String label, String help, String... choices) {
		return new MethodParameter(name, label, Kind.CHOICE, choices[0], List.of(choices), Double.NaN, Double.NaN, help);
	}

	/** Free text; "" means the method's own default (e.g. a layer it picks). */
	public static MethodParameter text(String name, String label, String help) {
		return new MethodParameter(name, label, Kind.TEXT, "", List.of(), Double.NaN, Double.NaN, help);
	}

	/** Per-layer choices as {@code NAME=CHOICE,...}; empty by default. */
	public static MethodParameter layerRules(String name, String label, String help, String... choices) {
		return new MethodParameter(name, label, Kind.LAYER_RULES, "", List.of(choices), Double.NaN, Double.NaN, help);
	}

	public static MethodParameter image(String name, String label, String help) {
		return new MethodParameter(name, label, Kind.IMAGE, "", List.of(), Double.NaN, Double.NaN, help);
	}
}
