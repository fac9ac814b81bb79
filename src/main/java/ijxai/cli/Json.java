package ijxai.cli;

import java.util.ArrayList;
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
		String explained = "{\"name\": " + quote(info.outputName()) + ", \"tensor\": " + quote(info.outputTensor()) + ", \"shape\": " +
			shape(info.outputShape()) + ", \"activation\": " + quote(info.outputActivation()) + ", \"per_pixel\": " + info.isDenseOutput() +
			", \"explained\": true}";
		// every output of the signature; the explained one first when it is a tensor or layer the user named instead
		List<String> outputs = new ArrayList<>();
		if (info.outputs().stream().noneMatch(o -> o.name().equals(info.outputName()))) outputs.add(explained);
		for (ModelInfo.Output o : info.outputs()) {
			outputs.add(o.name().equals(info.outputName()) ? explained : "{\"name\": " + quote(o.name()) + ", \"type\": " + quote(o.type()) +
				", \"shape\": " + (o.shape() == null ? "null" : shape(o.shape())) + ", \"activation\": " + quote(o.activation()) + ", \"explained\": false}");
		}
		json.append("  \"outputs\": [").append(String.join(", ", outputs)).append("],\n");
		field(json, "logits", quote(info.logitsTensor()));
		json.append("  \"layers\": ").append(layers(info.layers())).append(",\n");
		json.append("  \"models\": ").append(layers(info.models())).append(",\n");
		field(json, "classes", list(info.classes()));
		if (!packageLines.isEmpty()) field(json, "package", list(packageLines));
		json.append("  \"notes\": ").append(list(info.notes())).append("\n}");
		return json.toString();
	}

	/** Layers by path (their name), with whether their output is spatial. */
	private static String layers(List<ModelInfo.Layer> layers) {
		if (layers.isEmpty()) return "[]";
		return layers.stream().map(l -> "    {\"name\": " + quote(l.name()) + ", \"op\": " + quote(l.op()) + ", \"tensor\": " + quote(l.tensor()) +
			", \"shape\": " + shape(l.shape()) + ", \"spatial\": " + ModelInfo.isSpatial(l) + "}").collect(Collectors.joining(",\n", "[\n", "\n  ]"));
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
