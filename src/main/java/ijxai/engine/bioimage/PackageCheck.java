package ijxai.engine.bioimage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import ijxai.engine.XaiException;
import ijxai.engine.bioimage.PackageDescription.TensorDescription;
import ijxai.engine.model.LoadedModel;

/**
 * A package's own test, as bioimage.io's model test does it: the test input through the
 * preprocessing, the model and the postprocessing, compared with the test output. It passes when
 * every value is within {@code absolute + relative·|expected|} of the expected one (numpy's
 * assert_allclose, with bioimage.io's default tolerances).
 */
public final class PackageCheck {

	/** The tolerances of bioimage.io's test_model (bioimageio.core). */
	public static final double ABSOLUTE_TOLERANCE = 1.5e-4, RELATIVE_TOLERANCE = 1e-4;

	/** How close a result must be to the test output. */
	public record Tolerance(double absolute, double relative) {
		public static final Tolerance DEFAULT = new Tolerance(ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE);

		public Tolerance {
			if (!(absolute >= 0) || !(relative >= 0)) throw new XaiException("tolerances must be 0 or more, not " + absolute + " and " + relative);
		}
	}

	/**
	 * What the check found.
	 *
	 * @param maxAbsolute the largest |result − expected|
	 * @param maxRelative the largest |result − expected| / |expected| over the values whose expected value is not 0
	 * @param outside how many values lie outside the tolerance
	 * @param count how many values were compared
	 * @param input the test input's shape
	 * @param output the output's shape
	 */
	public record Result(Path file, Tolerance tolerance, double maxAbsolute, double maxRelative, long outside, long count,
		TensorData input, TensorData output, List<String> notes) {

		public boolean passed() {
			return outside == 0;
		}

		public String summary() {
			return String.format(Locale.ROOT, "%s: %s, largest absolute difference %.3g, largest relative difference %.3g (%d of %d values outside %.3g + %.3g·|expected|)",
				file.getFileName(), passed() ? "passed" : "FAILED", maxAbsolute, maxRelative, outside, count, tolerance.absolute(), tolerance.relative());
		}
	}

	private PackageCheck() {}

	/** Runs the package's test on its model, loaded from {@link ModelPackage#savedModel()}. */
	public static Result run(ModelPackage pack, LoadedModel model, Tolerance tolerance) {
		PackageLimits limits = pack.limits();
		TensorDescription input = pack.input(), output = pack.output();
		if (input.testTensor() == null || output.testTensor() == null) {
			throw new XaiException(pack.description().file() + " names no test " + (input.testTensor() == null ? "input" : "output") + ": there is nothing to check against");
		}
		List<String> notes = new ArrayList<>();
		if (pack.description().outputs().size() > 1) notes.add("only the first of " + pack.description().outputs().size() + " outputs (" + output.id() + ") is checked");
		TensorData test = testTensor(input, limits);
		ModelPackage.ModelInput fed = pack.modelInput(pack.preprocess(test));
		if (!Arrays.equals(fed.original(), fed.padded())) notes.add("the test input was padded from " + Arrays.toString(fed.original()) + " to " + Arrays.toString(fed.padded()));
		LoadedModel.Pass pass = model.predict(fed.batch());
		TensorData result = pack.postprocess(pack.modelOutput(pass.outputs(), fed));
		TensorData expected = testTensor(output, limits);
		if (!Arrays.equals(result.shape(), expected.shape())) {
			throw new XaiException("the model's output for the test input of " + pack.source() + " is " + result + ", but its test output " +
				output.testTensor().getFileName() + " is " + expected);
		}
		double maxAbsolute = 0, maxRelative = 0;
		long outside = 0;
		for (int i = 0; i < expected.data().length; i++) {
			double want = expected.data()[i], difference = Math.abs(result.data()[i] - want);
			if (Double.isNaN(difference)) difference = Double.POSITIVE_INFINITY;
			maxAbsolute = Math.max(maxAbsolute, difference);
			if (want != 0) maxRelative = Math.max(maxRelative, difference / Math.abs(want));
			if (!(difference <= tolerance.absolute() + tolerance.relative() * Math.abs(want))) outside++;
		}
		return new Result(pack.source(), tolerance, maxAbsolute, maxRelative, outside, expected.data().length, test, result, List.copyOf(notes));
	}

	/** A tensor's test data laid out along its axes: a .npy array of that rank, or a TIFF stack. */
	static TensorData testTensor(TensorDescription tensor, PackageLimits limits) {
		Path file = tensor.testTensor();
		if (file == null) throw new XaiException("tensor " + tensor.id() + " of the package has no test data");
		String letters = tensor.axisLetters();
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (name.endsWith(".tif") || name.endsWith(".tiff")) {
			TiffReader.Stack stack = TiffReader.read(file, limits.maxTensorValues());
			// pages are the z or t axis when the tensor has one, else its channels (one sample per pixel) or its batch
			char pages = letters.indexOf('z') >= 0 ? 'z' : letters.indexOf('t') >= 0 ? 't' : stack.samples() == 1 && letters.indexOf('c') >= 0 ? 'c' : 'b';
			TensorData raw = stack.samples() == 1
				? new TensorData(pages + "yx", new int[] { stack.pages(), stack.height(), stack.width() }, stack.values())
				: new TensorData(pages + "yxc", new int[] { stack.pages(), stack.height(), stack.width(), stack.samples() }, stack.values());
			return arrange(file, raw, letters);
		}
		NpyReader.Array array = NpyReader.read(file, limits.maxTensorValues());
		if (array.shape().length != letters.length()) {
			throw new XaiException(file + " has shape " + Arrays.toString(array.shape()) + ", but tensor " + tensor.id() + " has the " + letters.length() + " axes " + letters);
		}
		return new TensorData(letters, array.shape(), array.values());
	}

	private static TensorData arrange(Path file, TensorData raw, String letters) {
		try {
			return raw.arrange(letters);
		}
		catch (XaiException e) {
			throw new XaiException(file + " does not fit its tensor: " + e.getMessage(), e);
		}
	}
}
