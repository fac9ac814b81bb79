package ijxai.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

/** Each bad input ends in one clear line on stderr naming the file and the problem, and exit status 1. */
class BadInputTest {

	static final Path CNN = Path.of("models/fashion_mnist_cnn");
	static final Path IMAGE = Path.of("test-images/fashion-0000-ankle-boot.png");

	@TempDir
	Path temp;

	record Run(int status, String out, String err) {}

	static Run cli(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		int status = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
		return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	private void assertClearError(Run run, String... mustMention) {
		assertEquals(1, run.status(), "exit status; stderr: " + run.err());
		String message = run.err().strip();
		assertTrue(message.startsWith("ij-xai: "), message);
		assertFalse(message.contains("\tat "), "no stack trace: " + message);
		assertFalse(message.contains("Exception"), "no exception class names: " + message);
		for (String text : mustMention) assertTrue(message.contains(text), "'" + text + "' in: " + message);
	}

	private Path copyOfCnn() throws IOException {
		Path copy = temp.resolve("model");
		try (Stream<Path> files = Files.walk(CNN)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				Path target = copy.resolve(CNN.relativize(file).toString());
				if (Files.isDirectory(file)) Files.createDirectories(target);
				else Files.copy(file, target);
			}
		}
		return copy;
	}

	private Path saveImage(ImagePlus image, String name) {
		Path file = temp.resolve(name);
		new FileSaver(image).saveAsTiff(file.toString());
		return file;
	}

