package ijxai.cli;

import java.util.List;
import java.util.stream.Collectors;

import ijxai.engine.model.ModelInfo;

/** The model description as JSON, for {@code info}. */
final class Json {

	private Json() {}

	static String of(ModelInfo info) {
		return of(info, List.of());
	}

	/** With the lines of the bioimage.io package the model came from ({@code ModelPackage.describe()}), none for a SavedModel folder. */
	static String of(ModelInfo info, List<String> packageLines) {
		StringBuilder json = new StringBuilder("{\n");
		field(json, "model", quote(info.folder()));
		field(json, "signature", quote(info.signature()));
		json.append("  \"inputs\": [{\"name\": ").append(quote(info.inputName())).append(", \"tensor\": ").append(quote(info.inputTensor()))
			.append(", \"shape\": ").append(shape(info.inputShape())).append(", \"dtype\": \"float32\", \"layout\": ")
			.append(quote(info.layout())).append("}],\n");
		json.append("  \"outputs\": [{\"name\": ").append(quote(info.outputName())).append(", \"tensor\": ").append(quote(info.outputTensor()))
			.append(", \"shape\": ").append(shape(info.outputShape())).append(", \"activation\": ").append(quote(info.outputActivation()))
			.append(", \"per_pixel\": ").append(info.isDenseOutput()).append("}],\n");
		field(json, "logits", quote(info.logitsTensor()));
		json.append("  \"layers\": [\n").append(info.layers().stream().map(l -> "    {\"name\": " + quote(l.name()) + ", \"op\": " + quote(l.op()) +
			", \"tensor\": " + quote(l.tensor()) + ", \"shape\": " + shape(l.shape()) + "}").collect(Collectors.joining(",\n"))).append("\n  ],\n");
		field(json, "classes", list(info.classes()));
		if (!packageLines.isEmpty()) field(json, "package", list(packageLines));
		json.append("  \"notes\": ").append(list(info.notes())).append("\n}");
		return json.toString();
	}

	private static void field(StringBuilder json, String key, String value) {
		json.append("  \"").append(key).append("\": ").append(value).append(",\n");
	}

	private static String list(List<String> items) {
		return items.stream().map(Json::quote).collect(Collectors.joining(", ", "[", "]"));
	}

	private static String shape(long[] shape) {
		StringBuilder s = new StringBuilder("[");
		for (int i = 0; i < shape.length; i++) s.append(i > 0 ? ", " : "").append(shape[i] < 0 ? "null" : Long.toString(shape[i]));
		return s.append("]").toString();
	}

	static String quote(String text) {
		StringBuilder s = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\') s.append('\\').append(c);
			else if (c < 0x20) s.append(String.format("\\u%04x", (int) c));
			else s.append(c);
		}
		return s.append('"').toString();
	}
}
