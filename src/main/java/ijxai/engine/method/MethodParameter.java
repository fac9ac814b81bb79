package ijxai.engine.method;

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
 * @param remembered whether a dialog may offer the last value given: not for a class or layer
 *     (they mean nothing to the next model) nor for trusting a model (it must not silently trust the next)
 */
public record MethodParameter(String name, String label, Kind kind, String defaultValue, List<String> choices, double min, double max,
	String help, boolean remembered) {

	/**
	 * What a parameter takes. An IMAGE is another image of the same size (an open window, or a
	 * file on the command line); LAYER_RULES is text {@code NAME=CHOICE,...} that a dialog may
	 * offer as a table of the model's layers, each with one of the choices. A FLAG is on or off
	 * ({@code --name} alone on the command line, a checkbox in dialogs). A LAYER names a Keras
	 * layer of the model and a CLASS one of its classes ('predicted', an index or a name):
	 * dialogs offer the model's layers and classes for them.
	 */
	public enum Kind { INTEGER, NUMBER, CHOICE, TEXT, IMAGE, LAYER_RULES, FLAG, LAYER, CLASS }

	public static MethodParameter integer(String name, String label, int defaultValue, int min, int max, String help) {
		return new MethodParameter(name, label, Kind.INTEGER, Integer.toString(defaultValue), List.of(), min, max, help, true);
	}

	public static MethodParameter number(String name, String label, double defaultValue, double min, double max, String help) {
		return new MethodParameter(name, label, Kind.NUMBER, Double.toString(defaultValue), List.of(), min, max, help, true);
	}

	/** A choice; the first choice is the default. */
	public static MethodParameter choice(String name, String label, String help, String... choices) {
		return new MethodParameter(name, label, Kind.CHOICE, choices[0], List.of(choices), Double.NaN, Double.NaN, help, true);
	}

	/** Free text; "" means the method's own default. */
	public static MethodParameter text(String name, String label, String help) {
		return new MethodParameter(name, label, Kind.TEXT, "", List.of(), Double.NaN, Double.NaN, help, true);
	}

	/** A Keras layer of the model; "" means the layer the method picks. Not remembered. */
	public static MethodParameter layer(String name, String label, String help) {
		return new MethodParameter(name, label, Kind.LAYER, "", List.of(), Double.NaN, Double.NaN, help, false);
	}

	/** A class of the model ('predicted', an index from 0, or a name), or "" where the method says what that means. Not remembered. */
	public static MethodParameter className(String name, String label, String defaultValue, String help) {
		return new MethodParameter(name, label, Kind.CLASS, defaultValue, List.of(), Double.NaN, Double.NaN, help, false);
	}

	/** On or off; off by default. */
	public static MethodParameter flag(String name, String label, String help) {
		return new MethodParameter(name, label, Kind.FLAG, "false", List.of(), Double.NaN, Double.NaN, help, true);
	}

	/** Per-layer choices as {@code NAME=CHOICE,...}; empty by default. */
	public static MethodParameter layerRules(String name, String label, String help, String... choices) {
		return new MethodParameter(name, label, Kind.LAYER_RULES, "", List.of(choices), Double.NaN, Double.NaN, help, true);
	}

	public static MethodParameter image(String name, String label, String help) {
		return new MethodParameter(name, label, Kind.IMAGE, "", List.of(), Double.NaN, Double.NaN, help, true);
	}

	/** This parameter, but never filled with the value given last time. */
	public MethodParameter notRemembered() {
		return new MethodParameter(name, label, kind, defaultValue, choices, min, max, help, false);
	}

	/** This parameter with another default (a dataset tool's own, e.g. a larger epsilon). */
	public MethodParameter withDefault(String newDefault) {
		return new MethodParameter(name, label, kind, newDefault, choices, min, max, help, remembered);
	}
}