	/** Found by fuzzing: ImageJ's TIFF reader threw NegativeArraySizeException on this header. */
	@Test
	void tiffWithADamagedHeader() throws IOException {
		Path file = temp.resolve("damaged.tif");
		// one IFD entry: StripOffsets (273) of type LONG with a count of 0xFEFEFEFE, negative as an int
		java.nio.ByteBuffer tiff = java.nio.ByteBuffer.allocate(26).order(java.nio.ByteOrder.LITTLE_ENDIAN);
		tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) 1).putShort((short) 273).putShort((short) 4).putInt(0xFEFEFEFE).putInt(0).putInt(0);
		Files.write(file, tiff.array());
		assertClearError(cli("predict", "--model", CNN.toString(), "--image", file.toString()), "damaged.tif", "cannot be read");
	}

	/** Found by fuzzing: TensorFlow's invalid-argument error (an IllegalArgumentException) escaped from predict. */
	@Test
	void predictOnAnImageOfTheWrongSize() {
		Path image = saveImage(new ImagePlus("wide", new ByteProcessor(64, 64)), "wide.tif");
		assertClearError(cli("predict", "--model", "models/rank3_input", "--image", image.toString()), "rank3_input", "64x64");
	}

	@Test
	void anImageOverTheMemoryBudgetIsRefusedWithTheEstimate() {
		Path big = saveImage(new ImagePlus("big", new ColorProcessor(1500, 1500)), "big.tif");
		assertClearError(cli("saliency", "--model", "models/rgb_dynamic", "--image", big.toString(), "--out", temp.toString(), "--memory", "64"),
			"1500x1500", "MB", "memory budget of 64 MB");
		ij.ImageStack slices = new ij.ImageStack(28, 28);
		for (int i = 0; i < 400; i++) slices.addSlice(new ByteProcessor(28, 28));
		Path many = saveImage(new ImagePlus("many", slices), "many.tif");
		assertClearError(cli("saliency", "--model", CNN.toString(), "--image", many.toString(), "--out", temp.toString(), "--memory", "1"),
			"many.tif", "needs about 2 MB as model input");
	}

	@Test
	void missingModelFolder() {
		assertClearError(cli("info", "--model", temp.resolve("nowhere").toString()), "nowhere", "does not exist");
	}

	@Test
	void folderThatIsNotASavedModel() {
		assertClearError(cli("info", "--model", temp.toString()), temp.toString(), "no saved_model.pb");
	}

	@Test
	void corruptSavedModelPb() throws IOException {
		Path model = copyOfCnn();
		byte[] bytes = Files.readAllBytes(model.resolve("saved_model.pb"));
		Files.write(model.resolve("saved_model.pb"), java.util.Arrays.copyOf(bytes, bytes.length / 3));
		assertClearError(cli("info", "--model", model.toString()), "saved_model.pb", "corrupt");
	}

	@Test
	void garbageSavedModelPb() throws IOException {
		Path model = copyOfCnn();
		Files.writeString(model.resolve("saved_model.pb"), "this is not a protobuf at all, just text\n");
		assertClearError(cli("info", "--model", model.toString()), "saved_model.pb");
	}

	@Test
	void missingVariables() throws IOException {
		Path model = copyOfCnn();
		Files.delete(model.resolve("variables/variables.index"));
		assertClearError(cli("info", "--model", model.toString()), "variables.index", "missing");
	}

	@Test
	void damagedVariables() throws IOException {
		Path model = copyOfCnn();
		Path data = model.resolve("variables/variables.data-00000-of-00001");
		Files.write(data, java.util.Arrays.copyOf(Files.readAllBytes(data), 100));
		assertClearError(cli("info", "--model", model.toString()), model.toString(), "weights");
	}

	@Test
	void unknownSignature() {
		assertClearError(cli("info", "--model", CNN.toString(), "--signature", "nope"), "no signature 'nope'", "serving_default");
	}

	@Test
	void severalImageInputs() {
		assertClearError(cli("info", "--model", "models/multi_input"), "several inputs");
	}

	@Test
	void nonFloatInputSignature() {
		assertClearError(cli("info", "--model", "models/example_signature", "--signature", "serving_default"), "strings");
	}

	@Test
	void serializedExampleSignatureFallsBackToTheImageSignature() {
		Run run = cli("info", "--model", "models/example_signature");
		assertEquals(0, run.status(), run.err());
		assertTrue(run.out().contains("\"signature\": \"classify_image\""), run.out());
	}

	@Test
	void integerArgmaxOutputIsRefusedWithTheTensorBefore() {
		Run refused = cli("info", "--model", "models/argmax_output");
		assertClearError(refused, "ArgMax", "cannot be differentiated", "output=");
		String before = refused.err().substring(refused.err().indexOf("output=") + 7).strip();
		Run chosen = cli("saliency", "--model", "models/argmax_output", "--output", before, "--image", IMAGE.toString(), "--out", temp.toString());
		assertEquals(0, chosen.status(), chosen.err());
	}

	@Test
	void unknownTag() throws IOException {
		Path model = copyOfCnn();
		byte[] bytes = Files.readAllBytes(model.resolve("saved_model.pb"));
		String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("\u0005serve", "\u0005train");
		Files.write(model.resolve("saved_model.pb"), text.getBytes(StandardCharsets.ISO_8859_1));
		assertClearError(cli("info", "--model", model.toString()), "tagged 'serve'");
	}

	@Test
	void imageSizeMismatch() {
		Path image = saveImage(new ImagePlus("big", new ByteProcessor(40, 30)), "big.tif");
		assertClearError(cli("saliency", "--model", CNN.toString(), "--image", image.toString(), "--out", temp.toString()), "28x28", "40x30", "resize");
	}

	@Test
	void imageSizeMismatchIsResizedWhenAsked() {
		Path image = saveImage(new ImagePlus("big", new ByteProcessor(40, 30)), "big.tif");
		Run run = cli("saliency", "--model", CNN.toString(), "--image", image.toString(), "--resize", "--out", temp.toString());
		assertEquals(0, run.status(), run.err());
		ImagePlus result = new ImagePlus(temp.resolve("big_saliency.tif").toString());
		assertEquals(40, result.getWidth());
		assertEquals(30, result.getHeight());
	}

	@Test
	void channelMismatch() {
		Path image = saveImage(new ImagePlus("rgb", new ColorProcessor(28, 28)), "rgb.tif");
		assertClearError(cli("saliency", "--model", CNN.toString(), "--image", image.toString(), "--out", temp.toString()), "1 channel", "3 channels");
	}

	@Test
	void onePixelImage() {
		Path image = saveImage(new ImagePlus("dot", new ByteProcessor(1, 1)), "dot.tif");
		assertClearError(cli("saliency", "--model", CNN.toString(), "--image", image.toString(), "--out", temp.toString()), "1x1");
	}

	@Test
	void onePixelImageOnADynamicModel() {
		Path image = saveImage(new ImagePlus("dot", new ColorProcessor(1, 1)), "dot.tif");
		Run run = cli("saliency", "--model", "models/rgb_dynamic", "--image", image.toString(), "--out", temp.toString());
		assertTrue(run.status() == 0 || run.err().startsWith("ij-xai: "), run.err());
		assertFalse(run.err().contains("\tat "), run.err());
	}

	@Test
	void nanPixels() {
		FloatProcessor pixels = new FloatProcessor(28, 28);
		pixels.setf(3, 4, Float.NaN);
		Path image = saveImage(new ImagePlus("nan", pixels), "nan.tif");
		assertClearError(cli("saliency", "--model", CNN.toString(), "--image", image.toString(), "--normalize", "none", "--out", temp.toString()),
			"nan", "NaN");
	}

	@Test
	void missingImage() {
		assertClearError(cli("saliency", "--model", CNN.toString(), "--image", temp.resolve("none.tif").toString(), "--out", temp.toString()), "none.tif");
	}

	@Test
	void unreadableImage() throws IOException {
		Path file = temp.resolve("broken.tif");
		Files.writeString(file, "not a tiff");
		assertClearError(cli("saliency", "--model", CNN.toString(), "--image", file.toString(), "--out", temp.toString()), "broken.tif", "cannot be read");
	}

	@Test
	void unknownClassName() {
		assertClearError(cli("saliency", "--model", CNN.toString(), "--image", IMAGE.toString(), "--target", "Hat", "--out", temp.toString()),
			"'Hat'", "Ankle boot");
	}

	@Test
	void usageErrorsExitWith2() {
		assertEquals(2, cli("saliency", "--image", IMAGE.toString()).status());
		assertEquals(2, cli().status());
	}
}
