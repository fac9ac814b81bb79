package ijxai.engine.bioimage;

import java.nio.file.Path;
import java.util.List;

/**
 * What a bioimage.io package says about its model, as data, whatever the format version it was
 * written in (0.2.x-csbdeep, 0.4.x, 0.5.x).
 *
 * @param file the description file (rdf.yaml or model.yaml)
 * @param formatVersion its format_version
 * @param name the model's name
 * @param summary its description
 * @param authors the authors' names
 * @param license the licence (SPDX id), or null
 * @param cite how to cite the model
 * @param inputs the input tensors (preprocessing as their processing)
 * @param outputs the output tensors (postprocessing as their processing)
 * @param weights the weight formats the package has
 * @param notes what reading noticed that the user should know
 */
public record PackageDescription(Path file, String formatVersion, String name, String summary, List<String> authors, String license,
	List<Citation> cite, List<TensorDescription> inputs, List<TensorDescription> outputs, Weights weights, List<String> notes) {

	/** A citation: its text and a DOI or URL (either may be null). */
	public record Citation(String text, String doi, String url) {
		@Override
		public String toString() {
			return text + (doi != null ? " (doi:" + doi + ")" : url != null ? " (" + url + ")" : "");
		}
	}

	/**
	 * The weights: every format the package lists, and the TensorFlow SavedModel (a folder, or a
	 * zip of one) when it has one.
	 *
	 * @param formats the weight formats listed
	 * @param savedModel the tensorflow_saved_model_bundle source inside the package, or null
	 * @param sha256 its sha256 as the description gives it, or null
	 */
	public record Weights(List<String> formats, Path savedModel, String sha256) {}

	/**
	 * One input or output tensor.
	 *
	 * @param id its id (0.5) or name
	 * @param axes its axes, in the tensor's order
	 * @param dataType its data type (float32, uint8, ...)
	 * @param dataRange the lowest and highest value (either may be infinite), or null
	 * @param processing its preprocessing (inputs) or postprocessing (outputs), in order
	 * @param testTensor its test tensor inside the package, or null
	 */
	public record TensorDescription(String id, List<Axis> axes, String dataType, double[] dataRange, List<Processing> processing, Path testTensor) {

		/** The axis letters in order, e.g. {@code byxc}. */
		public String axisLetters() {
			StringBuilder letters = new StringBuilder();
			for (Axis axis : axes) letters.append(axis.letter());
			return letters.toString();
		}

		/** The axis of that letter, or null. */
		public Axis axis(char letter) {
			for (Axis axis : axes) if (axis.letter() == letter) return axis;
			return null;
		}

		/** The names of the channels (0.5 channel_names), or an empty list. */
		public List<String> channelNames() {
			Axis channel = axis('c');
			return channel == null ? List.of() : channel.channelNames();
		}
	}

	/**
	 * One axis of a tensor.
	 *
	 * @param id its id (0.5; the letter before)
	 * @param letter b, c, x, y, z, t or i
	 * @param size how large it is or may be
	 * @param halo the border of an output that is not to be trusted when tiling (0 for none)
	 * @param channelNames the names of its channels, or an empty list
	 */
	public record Axis(String id, char letter, AxisSize size, int halo, List<String> channelNames) {}

	/** How large an axis is or may be. */
	public sealed interface AxisSize {

		/** Exactly {@code size}. */
		record Fixed(int size) implements AxisSize {}

		/** {@code min + k·step} for any k ≥ 0 (step 0: exactly min). */
		record Parameterized(int min, int step) implements AxisSize {

			/** The smallest valid size that holds {@code size} elements. */
			public int validSize(int size) {
				if (size <= min || step == 0) return min;
				return min + (int) Math.ceil((size - min) / (double) step) * step;
			}
		}

		/** round(size of {@code axis} of tensor {@code tensor} · scale) + offset. */
		record Reference(String tensor, String axis, double scale, int offset) implements AxisSize {

			public int sizeFor(int referenced) {
				return (int) Math.round(referenced * scale) + offset;
			}
		}

		/** Any size (a batch axis without a size, or an output size the data decides). */
		record Any() implements AxisSize {}
	}
}
