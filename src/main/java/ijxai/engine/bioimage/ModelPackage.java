package ijxai.engine.bioimage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import ijxai.engine.FloatBatch;
import ijxai.engine.XaiException;
import ijxai.engine.bioimage.PackageDescription.Axis;
import ijxai.engine.bioimage.PackageDescription.AxisSize;
import ijxai.engine.bioimage.PackageDescription.TensorDescription;

/**
 * A bioimage.io model package (a zip, or a folder holding rdf.yaml or CSBDeep's model.yaml),
 * opened safely: archives unpacked into the package cache ({@link ZipUnpacker}), the description
 * read as data ({@link PackageDescription}), the weights' sha256 checked, and the TensorFlow
 * SavedModel folder found, to be loaded like any other (op allowlist included). It also takes a
 * tensor through the package's preprocessing, to the model's valid input shape and back, and
 * through its postprocessing.
 */
public final class ModelPackage {

	private static final List<String> DESCRIPTIONS = List.of("rdf.yaml", "model.yaml", "bioimageio.yaml");

	private final Path source;
	private final Path root;
	private final PackageDescription description;
	private final Path savedModel;
	private final List<String> notes;
	private final PackageLimits limits;

	private ModelPackage(Path source, Path root, PackageDescription description, Path savedModel, List<String> notes, PackageLimits limits) {
		this.limits = limits;
		this.source = source;
		this.root = root;
		this.description = description;
		this.savedModel = savedModel;
		this.notes = List.copyOf(notes);
	}

	/** True when {@code path} is a zip file or a folder holding a package description (not a bare SavedModel folder). */
	public static boolean isPackage(Path path) {
		if (Files.isDirectory(path)) return DESCRIPTIONS.stream().anyMatch(name -> Files.isRegularFile(path.resolve(name)));
		if (!Files.isRegularFile(path)) return false;
		try (InputStream in = Files.newInputStream(path)) {
			byte[] start = in.readNBytes(4);
			return start.length == 4 && start[0] == 'P' && start[1] == 'K' && start[2] == 3 && start[3] == 4;
		}
		catch (IOException e) {
			return false;
		}
	}

	/** Opens a package with the default limits and cache ({@link PackageLimits#defaults()}). */
	public static ModelPackage open(Path source) {
		return open(source, PackageLimits.defaults());
	}

	public static ModelPackage open(Path source, PackageLimits limits) {
		Path path = source.toAbsolutePath().normalize();
		if (!Files.exists(path)) throw new XaiException("model package " + path + " does not exist");
		Path unpacked = Files.isDirectory(path) ? path : new ZipUnpacker(limits).unpack(path);
		Path root = packageFolder(path, unpacked);
		Path file = DESCRIPTIONS.stream().map(root::resolve).filter(Files::isRegularFile).findFirst().orElseThrow();
		PackageDescription description = DescriptionReader.read(root, file, limits);
		List<String> notes = new ArrayList<>(description.notes());
		if (description.inputs().size() > 1) notes.add("the package has " + description.inputs().size() + " inputs; ij-xai feeds the first, " + description.inputs().get(0).id());
		Path savedModel = savedModelOf(description, limits, notes);
		return new ModelPackage(path, root, description, savedModel, notes, limits);
	}

	/** The folder holding the description: the package itself, or its one subfolder (zips made of a folder). */
	private static Path packageFolder(Path source, Path folder) {
		if (DESCRIPTIONS.stream().anyMatch(name -> Files.isRegularFile(folder.resolve(name)))) return folder;
		List<Path> inner = subfolders(folder);
		if (inner.size() == 1 && DESCRIPTIONS.stream().anyMatch(name -> Files.isRegularFile(inner.get(0).resolve(name)))) return inner.get(0);
		throw new XaiException(source + " is not a bioimage.io model package: it holds no " + String.join(", ", DESCRIPTIONS));
	}

