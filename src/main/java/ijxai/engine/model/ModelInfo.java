package ijxai.engine.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ijxai.engine.XaiException;

/**
 * What a loaded model takes and gives, in the terms of the user: the image input, the output
 * and the tensor attributions are taken from, the layers by their Keras names (paths through
 * nested models), the classes.
 *
 * @param folder the SavedModel folder
 * @param signature the serving signature used
 * @param inputName the signature's input key
 * @param inputTensor the input tensor in the flat graph
 * @param inputShape the input shape, -1 for dynamic sizes (batch first)
 * @param outputName the signature's output key (or the tensor chosen in its place)
 * @param outputTensor the output tensor in the flat graph
 * @param outputShape the output shape, -1 for dynamic sizes
 * @param outputActivation "softmax", "sigmoid" or "none": how the output ends
 * @param logitsTensor the pre-activation tensor (equal to the output when it ends in no activation)
 * @param layers the layers in graph order, those inside nested models included (not the nested models themselves: {@link #models()})
 * @param classes class names, one per output channel
 * @param notes what loading noticed that the user should know (signature chosen, output chosen, branches taken)
 * @param outputs every output of the signature, the one explained among them (empty when not read)
 */
public record ModelInfo(String folder, String signature, String inputName, String inputTensor, long[] inputShape,
	String outputName, String outputTensor, long[] outputShape, String outputActivation, String logitsTensor,
	List<Layer> layers, List<String> classes, List<String> notes, List<Output> outputs) {

	/** A model described by its explained output alone. */
	public ModelInfo(String folder, String signature, String inputName, String inputTensor, long[] inputShape,
		String outputName, String outputTensor, long[] outputShape, String outputActivation, String logitsTensor,
		List<Layer> layers, List<String> classes, List<String> notes)
	{
		this(folder, signature, inputName, inputTensor, inputShape, outputName, outputTensor, outputShape, outputActivation, logitsTensor,
			layers, classes, notes, List.of());
	}

	/**
	 * An output of the signature: its key, its type ("float32", "int64", "string"...), its shape as
	 * the signature declares it (null when it does not), and how it ends ("softmax", "sigmoid",
	 * "none"; "-" for outputs that are not float and so cannot be explained).
	 */
	public record Output(String name, String type, long[] shape, String activation) {}

	/** What the results record of the notes: that the user trusted the model, which of several outputs was explained. */
	public List<String> resultNotes() {
		return Stream.of(trustNote(), outputNote()).filter(Objects::nonNull).toList();
	}

	/** The note saying which of several outputs is explained and how to choose another, or null. */
	public String outputNote() {
		return notes.stream().filter(note -> note.startsWith(OUTPUT_NOTE)).findFirst().orElse(null);
	}

	/** How the note on which of several outputs is explained starts. */
	static final String OUTPUT_NOTE = "several outputs: ";

	private static final Pattern UNIQUE_SUFFIX = Pattern.compile("_\\d+");

	/**
	 * A layer: its path (the Keras names of the nested models it sits in, then its own, joined by
	 * "/"; a layer of the model itself has its name alone), the op that computes its output, and that
	 * output's shape.
	 */
	public record Layer(String name, String op, String tensor, long[] shape) {
		/** The layer's own Keras name: the last segment of its path. */
		public String shortName() {
			return name.substring(name.lastIndexOf('/') + 1);
		}

		@Override
		public String toString() {
			return name + " (" + op + ", " + Arrays.toString(shape) + ")";
		}
	}

	/**
	 * The nested models (a base model inside a Sequential, a TF1 name scope holding layers), by
	 * path, outermost first: each is a layer whose output is that of the last layer inside it.
	 */
	public List<Layer> models() {
		return models(layers);
	}

	private static List<Layer> models(List<Layer> layers) {
		Map<String, Layer> lastInside = new LinkedHashMap<>();
		for (Layer layer : layers) {
			for (int slash = layer.name().indexOf('/'); slash > 0; slash = layer.name().indexOf('/', slash + 1)) {
				String model = layer.name().substring(0, slash);
				lastInside.put(model, new Layer(model, layer.op(), layer.tensor(), layer.shape()));
			}
		}
		return List.copyOf(lastInside.values());
	}

	/** The layers and nested models as a tree, in graph order: each nested model just before the layers inside it. */
	public List<Layer> tree() {
		return tree(layers);
	}

	private static List<Layer> tree(List<Layer> layers) {
		List<Layer> tree = new ArrayList<>();
		Set<String> shown = new HashSet<>();
		Map<String, Layer> models = new HashMap<>();
		for (Layer model : models(layers)) models.put(model.name(), model);
		for (Layer layer : layers) {
			for (int slash = layer.name().indexOf('/'); slash > 0; slash = layer.name().indexOf('/', slash + 1)) {
				String model = layer.name().substring(0, slash);
				if (shown.add(model)) tree.add(models.get(model));
			}
			tree.add(layer);
		}
		return tree;
	}

	/** True when the layer is a nested model, holding other layers. */
	public boolean isModel(Layer layer) {
		String inside = layer.name() + "/";
		return layers.stream().anyMatch(other -> other.name().startsWith(inside));
	}

	/**
	 * The layer or nested model of that path, or of the end of its path (its own Keras name, say)
	 * when only one layer's path ends so; a TensorFlow suffix on a name ({@code conv1_1} for
	 * {@code conv1}, as Keras 3 exports have them) may be left out. An unknown name is an error
	 * listing the layers, an ambiguous one an error listing the paths it could mean.
	 */
	public Layer layer(String name) {
		return layer(folder, layers, name);
	}

	/** {@link #layer(String)} among these layers of the model in that folder. */
	static Layer layer(String folder, List<Layer> layers, String name) {
		String wanted = name.strip();
		List<Layer> all = tree(layers);
		List<BiPredicate<String, String>> matches = List.of(String::equals, ModelInfo::sameWithSuffix);
		for (BiPredicate<String, String> same : matches) {
			for (Layer layer : all) if (pathEnds(layer.name(), wanted, same, true)) return layer;
			List<Layer> byEnd = all.stream().filter(layer -> pathEnds(layer.name(), wanted, same, false)).toList();
			if (byEnd.size() == 1) return byEnd.get(0);
			if (byEnd.size() > 1) {
				throw new XaiException("the model in " + folder + " has " + byEnd.size() + " layers named '" + wanted +
					"'; give its path: " + String.join(", ", byEnd.stream().map(Layer::name).toList()));
			}
		}
		throw new XaiException("the model in " + folder + " has no layer '" + wanted + "'; its layers: " +
			String.join(", ", all.stream().map(Layer::name).toList()));
	}

	/** True when the path ends in the wanted segments ({@code whole}: is them), each segment the same. */
	private static boolean pathEnds(String path, String wanted, BiPredicate<String, String> same, boolean whole) {
		String[] segments = path.split("/"), wantedSegments = wanted.split("/");
		int skip = segments.length - wantedSegments.length;
		if (skip < 0 || whole && skip > 0) return false;
		for (int i = 0; i < wantedSegments.length; i++) if (!same.test(segments[skip + i], wantedSegments[i])) return false;
		return true;
	}

	/** A graph name is a Keras name with the suffix TensorFlow adds to make a scope unique. */
	private static boolean sameWithSuffix(String graphName, String kerasName) {
		return graphName.startsWith(kerasName + "_") && UNIQUE_SUFFIX.matcher(graphName.substring(kerasName.length())).matches();
	}

	/**
	 * The last layer with a spatial 4-D output: for a classifier the last before the network pools
	 * or flattens it away for good (a squeeze-and-excitation block's pooled side branch does not end
	 * the search), what Grad-CAM looks at by default (as tf-explain picks it, the last 4-D layer).
	 */
	public Layer lastSpatialLayer() {
		Layer last = null;
		for (Layer layer : layers) if (isSpatial(layer)) last = layer;
		if (last == null) throw new XaiException("the model in " + folder + " has no layer with a spatial (4-D) output");
		return last;
	}

	/**
	 * The deepest spatial layer: of the 4-D layers of known size, the last of the smallest spatial
	 * size, for a U-Net its bottleneck (Seg-Grad-CAM's default layer); the last spatial layer when
	 * no size is known.
	 */
	public Layer deepestSpatialLayer() {
		Layer deepest = null;
		for (Layer layer : layers) {
			long[] shape = layer.shape();
			if (!isSpatial(layer) || shape[1] < 1 || shape[2] < 1) continue;
			if (deepest == null || shape[1] * shape[2] <= deepest.shape()[1] * deepest.shape()[2]) deepest = layer;
		}
		return deepest != null ? deepest : lastSpatialLayer();
	}

	/**
	 * The tensor a gradient or relevance of the score reaches for a layer: its output, or for the
	 * output layer's softmax or sigmoid the logits, since the score is taken before them.
	 */
	public String scoreSideTensor(Layer layer) {
		return (layer.op().equals("Softmax") || layer.op().equals("Sigmoid")) && !logitsTensor.equals(outputTensor) ? logitsTensor : layer.tensor();
	}

	/** True when a layer's output is [N,h,w,k] with more than one pixel (or a dynamic size). */
	public static boolean isSpatial(Layer layer) {
		long[] shape = layer.shape();
		return shape.length == 4 && (shape[1] != 1 || shape[2] != 1);
	}

	/** The note that the user trusted this model past the op allowlist ({@link OpAllowlist}), or null. */
	public String trustNote() {
		return notes.stream().filter(note -> note.startsWith(OpAllowlist.TRUSTED_NOTE)).findFirst().orElse(null);
	}

	public int inputRank() {
		return inputShape.length;
	}

	/** True when the output has one value per pixel (segmentation, denoising) rather than per image. */
	public boolean isDenseOutput() {
		return outputShape.length >= 3;
	}

	public int classCount() {
		return classes.size();
	}

	public String className(int index) {
		return index >= 0 && index < classes.size() ? classes.get(index) : "class " + index;
	}

	/** The index of a class given by name (case-insensitive) or number, or -1. */
	public int classIndex(String nameOrIndex) {
		for (int i = 0; i < classes.size(); i++) {
			if (classes.get(i).equalsIgnoreCase(nameOrIndex.trim())) return i;
		}
		try {
			int index = Integer.parseInt(nameOrIndex.trim());
			return index >= 0 && index < classes.size() ? index : -1;
		}
		catch (NumberFormatException e) {
			return -1;
		}
	}

	/** The image size the model wants for a given image: its own where the model is dynamic. */
	public String describeInput() {
		return inputName + " " + shapeString(inputShape) + " float32 " + layout();
	}

	public String layout() {
		switch (inputShape.length) {
			case 4: return "NHWC";
			case 3: return "NHW";
			default: return "N(H*W*C)";
		}
	}

	public static String shapeString(long[] shape) {
		StringBuilder s = new StringBuilder("[");
		for (int i = 0; i < shape.length; i++) s.append(i > 0 ? "," : "").append(shape[i] < 0 ? "?" : Long.toString(shape[i]));
		return s.append("]").toString();
	}
}
