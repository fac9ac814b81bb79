package ijxai.engine.model;

import java.util.Arrays;
import java.util.List;

import ijxai.engine.XaiException;

/**
 * What a loaded model takes and gives, in the terms of the user: the image input, the output
 * and the tensor attributions are taken from, the layers by their Keras names, the classes.
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
 * @param layers the layers in graph order
 * @param classes class names, one per output channel
 * @param notes what loading noticed that the user should know (signature chosen, branches taken)
 */
public record ModelInfo(String folder, String signature, String inputName, String inputTensor, long[] inputShape,
	String outputName, String outputTensor, long[] outputShape, String outputActivation, String logitsTensor,
	List<Layer> layers, List<String> classes, List<String> notes) {

	/** A layer: its Keras name, the op that computes its output, and that output's shape. */
	public record Layer(String name, String op, String tensor, long[] shape) {
		@Override
		public String toString() {
			return name + " (" + op + ", " + Arrays.toString(shape) + ")";
		}
	}

	/** The layer of that Keras name, or an error listing the layers. */
	public Layer layer(String name) {
		for (Layer layer : layers) if (layer.name().equals(name)) return layer;
		throw new XaiException("the model in " + folder + " has no layer '" + name + "'; its layers: " +
			String.join(", ", layers.stream().map(Layer::name).toList()));
	}

	/**
	 * The last layer with a spatial 4-D output before the network pools or flattens it away: what
	 * Grad-CAM looks at by default (as tf-explain picks it).
	 */
	public Layer lastSpatialLayer() {
		Layer last = null;
		for (Layer layer : layers) {
			if (isSpatial(layer)) last = layer;
			else if (last != null && layer.shape().length <= 2) break;
		}
		if (last == null) throw new XaiException("the model in " + folder + " has no layer with a spatial (4-D) output");
		return last;
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