	private static List<Path> subfolders(Path folder) {
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter(file -> Files.isDirectory(file) && !Files.isSymbolicLink(file)).toList();
		}
		catch (IOException e) {
			throw new XaiException(folder + " cannot be listed: " + e.getMessage(), e);
		}
	}

	/** The SavedModel folder of the tensorflow_saved_model_bundle weights: a folder, or a zip unpacked into the cache. */
	private static Path savedModelOf(PackageDescription description, PackageLimits limits, List<String> notes) {
		Path weights = description.weights().savedModel();
		String sha256 = description.weights().sha256();
		Path folder;
		if (Files.isDirectory(weights)) {
			if (sha256 != null && !weights.equals(description.file().getParent())) notes.add("the weights are a folder: their sha256 was not checked");
			folder = weights;
		}
		else {
			if (sha256 != null) {
				String actual = ZipUnpacker.sha256(weights);
				if (!actual.equals(sha256)) {
					throw new XaiException("weights " + weights + " have sha256 " + actual + ", but " + description.file().getFileName() + " gives " + sha256 +
						": the file was changed or damaged");
				}
				notes.add("weights sha256 checked");
			}
			folder = new ZipUnpacker(limits).unpack(weights);
		}
		if (Files.isRegularFile(folder.resolve("saved_model.pb"))) return folder;
		List<Path> inner = subfolders(folder);
		if (inner.size() == 1 && Files.isRegularFile(inner.get(0).resolve("saved_model.pb"))) return inner.get(0);
		throw new XaiException("the " + DescriptionReader.BUNDLE + " weights " + weights + " of " + description.file() + " hold no saved_model.pb");
	}

	/** The limits it was opened with, which its test data are read with too. */
	public PackageLimits limits() {
		return limits;
	}

	/** The file or folder the package was opened from. */
	public Path source() {
		return source;
	}

	/** The package's folder (unpacked, for a zip). */
	public Path root() {
		return root;
	}

	public PackageDescription description() {
		return description;
	}

	/** The SavedModel folder, for {@code SavedModelLoader} / {@code ModelCache}. */
	public Path savedModel() {
		return savedModel;
	}

	/** What opening noticed (sha256 checked, TensorFlow version, ...) and the description's notes. */
	public List<String> notes() {
		return notes;
	}

	public TensorDescription input() {
		return description.inputs().get(0);
	}

	public TensorDescription output() {
		return description.outputs().get(0);
	}

	/**
	 * An image (N·H·W·C, as the image bridge makes it) made ready for the model: preprocessed,
	 * laid out along the input's axes and padded to a valid size. Feed {@link ModelInput#batch()}
	 * to the model and give its outputs to {@link #result}.
	 */
	public ModelInput prepare(FloatBatch image) {
		return modelInput(preprocess(TensorData.of(image)));
	}

	/** The model's outputs for a prepared image, cropped back to the image's size and postprocessed. */
	public TensorData result(float[] outputs, ModelInput fed) {
		return postprocess(modelOutput(outputs, fed));
	}

	/** The class (or output channel) names the package gives, or an empty list. */
	public List<String> classNames() {
		return output().channelNames();
	}

	/** What {@code info} and the results' image info show about the package, one line each. */
	public List<String> describe() {
		List<String> lines = new ArrayList<>();
		lines.add("package: " + description.name() + " (bioimage.io format " + description.formatVersion() + ", " + source.getFileName() + ")");
		if (!description.authors().isEmpty()) lines.add("authors: " + String.join(", ", description.authors()));
		if (description.license() != null) lines.add("licence: " + description.license());
		for (PackageDescription.Citation citation : description.cite()) lines.add("cite: " + citation);
		for (TensorDescription tensor : description.inputs()) lines.add("input " + tensor.id() + ": axes " + tensor.axisLetters() + steps(" preprocessing ", tensor));
		for (TensorDescription tensor : description.outputs()) lines.add("output " + tensor.id() + ": axes " + tensor.axisLetters() + steps(" postprocessing ", tensor));
		if (!classNames().isEmpty()) lines.add("classes: " + String.join(", ", classNames()));
		notes.forEach(note -> lines.add("note: " + note));
		return lines;
	}

	private static String steps(String label, TensorDescription tensor) {
		return tensor.processing().isEmpty() ? "" : label + String.join(", ", tensor.processing().stream().map(Processing::name).toList());
	}

	/** A copy of {@code tensor} taken through the first input's preprocessing. */
	public TensorData preprocess(TensorData tensor) {
		return processed(tensor, input(), "preprocessing");
	}

	/** A copy of {@code tensor} taken through the first output's postprocessing. */
	public TensorData postprocess(TensorData tensor) {
		return processed(tensor, output(), "postprocessing");
	}

	private TensorData processed(TensorData tensor, TensorDescription described, String what) {
		TensorData copy = tensor.copy();
		try {
			Processing.applyAll(described.processing(), copy);
		}
		catch (XaiException e) {
			throw new XaiException("the " + what + " of tensor " + described.id() + " of " + description.file() + " cannot be applied to " + tensor + ": " + e.getMessage(), e);
		}
		return copy;
	}

	/**
	 * A preprocessed image as a batch for the model: laid out along the input's axes (batch
	 * first), padded by reflection to the next valid size.
	 *
	 * @param batch the values in the input's axis order, shaped [N,d1,d2,d3] for four axes,
	 *     [N,d1,d2,1] for three and [N,1,1,d1] for two: for {@code byxc} inputs the N·H·W·C batch
	 * @param original the image's shape before padding, in the input's axis order
	 * @param padded the shape fed, in the input's axis order
	 */
	public record ModelInput(FloatBatch batch, int[] original, int[] padded) {}

	public ModelInput modelInput(TensorData preprocessed) {
		TensorDescription input = input();
		String letters = input.axisLetters();
		if (letters.charAt(0) != 'b') throw new XaiException(description.file() + ": input " + input.id() + " has axes " + letters + "; ij-xai feeds models a batch axis first");
		if (letters.length() < 2 || letters.length() > 4) {
			throw new XaiException(description.file() + ": input " + input.id() + " has " + letters.length() + " axes (" + letters + "); ij-xai runs inputs of 2 to 4 axes");
		}
		TensorData arranged = preprocessed.arrange(letters);
		int[] padded = new int[letters.length()];
		for (int i = 0; i < padded.length; i++) padded[i] = validSize(input, input.axes().get(i), arranged.shape()[i]);
		TensorData fed = arranged.padReflect(padded);
		int[] s = fed.shape();
		FloatBatch batch = switch (s.length) {
			case 4 -> new FloatBatch(s[0], s[1], s[2], s[3], fed.data());
			case 3 -> new FloatBatch(s[0], s[1], s[2], 1, fed.data());
			default -> new FloatBatch(s[0], 1, 1, s[1], fed.data());
		};
		return new ModelInput(batch, arranged.shape(), padded);
	}

	private int validSize(TensorDescription input, Axis axis, int size) {
		AxisSize declared = axis.size();
		if (declared instanceof AxisSize.Parameterized parameterized) {
			int valid = parameterized.validSize(size);
			// only space and time are padded: a batch, channel or index axis of the wrong size is an error
			if (valid != size && "bci".indexOf(axis.letter()) >= 0) {
				throw new XaiException("input " + input.id() + " of " + description.file().getFileName() + " takes " + parameterized.min() + " + k·" + parameterized.step() +
					" along axis " + axis.id() + ", the image has " + size);
			}
			return valid;
		}
		if (declared instanceof AxisSize.Fixed fixed) {
			if (size <= fixed.size() && (axis.letter() != 'b' && axis.letter() != 'c' || size == fixed.size())) return fixed.size();
			throw new XaiException("input " + input.id() + " of " + description.file().getFileName() + " takes " + fixed.size() + " along axis " + axis.id() +
				", the image has " + size);
		}
		if (declared instanceof AxisSize.Reference) throw new XaiException("input " + input.id() + " of " + description.file().getFileName() +
			" takes its size along axis " + axis.id() + " from another input; ij-xai runs models of one input");
		return size;
	}

	/**
	 * The model's output values for a {@link ModelInput}, shaped along the first output's axes
	 * and cropped back to the image's size where the input was padded.
	 */
	public TensorData modelOutput(float[] values, ModelInput fed) {
		TensorDescription output = output(), input = input();
		String letters = output.axisLetters();
		int[] shape = new int[letters.length()], cropped = new int[letters.length()], offset = new int[letters.length()];
		int unknown = -1;
		long known = 1;
		for (int i = 0; i < shape.length; i++) {
			Axis axis = output.axes().get(i);
			if (axis.letter() == 'b') {
				shape[i] = fed.batch().count();
			}
			else if (axis.size() instanceof AxisSize.Fixed fixed) {
				shape[i] = fixed.size();
			}
			else if (axis.size() instanceof AxisSize.Reference reference && reference.tensor().equals(input.id())) {
				int at = indexOf(input, reference.axis());
				shape[i] = reference.sizeFor(fed.padded()[at]);
				cropped[i] = reference.sizeFor(fed.original()[at]);
				offset[i] = (int) Math.round(TensorData.padBefore(fed.original()[at], fed.padded()[at]) * reference.scale());
			}
			else {
				if (unknown >= 0) throw new XaiException("output " + output.id() + " of " + description.file().getFileName() + " has more than one axis of unknown size (" + letters + ")");
				unknown = i;
			}
			if (i != unknown) known *= shape[i];
			if (cropped[i] == 0) cropped[i] = shape[i];
		}
		if (unknown >= 0) {
			if (known == 0 || values.length % known != 0) throw outputMismatch(values.length, letters, shape);
			shape[unknown] = (int) (values.length / known);
			cropped[unknown] = shape[unknown];
		}
		else if (known != values.length) {
			throw outputMismatch(values.length, letters, shape);
		}
		return new TensorData(letters, shape, values).crop(offset, cropped);
	}

	private XaiException outputMismatch(int count, String letters, int[] shape) {
		return new XaiException("the model of " + source + " gave " + count + " values, but output " + output().id() + " (" + letters + ") of its description should be " +
			Arrays.toString(shape));
	}

	private static int indexOf(TensorDescription tensor, String axisId) {
		for (int i = 0; i < tensor.axes().size(); i++) if (tensor.axes().get(i).id().equals(axisId)) return i;
		throw new IllegalStateException("checked when read: " + axisId);
	}
}
