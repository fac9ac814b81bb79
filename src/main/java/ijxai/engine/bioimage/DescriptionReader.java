package ijxai.engine.bioimage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ijxai.engine.XaiException;
import ijxai.engine.bioimage.PackageDescription.Axis;
import ijxai.engine.bioimage.PackageDescription.AxisSize;
import ijxai.engine.bioimage.PackageDescription.Citation;
import ijxai.engine.bioimage.PackageDescription.TensorDescription;
import ijxai.engine.bioimage.PackageDescription.Weights;

/**
 * Reads a package's description (rdf.yaml of format 0.4.x or 0.5.x, CSBDeep model.yaml of
 * format 0.2.x-csbdeep) into a {@link PackageDescription}. Files it names must lie inside the
 * package folder; files on the internet are refused.
 */
final class DescriptionReader {

	static final String BUNDLE = "tensorflow_saved_model_bundle";
	private static final String STEPS = "scale_range, zero_mean_unit_variance, fixed_zero_mean_unit_variance, scale_linear, clip, binarize, sigmoid, ensure_dtype";

	private final Path root;
	private final Path file;
	private final String version;
	private final Fields top;
	private final List<String> notes = new ArrayList<>();

	private DescriptionReader(Path root, Path file, Map<String, Object> yaml) {
		this.root = root;
		this.file = file;
		this.top = new Fields(file.toString(), "", yaml);
		Object version = yaml.get("format_version");
		this.version = version == null ? null : String.valueOf(version).strip();
	}

	/** The description in {@code file}, a file in the package folder {@code root}. */
	static PackageDescription read(Path root, Path file, PackageLimits limits) {
		return new DescriptionReader(root, file, SafeYaml.read(file, limits)).read();
	}

	private PackageDescription read() {
		if (version == null) throw top.problem("format_version", "is missing: this is not a bioimage.io model description");
		if (top.has("type") && !top.text("type").equals("model")) throw top.problem("type", "is '" + top.text("type") + "': this package is not a model");
		boolean csbdeep = version.startsWith("0.2.") && version.endsWith("-csbdeep");
		boolean v4 = version.startsWith("0.4.") || version.startsWith("0.3.");
		boolean v5 = version.startsWith("0.5.");
		if (!csbdeep && !v4 && !v5) throw top.problem("format_version", "is " + version + "; ij-xai reads 0.2.x-csbdeep, 0.4.x and 0.5.x");
		String name = top.text("name");
		List<TensorDescription> inputs = new ArrayList<>(), outputs = new ArrayList<>();
		Weights weights;
		if (csbdeep) {
			weights = readCsbdeep(inputs, outputs);
		}
		else {
			List<Fields> in = top.maps("inputs"), out = top.maps("outputs");
			List<Path> testInputs = v5 ? null : files(top, "test_inputs"), testOutputs = v5 ? null : files(top, "test_outputs");
			for (int i = 0; i < in.size(); i++) inputs.add(v5 ? tensor5(in.get(i), true) : tensor4(in.get(i), true, pick(testInputs, i)));
			for (int i = 0; i < out.size(); i++) outputs.add(v5 ? tensor5(out.get(i), false) : tensor4(out.get(i), false, pick(testOutputs, i)));
			weights = weights(top.map("weights"));
		}
		if (inputs.isEmpty() || outputs.isEmpty()) throw top.problem(inputs.isEmpty() ? "inputs" : "outputs", "is empty");
		checkReferences(inputs, outputs);
		return new PackageDescription(file, version, name, top.text("description", ""), authors(), top.has("license") ? top.text("license") : null,
			citations(), List.copyOf(inputs), List.copyOf(outputs), weights, List.copyOf(notes));
	}

	private static Path pick(List<Path> files, int index) {
		return index < files.size() ? files.get(index) : null;
	}

