package ijxai.engine.bioimage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ijxai.engine.XaiException;

/**
 * One mapping of a description file, read field by field: every missing or mistyped field is an
 * {@link XaiException} naming the file and the field's place ({@code inputs[0].axes}).
 */
final class Fields {

	private final String file;
	private final String place;
	private final Map<?, ?> values;

	Fields(String file, String place, Map<?, ?> values) {
		this.file = file;
		this.place = place;
		this.values = values;
	}

	String place() {
		return place;
	}

	boolean has(String key) {
		return values.get(key) != null;
	}

	Object raw(String key) {
		return values.get(key);
	}

	XaiException problem(String key, String what) {
		return new XaiException(file + ": " + where(key) + " " + what);
	}

	String where(String key) {
		return place.isEmpty() ? key : place + "." + key;
	}

	Fields map(String key) {
		Object value = require(key);
		if (!(value instanceof Map<?, ?> map)) throw problem(key, "should be a mapping, not " + kind(value));
		return new Fields(file, where(key), map);
	}

	Fields optionalMap(String key) {
		return has(key) ? map(key) : new Fields(file, where(key), Map.of());
	}

	String text(String key) {
		Object value = require(key);
		if (value instanceof Map || value instanceof List) throw problem(key, "should be text, not " + kind(value));
		return String.valueOf(value);
	}

	String text(String key, String fallback) {
		return has(key) ? text(key) : fallback;
	}

	double number(String key) {
		return toNumber(key, require(key));
	}

	double number(String key, double fallback) {
		return has(key) ? number(key) : fallback;
	}

	int integer(String key) {
		double value = number(key);
		if (value != Math.rint(value) || Math.abs(value) > 1 << 30) throw problem(key, "should be a whole number, not " + value);
		return (int) value;
	}

	/** A number or a list of numbers. */
	double[] numbers(String key) {
		Object value = require(key);
		if (!(value instanceof List<?> list)) return new double[] { toNumber(key, value) };
		if (list.isEmpty()) throw problem(key, "is an empty list");
		double[] numbers = new double[list.size()];
		for (int i = 0; i < numbers.length; i++) numbers[i] = toNumber(key + "[" + i + "]", list.get(i));
		return numbers;
	}

	/** A list of whole numbers. */
	int[] integers(String key) {
		double[] numbers = numbers(key);
		int[] integers = new int[numbers.length];
		for (int i = 0; i < numbers.length; i++) {
			if (numbers[i] != Math.rint(numbers[i]) || Math.abs(numbers[i]) > 1 << 30) throw problem(key, "should hold whole numbers, not " + numbers[i]);
			integers[i] = (int) numbers[i];
		}
		return integers;
	}

	List<?> list(String key) {
		Object value = require(key);
		if (!(value instanceof List<?> list)) throw problem(key, "should be a list, not " + kind(value));
		return list;
	}

	/** A list of mappings. */
	List<Fields> maps(String key) {
		List<?> list = list(key);
		List<Fields> maps = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			if (!(list.get(i) instanceof Map<?, ?> map)) throw problem(key + "[" + i + "]", "should be a mapping, not " + kind(list.get(i)));
			maps.add(new Fields(file, where(key) + "[" + i + "]", map));
		}
		return maps;
	}

	/** A list of texts, or one text as a list of one. */
	List<String> texts(String key) {
		Object value = require(key);
		List<?> list = value instanceof List<?> l ? l : List.of(value);
		List<String> texts = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			Object item = list.get(i);
			if (item == null || item instanceof Map || item instanceof List) throw problem(key + "[" + i + "]", "should be text, not " + kind(item));
			texts.add(String.valueOf(item));
		}
		return texts;
	}

	private Object require(String key) {
		Object value = values.get(key);
		if (value == null) throw problem(key, "is missing");
		return value;
	}

	/** A value of this mapping's place (e.g. a list item) as a number. */
	double numberOf(String key, Object value) {
		return toNumber(key, value);
	}

	private double toNumber(String key, Object value) {
		if (value instanceof Number number) return number.doubleValue();
		if (value instanceof String text) {
			switch (text.strip().toLowerCase()) {
				case "inf": case "+inf": case "infinity": return Double.POSITIVE_INFINITY;
				case "-inf": case "-infinity": return Double.NEGATIVE_INFINITY;
				default:
					try {
						double parsed = Double.parseDouble(text.strip());
						if (!Double.isNaN(parsed)) return parsed;
					}
					catch (NumberFormatException e) {
						// reported below
					}
			}
		}
		throw problem(key, "should be a number, not " + kind(value) + (value instanceof String ? " '" + value + "'" : ""));
	}

	static String kind(Object value) {
		if (value == null) return "nothing";
		if (value instanceof Map) return "a mapping";
		if (value instanceof List) return "a list";
		if (value instanceof String) return "text";
		if (value instanceof Number) return "a number";
		if (value instanceof Boolean) return "a boolean";
		return value.getClass().getSimpleName();
	}
}