	private List<String> authors() {
		if (!top.has("authors")) return List.of();
		Object raw = top.raw("authors");
		List<?> list = raw instanceof List<?> l ? l : List.of(raw);
		List<String> names = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			Object author = list.get(i);
			if (author instanceof Map<?, ?> map) names.add(new Fields(file.toString(), "authors[" + i + "]", map).text("name"));
			else if (author instanceof String text) names.add(text);
			else throw top.problem("authors[" + i + "]", "should be a name or a mapping with a name, not " + Fields.kind(author));
		}
		return List.copyOf(names);
	}

	private List<Citation> citations() {
		if (!top.has("cite")) return List.of();
		List<Citation> cite = new ArrayList<>();
		for (Fields entry : top.maps("cite")) {
			cite.add(new Citation(entry.text("text"), entry.has("doi") ? entry.text("doi") : null, entry.has("url") ? entry.text("url") : null));
		}
		return List.copyOf(cite);
	}

	// ------------------------------------------------------------------ 0.4.x

	private TensorDescription tensor4(Fields tensor, boolean input, Path testTensor) {
		String id = tensor.text("name");
		String letters = tensor.text("axes").toLowerCase(Locale.ROOT);
		checkLetters(tensor, "axes", letters);
		AxisSize[] sizes = new AxisSize[letters.length()];
		Object shape = tensor.raw("shape");
		if (shape instanceof List) {
			int[] fixed = tensor.integers("shape");
			checkRank(tensor, "shape", fixed.length, letters);
			for (int i = 0; i < sizes.length; i++) sizes[i] = positive(tensor, "shape", fixed[i]);
		}
		else {
			Fields parts = tensor.map("shape");
			if (input) {
				int[] min = parts.integers("min"), step = parts.integers("step");
				checkRank(parts, "min", min.length, letters);
				checkRank(parts, "step", step.length, letters);
				for (int i = 0; i < sizes.length; i++) sizes[i] = parameterized(parts, min[i], step[i]);
			}
			else {
				String reference = parts.has("reference_tensor") ? parts.text("reference_tensor") : parts.text("reference_input");
				double[] scale = parts.numbers("scale");
				double[] offset = parts.has("offset") ? parts.numbers("offset") : new double[letters.length()];
				checkRank(parts, "scale", scale.length, letters);
				checkRank(parts, "offset", offset.length, letters);
				for (int i = 0; i < sizes.length; i++) {
					if (offset[i] != Math.rint(offset[i] * 2) / 2) throw parts.problem("offset", "should hold multiples of 0.5, not " + offset[i]);
					// 0.4: output size = reference size · scale + 2 · offset; a scale of 0 marks a new axis of fixed size 2·offset
					sizes[i] = scale[i] == 0 ? positive(parts, "offset", (int) Math.round(2 * offset[i]))
						: new AxisSize.Reference(reference, String.valueOf(letters.charAt(i)), scale[i], (int) Math.round(2 * offset[i]));
				}
			}
		}
		int[] halo = tensor.has("halo") ? tensor.integers("halo") : new int[letters.length()];
		checkRank(tensor, "halo", halo.length, letters);
		List<Axis> axes = new ArrayList<>();
		for (int i = 0; i < sizes.length; i++) {
			if (letters.charAt(i) == 'b' && sizes[i] instanceof AxisSize.Parameterized p && p.step() > 0) sizes[i] = new AxisSize.Any();
			axes.add(new Axis(String.valueOf(letters.charAt(i)), letters.charAt(i), sizes[i], halo[i], List.of()));
		}
		List<Processing> processing = steps(tensor, input ? "preprocessing" : "postprocessing", letters, false);
		return new TensorDescription(id, List.copyOf(axes), tensor.text("data_type", "float32"), range(tensor, "data_range"), processing, testTensor);
	}

	// ------------------------------------------------------------------ 0.5.x

	private TensorDescription tensor5(Fields tensor, boolean input) {
		String id = tensor.text("id", input ? "input" : "output");
		List<Axis> axes = new ArrayList<>();
		Map<String, Character> letters = new HashMap<>();
		for (Fields axis : tensor.maps("axes")) {
			String type = axis.text("type");
			char letter;
			switch (type) {
				case "batch": letter = 'b'; break;
				case "channel": letter = 'c'; break;
				case "time": letter = 't'; break;
				case "index": letter = 'i'; break;
				case "space":
					String spatial = axis.text("id", "x");
					if (!List.of("x", "y", "z").contains(spatial)) throw axis.problem("id", "is '" + spatial + "'; ij-xai knows the space axes x, y and z");
					letter = spatial.charAt(0);
					break;
				default: throw axis.problem("type", "is '" + type + "', not batch, channel, space, time or index");
			}
			String axisId = axis.text("id", type.equals("space") ? String.valueOf(letter) : type);
			if (letters.put(axisId, letter) != null || letters.values().stream().filter(l -> l == letter).count() > 1) {
				throw axis.problem("id", "repeats axis '" + axisId + "' of tensor " + id);
			}
			List<String> channelNames = List.of();
			AxisSize size;
			if (letter == 'c') {
				channelNames = axis.has("channel_names") ? axis.texts("channel_names") : List.of();
				size = axis.has("size") ? axisSize5(axis) : channelNames.isEmpty() ? new AxisSize.Any() : new AxisSize.Fixed(channelNames.size());
			}
			else if (letter == 'b') {
				size = axis.has("size") ? new AxisSize.Fixed(positiveInt(axis, "size")) : new AxisSize.Any();
			}
			else {
				size = axisSize5(axis);
			}
			int halo = axis.has("halo") ? axis.integer("halo") : 0;
			if (halo < 0) throw axis.problem("halo", "is negative");
			axes.add(new Axis(axisId, letter, size, halo, List.copyOf(channelNames)));
		}
		if (axes.isEmpty()) throw tensor.problem("axes", "is empty");
		StringBuilder order = new StringBuilder();
		for (Axis axis : axes) order.append(axis.letter());
		Fields data = tensor.optionalMap("data");
		Path test = tensor.has("test_tensor") ? checkedFile(tensor.map("test_tensor"), "source") : null;
		if (test != null && tensor.map("test_tensor").has("sha256")) checkSha256(tensor.map("test_tensor"), test);
		List<Processing> processing = steps(tensor, input ? "preprocessing" : "postprocessing", order.toString(), true, letters);
		return new TensorDescription(id, List.copyOf(axes), data.text("type", "float32"), data.has("range") ? range(data, "range") : null, processing, test);
	}

	private AxisSize axisSize5(Fields axis) {
		Object size = axis.raw("size");
		if (size instanceof Map) {
			Fields parts = axis.map("size");
			if (parts.has("tensor_id")) return new AxisSize.Reference(parts.text("tensor_id"), parts.text("axis_id"), 1, parts.has("offset") ? parts.integer("offset") : 0);
			if (parts.has("step")) return parameterized(parts, parts.integer("min"), parts.integer("step"));
			// a data-dependent output size: min and max only
			return new AxisSize.Any();
		}
		return new AxisSize.Fixed(positiveInt(axis, "size"));
	}

	// ------------------------------------------------------------------ 0.2.x-csbdeep

	private Weights readCsbdeep(List<TensorDescription> inputs, List<TensorDescription> outputs) {
		List<Fields> in = top.maps("inputs"), out = top.maps("outputs");
		Path testInput = top.has("test_input") ? checkedFile(top, "test_input") : null;
		Path testOutput = top.has("test_output") ? checkedFile(top, "test_output") : null;
		for (int i = 0; i < in.size(); i++) inputs.add(tensor4(in.get(i), true, i == 0 ? testInput : null));
		for (int i = 0; i < out.size(); i++) outputs.add(tensor4(out.get(i), false, i == 0 ? testOutput : null));
		// CSBDeep moves the halo to the input; the output of a fully convolutional net has the same border
		Fields prediction = top.optionalMap("prediction");
		if (prediction.has("preprocess") && !inputs.isEmpty()) {
			double[][] stats = meanAndStd(prediction, "preprocess");
			if (stats != null) inputs.set(0, withProcessing(inputs.get(0), List.of(Processing.ZeroMeanUnitVariance.fixed(stats[0], stats[1], 'c', 0))));
		}
		if (prediction.has("postprocess") && !outputs.isEmpty()) {
			double[][] stats = meanAndStd(prediction, "postprocess");
			if (stats != null) outputs.set(0, withProcessing(outputs.get(0), List.of(new Processing.ScaleLinear(stats[1], stats[0], 'c'))));
		}
		if (!Files.isRegularFile(root.resolve("saved_model.pb"))) {
			throw new XaiException(file + ": a CSBDeep package holds its SavedModel beside model.yaml, but " + root + " has no saved_model.pb");
		}
		return new Weights(List.of(BUNDLE), root, null);
	}

	/** CSBDeep's {@code kwargs: {mean: [...], stdDev: [...]}} of the first step, or null when it gives none. */
	private static double[][] meanAndStd(Fields prediction, String key) {
		List<Fields> steps = prediction.maps(key);
		if (steps.isEmpty() || !steps.get(0).has("kwargs")) return null;
		Fields kwargs = steps.get(0).map("kwargs");
		if (!kwargs.has("mean") || !kwargs.has("stdDev")) return null;
		return new double[][] { kwargs.numbers("mean"), kwargs.numbers("stdDev") };
	}

	private static TensorDescription withProcessing(TensorDescription tensor, List<Processing> processing) {
		return new TensorDescription(tensor.id(), tensor.axes(), tensor.dataType(), tensor.dataRange(), processing, tensor.testTensor());
	}

	// ------------------------------------------------------------------ processing

	private List<Processing> steps(Fields tensor, String key, String letters, boolean v5) {
		return steps(tensor, key, letters, v5, Map.of());
	}

	private List<Processing> steps(Fields tensor, String key, String letters, boolean v5, Map<String, Character> ids) {
		if (!tensor.has(key)) return List.of();
		List<Processing> steps = new ArrayList<>();
		for (Fields step : tensor.maps(key)) {
			String name = step.text(v5 ? "id" : "name");
			Fields kwargs = step.optionalMap("kwargs");
			try {
				steps.add(step(step, name, kwargs, letters, v5, ids));
			}
			catch (XaiException e) {
				// the steps' own checks do not know the file
				if (e.getMessage().startsWith(file.toString())) throw e;
				throw new XaiException(file + ": " + step.place() + ": " + e.getMessage(), e);
			}
		}
		return List.copyOf(steps);
	}

	private Processing step(Fields step, String name, Fields kwargs, String letters, boolean v5, Map<String, Character> ids) {
		if (kwargs.has("reference_tensor")) throw kwargs.problem("reference_tensor", "is not supported: ij-xai takes statistics from the tensor itself");
		switch (name) {
			case "scale_range":
				return new Processing.ScaleRange(axes(kwargs, letters, v5, ids), kwargs.number("min_percentile", 0), kwargs.number("max_percentile", 100),
					kwargs.number("eps", 1e-6), !v5 && kwargs.text("mode", "per_sample").equals("per_dataset"));
			case "zero_mean_unit_variance": {
				String mode = v5 ? "per_sample" : kwargs.text("mode", "per_sample");
				String axes = axes(kwargs, letters, v5, ids);
				double eps = kwargs.number("eps", 1e-6);
				switch (mode) {
					case "fixed": return Processing.ZeroMeanUnitVariance.fixed(kwargs.numbers("mean"), kwargs.numbers("std"), along(letters, axes), eps);
					case "per_sample": return Processing.ZeroMeanUnitVariance.measured(axes, false, eps);
					case "per_dataset": return Processing.ZeroMeanUnitVariance.measured(axes, true, eps);
					default: throw kwargs.problem("mode", "is '" + mode + "', not fixed, per_sample or per_dataset");
				}
			}
			case "fixed_zero_mean_unit_variance":
				return Processing.ZeroMeanUnitVariance.fixed(kwargs.numbers("mean"), kwargs.numbers("std"), axis(kwargs, ids), 0);
			case "scale_linear": {
				double[] gain = kwargs.has("gain") ? kwargs.numbers("gain") : new double[] { 1 };
				double[] offset = kwargs.has("offset") ? kwargs.numbers("offset") : new double[] { 0 };
				char along = v5 ? axis(kwargs, ids) : along(letters, axes(kwargs, letters, false, ids));
				return new Processing.ScaleLinear(gain, offset, along);
			}
			case "clip":
				return new Processing.Clip(kwargs.number("min", Double.NEGATIVE_INFINITY), kwargs.number("max", Double.POSITIVE_INFINITY));
			case "binarize":
				return new Processing.Binarize(kwargs.numbers("threshold"), v5 ? axis(kwargs, ids) : 'c');
			case "sigmoid":
				return new Processing.Sigmoid();
			case "ensure_dtype":
				return new Processing.EnsureDtype(kwargs.text("dtype"));
			default:
				throw step.problem(v5 ? "id" : "name", "is '" + name + "'; ij-xai applies " + STEPS);
		}
	}

	/** The axes a step reduces over, as letters, or null for all. */
	private static String axes(Fields kwargs, String letters, boolean v5, Map<String, Character> ids) {
		if (!kwargs.has("axes")) return null;
		StringBuilder reduced = new StringBuilder();
		if (v5) {
			for (String id : kwargs.texts("axes")) {
				Character letter = ids.get(id);
				if (letter == null) throw kwargs.problem("axes", "names axis '" + id + "', which the tensor does not have");
				reduced.append(letter);
			}
		}
		else {
			String text = kwargs.text("axes").toLowerCase(Locale.ROOT);
			for (char letter : text.toCharArray()) {
				if (letters.indexOf(letter) < 0) throw kwargs.problem("axes", "names axis '" + letter + "', which the tensor (" + letters + ") does not have");
				reduced.append(letter);
			}
		}
		return reduced.toString();
	}

	/** 0.4: the one axis (besides the batch) not reduced, along which a list of parameters runs. */
	private static char along(String letters, String reduced) {
		if (reduced == null) return '\0';
		String rest = letters.replace("b", "");
		for (char letter : reduced.toCharArray()) rest = rest.replace(String.valueOf(letter), "");
		return rest.length() == 1 ? rest.charAt(0) : '\0';
	}

	/** 0.5: the axis a list of parameters runs along. */
	private static char axis(Fields kwargs, Map<String, Character> ids) {
		if (!kwargs.has("axis")) return '\0';
		Character letter = ids.get(kwargs.text("axis"));
		if (letter == null) throw kwargs.problem("axis", "names axis '" + kwargs.text("axis") + "', which the tensor does not have");
		return letter;
	}

	// ------------------------------------------------------------------ weights and files

	private Weights weights(Fields weights) {
		List<String> formats = new ArrayList<>();
		for (Object key : ((Map<?, ?>) top.raw("weights")).keySet()) formats.add(String.valueOf(key));
		if (!weights.has(BUNDLE)) {
			throw new XaiException(file + ": the package has weights in " + String.join(", ", formats) + "; ij-xai runs only " + BUNDLE);
		}
		Fields bundle = weights.map(BUNDLE);
		if (bundle.has("tensorflow_version")) notes.add("weights saved with TensorFlow " + bundle.text("tensorflow_version"));
		return new Weights(List.copyOf(formats), checkedFile(bundle, "source"), bundle.has("sha256") ? bundle.text("sha256").toLowerCase(Locale.ROOT) : null);
	}

	private List<Path> files(Fields fields, String key) {
		if (!fields.has(key)) return List.of();
		List<Path> files = new ArrayList<>();
		List<String> sources = fields.texts(key);
		for (int i = 0; i < sources.size(); i++) files.add(inside(fields, key + "[" + i + "]", sources.get(i)));
		return files;
	}

	private Path checkedFile(Fields fields, String key) {
		return inside(fields, key, fields.text(key));
	}

	/** A file named by the description: inside the package folder, also once links are followed. */
	private Path inside(Fields fields, String key, String source) {
		if (source.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
			throw fields.problem(key, "is on the internet (" + source + "); ij-xai reads only files inside the package");
		}
		Path path;
		try {
			path = root.resolve(source).normalize();
		}
		catch (RuntimeException e) {
			throw fields.problem(key, "is not a file name: " + source);
		}
		if (!path.startsWith(root) || path.equals(root)) throw fields.problem(key, "points outside the package: " + source);
		if (!Files.exists(path)) throw fields.problem(key, "names " + source + ", which the package does not have");
		try {
			if (!path.toRealPath().startsWith(root.toRealPath())) throw fields.problem(key, "links outside the package: " + source);
		}
		catch (IOException e) {
			throw fields.problem(key, "names " + source + ", which cannot be read: " + e.getMessage());
		}
		return path;
	}

	// ------------------------------------------------------------------ checks

	private void checkSha256(Fields fields, Path file) {
		String given = fields.text("sha256").toLowerCase(Locale.ROOT);
		String actual = ZipUnpacker.sha256(file);
		if (!actual.equals(given)) throw fields.problem("sha256", "is " + given + ", but " + file.getFileName() + " has sha256 " + actual + ": the file was changed or damaged");
	}

	private static void checkLetters(Fields fields, String key, String letters) {
		for (int i = 0; i < letters.length(); i++) {
			char letter = letters.charAt(i);
			if (TensorData.AXIS_LETTERS.indexOf(letter) < 0) throw fields.problem(key, "has axis '" + letter + "'; axes are b, i, t, c, z, y and x");
			if (letters.indexOf(letter) != i) throw fields.problem(key, "repeats axis '" + letter + "'");
		}
		if (letters.isEmpty()) throw fields.problem(key, "is empty");
	}

	private static void checkRank(Fields fields, String key, int length, String letters) {
		if (length != letters.length()) throw fields.problem(key, "has " + length + " values for the " + letters.length() + " axes " + letters);
	}

	private static AxisSize positive(Fields fields, String key, int size) {
		if (size < 1) throw fields.problem(key, "has a size of " + size);
		return new AxisSize.Fixed(size);
	}

	private static int positiveInt(Fields fields, String key) {
		int size = fields.integer(key);
		if (size < 1) throw fields.problem(key, "is " + size + ", not a size");
		return size;
	}

	private static AxisSize parameterized(Fields fields, int min, int step) {
		if (min < 1 || step < 0) throw fields.problem("min", "and step should be a size and a step >= 0, not " + min + " and " + step);
		return step == 0 ? new AxisSize.Fixed(min) : new AxisSize.Parameterized(min, step);
	}

	private static double[] range(Fields fields, String key) {
		if (!fields.has(key)) return null;
		List<?> list = fields.list(key);
		if (list.size() != 2) throw fields.problem(key, "should hold two values, the lowest and the highest");
		double[] range = new double[2];
		for (int i = 0; i < 2; i++) {
			Object value = list.get(i);
			range[i] = value == null ? (i == 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY) : fields.numberOf(key + "[" + i + "]", value);
		}
		return range;
	}

	/** Sizes that refer to another tensor name one that exists, by an axis it has. */
	private void checkReferences(List<TensorDescription> inputs, List<TensorDescription> outputs) {
		List<TensorDescription> all = new ArrayList<>(inputs);
		all.addAll(outputs);
		for (TensorDescription tensor : all) {
			for (Axis axis : tensor.axes()) {
				if (!(axis.size() instanceof AxisSize.Reference reference)) continue;
				TensorDescription target = all.stream().filter(t -> t.id().equals(reference.tensor())).findFirst().orElse(null);
				if (target == null || target == tensor) throw new XaiException(file + ": axis " + axis.id() + " of tensor " + tensor.id() + " takes its size from tensor '" + reference.tensor() + "', which the package does not have");
				boolean found = target.axes().stream().anyMatch(a -> a.id().equals(reference.axis()));
				if (!found) throw new XaiException(file + ": axis " + axis.id() + " of tensor " + tensor.id() + " takes its size from axis '" + reference.axis() + "' of tensor " + target.id() + ", which it does not have");
				if (target.axes().stream().filter(a -> a.id().equals(reference.axis())).anyMatch(a -> a.size() instanceof AxisSize.Reference)) {
					throw new XaiException(file + ": axis " + axis.id() + " of tensor " + tensor.id() + " refers to a size that is itself a reference");
				}
			}
		}
	}
}
