package ijxai.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import ijxai.engine.Explainers;
import ijxai.engine.FloatBatch;
import ijxai.engine.Normalization;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelOptions;
import ijxai.engine.model.ScoreKind;
import ijxai.engine.model.Target;
import ijxai.image.ExplainImage;

/**
 * Fuzzing: corrupted SavedModels (bit flips, truncations, overwritten bytes, deleted files, the
 * variables of another fixture) through the loader and a saliency run; odd images (every ImageJ
 * type, 1×1, very wide and tall, 5-D hyperstacks, NaN/Inf, no pixels, wrong channel count) with
 * random methods and option values through the engine; and both through the command line's
 * in-process entry, images also as damaged files. Every case must end in a result or one clear
 * message (an {@link XaiException} of one line; exit status 1 or 2 with one stderr line); any
 * other exception, or an input image changed, is a failure. Cases are reproducible from the seed.
 * <p>
 * Run on its own, e.g. {@code mvn -q test -Dtest=FuzzTest -Dfuzz.cases=5000 -Dfuzz.seed=7}.
 */
final class Fuzz {

	/** Small fixtures of every kind: Keras 2 CNN, rank-3 input, flat input, TF1 conditionals, per-pixel output, RGB of any size. */
	private static final List<String> CORRUPTIBLE = List.of("quadrant_sum", "rank3_input", "unet_small", "rgb_dynamic", "tf1_cond_if", "flat_input",
		"bias_free_cnn", "example_signature", "keras3_export");
	private static final List<String> IMAGE_MODELS = List.of("fashion_mnist_cnn", "fashion_mnist_cnn", "rgb_dynamic", "rank3_input", "flat_input",
		"unet_small", "resnet_small", "tf1_switch_merge", "multi_input", "argmax_output", "preprocessing_layers", "reads_file");
	private static final List<String> CLI_MODELS = List.of("quadrant_sum", "rank3_input", "rgb_dynamic");
	private static final Path MODELS = Path.of("models");
	/** Mostly the fixtures' 28×28, so that many cases get as far as a result. */
	private static final int[][] SIZES = { { 28, 28 }, { 28, 28 }, { 28, 28 }, { 28, 28 }, { 1, 1 }, { 3, 3 }, { 29, 27 }, { 4096, 1 }, { 1, 4096 }, { 64, 64 }, { 32, 32 }, { 2, 300 } };

	/** What the cases ended in. */
	record Report(int tried, int results, int messages, List<String> failures) {
		int survived() {
			return results + messages;
		}

		@Override
		public String toString() {
			return String.format("fuzz: %d cases tried, %d survived (%d results, %d clear messages), %d failures%s", tried, survived(), results, messages,
				failures.size(), failures.isEmpty() ? "" : ":\n  " + String.join("\n  ", failures));
		}
	}

	private final Random random;
	private final Path temp;
	private final ModelCache cache = new ModelCache();
	private final Map<String, byte[][]> fixtureFiles = new HashMap<>();
	private int results, messages;
	private final List<String> failures = new ArrayList<>();
	/** Prints every case and how it ended. */
	private final boolean verbose = Boolean.getBoolean("fuzz.verbose");
	/** The case running, for the failure report. */
	private String current = "";

	Fuzz(long seed, Path temp) {
		this.random = new Random(seed);
		this.temp = temp;
	}

	public static void main(String[] args) throws IOException {
		int cases = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
		long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
		Path temp = Files.createTempDirectory("ij-xai-fuzz");
		Report report = new Fuzz(seed, temp).run(cases);
		System.out.println(report);
		System.exit(report.failures().isEmpty() ? 0 : 1);
	}

	/** Runs {@code cases} cases: a third corrupted models, half odd images, the rest on the command line. */
	Report run(int cases) {
		try {
			for (int i = 0; i < cases; i++) {
				int kind = i % 6;
				String description = "case " + i + " ";
				current = "";
				try {
					if (kind < 2) description += corruptedModel(i);
					else if (kind < 5) description += oddImage();
					else description += commandLine(i);
					if (verbose) System.out.println(description);
				}
				catch (Throwable e) {
					failures.add(description + current + ": " + firstLine(e) + at(e));
					if (verbose) e.printStackTrace(System.out);
				}
			}
		}
		finally {
			cache.close();
		}
		return new Report(cases, results, messages, List.copyOf(failures));
	}

	/** An exception's class and the first line of its message. */
	private static String firstLine(Throwable e) {
		return e.getClass().getName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
	}

	private static String at(Throwable e) {
		return e.getStackTrace().length == 0 ? "" : " at " + e.getStackTrace()[0];
	}

	/** Runs one case's work: a result, or a clear one-line message; anything else propagates as a failure. */
	private String outcome(String description, Runnable work) {
		current = description;
		try {
			work.run();
			results++;
			return description + ": result";
		}
		catch (XaiException e) {
			String message = e.getMessage();
			if (message == null || message.isBlank() || message.contains("\n")) throw new AssertionError("unclear message: " + message, e);
			messages++;
			return description + ": " + message;
		}
	}

	// ---- corrupted SavedModels ----

	private String corruptedModel(int index) throws IOException {
		String name = CORRUPTIBLE.get(random.nextInt(CORRUPTIBLE.size()));
		Path folder = temp.resolve("model-" + index);
		copyFixture(name, folder);
		String damage = damage(name, folder);
		String description = "model " + name + " with " + damage;
		String result = outcome(description, () -> {
			try (ModelCache own = new ModelCache(); ModelCache.Lease lease = own.lease(folder, ModelOptions.DEFAULTS)) {
				LoadedModel model = lease.model();
				FloatBatch input = inputFor(model, 28, 28);
				Explainers.byName("saliency").explain(model, input, ExplainOptions.DEFAULTS, Progress.NONE);
				model.predict(input);
			}
		});
		deleteTree(folder);
		return result;
	}

	private String damage(String name, Path folder) throws IOException {
		Path pb = folder.resolve("saved_model.pb"), data = variablesData(folder), index = folder.resolve("variables/variables.index");
		switch (random.nextInt(9)) {
			case 0: return "saved_model.pb: " + flipBits(pb, 1 + random.nextInt(8));
			case 1: return "saved_model.pb: " + truncate(pb);
			case 2: return "saved_model.pb: " + overwrite(pb);
			case 3: return data == null ? "saved_model.pb emptied" + empty(pb) : "variables data: " + flipBits(data, 1 + random.nextInt(64));
			case 4: return data == null ? "saved_model.pb: " + truncate(pb) : "variables data: " + truncate(data);
			case 5: return Files.exists(index) ? "variables.index: " + (random.nextBoolean() ? flipBits(index, 1 + random.nextInt(8)) : truncate(index))
				: "saved_model.pb: " + flipBits(pb, 2);
			case 6: {
				String other = CORRUPTIBLE.get(random.nextInt(CORRUPTIBLE.size()));
				deleteTree(folder.resolve("variables"));
				copyFixture(other, temp.resolve("swap"));
				if (Files.exists(temp.resolve("swap/variables"))) Files.move(temp.resolve("swap/variables"), folder.resolve("variables"));
				deleteTree(temp.resolve("swap"));
				return "the variables of " + other;
			}
			case 7: {
				List<Path> files = files(folder);
				Path victim = files.get(random.nextInt(files.size()));
				Files.delete(victim);
				return folder.relativize(victim) + " deleted";
			}
			default: {
				byte[] noise = new byte[random.nextInt(4096)];
				random.nextBytes(noise);
				Files.write(pb, noise);
				return "saved_model.pb replaced by " + noise.length + " random bytes";
			}
		}
	}

	private static Path variablesData(Path folder) throws IOException {
		Path variables = folder.resolve("variables");
		if (!Files.isDirectory(variables)) return null;
		try (Stream<Path> files = Files.list(variables)) {
			return files.filter(f -> f.getFileName().toString().startsWith("variables.data")).findFirst().orElse(null);
		}
	}

	private String flipBits(Path file, int count) throws IOException {
		byte[] bytes = Files.readAllBytes(file);
		if (bytes.length == 0) return "empty";
		StringBuilder where = new StringBuilder(count + " bit(s) flipped at");
		for (int i = 0; i < count; i++) {
			int at = random.nextInt(bytes.length);
			bytes[at] ^= (byte) (1 << random.nextInt(8));
			where.append(' ').append(at);
		}
		Files.write(file, bytes);
		return where.toString();
	}

	private String truncate(Path file) throws IOException {
		byte[] bytes = Files.readAllBytes(file);
		int length = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
		Files.write(file, Arrays.copyOf(bytes, length));
		return "truncated to " + length + " of " + bytes.length + " bytes";
	}

	private String overwrite(Path file) throws IOException {
		byte[] bytes = Files.readAllBytes(file);
		int at = random.nextInt(Math.max(1, bytes.length)), length = Math.min(bytes.length - at, 1 + random.nextInt(64));
		byte[] noise = new byte[Math.max(0, length)];
		random.nextBytes(noise);
		System.arraycopy(noise, 0, bytes, at, noise.length);
		Files.write(file, bytes);
		return noise.length + " bytes overwritten at " + at;
	}

	private static String empty(Path file) throws IOException {
		Files.write(file, new byte[0]);
		return "";
	}

	/** Copies a fixture from bytes read once (the fixtures are small). */
	private void copyFixture(String name, Path target) throws IOException {
		Path source = MODELS.resolve(name);
		List<Path> files = files(source);
		byte[][] contents = fixtureFiles.computeIfAbsent(name, n -> files.stream().map(Fuzz::read).toArray(byte[][]::new));
		for (int i = 0; i < files.size(); i++) {
			Path file = target.resolve(source.relativize(files.get(i)).toString());
			Files.createDirectories(file.getParent());
			Files.write(file, contents[i]);
		}
	}

	private static byte[] read(Path file) {
		try {
			return Files.readAllBytes(file);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static List<Path> files(Path folder) throws IOException {
		try (Stream<Path> walk = Files.walk(folder)) {
			return walk.filter(Files::isRegularFile).filter(f -> !f.toString().contains("reference")).sorted().toList();
		}
	}

	private static void deleteTree(Path folder) throws IOException {
		if (!Files.exists(folder)) return;
		try (Stream<Path> walk = Files.walk(folder)) {
			for (Path path : walk.sorted((a, b) -> b.compareTo(a)).toList()) Files.delete(path);
		}
	}

	/** A random input of the model's shape (dynamic sizes: height × width). */
	private FloatBatch inputFor(LoadedModel model, int height, int width) {
		long[] shape = model.info().inputShape();
		int h = shape.length > 2 && shape[1] > 0 ? (int) shape[1] : height, w = shape.length > 2 && shape[2] > 0 ? (int) shape[2] : width;
		int c = shape.length == 4 && shape[3] > 0 ? (int) shape[3] : 1;
		if (shape.length == 2) {
			h = 1;
			w = shape[1] > 0 ? (int) shape[1] : 784;
		}
		float[] data = new float[2 * h * w * c];
		for (int i = 0; i < data.length; i++) data[i] = random.nextFloat();
		return new FloatBatch(2, h, w, c, data);
	}

	// ---- odd images through the engine ----

	private String oddImage() {
		ImagePlus image = image();
		String model = IMAGE_MODELS.get(random.nextInt(IMAGE_MODELS.size()));
		Explainer method = Explainers.all().get(random.nextInt(Explainers.all().size()));
		Map<String, String> values = methodValues(method);
		boolean resize = random.nextBoolean();
		Normalization normalization = Normalization.parse(pick("0-1", "none", "percentile", "mean-std"));
		String target = usually("predicted", "1", "99", "-1", "Trouser", "no such class");
		int batch = 1 + random.nextInt(40);
		String description = String.format("%s on %s (%s), %s, target %s, batch %d, resize %b, options %s", method.name(), describe(image), model,
			normalization, target, batch, resize, values);
		Snapshot before = new Snapshot(image);
		String result = outcome(description, () -> {
			ExplainImage.Settings settings = new ExplainImage.Settings(model.equals("reads_file") ? MODELS.resolve("untrusted/reads_file") : MODELS.resolve(model), ModelOptions.DEFAULTS, normalization, resize, random.nextBoolean() ? 0 : 0.5);
			ExplainOptions options = new ExplainOptions(Target.parse(target), ScoreKind.LOGIT, batch, random.nextBoolean(), new MethodSettings(values, Map.of()));
			ExplainImage.explain(image, settings, method, options, Map.of(), cache, Progress.NONE);
		});
		String change = before.changeIn(image);
		if (change != null) throw new AssertionError("the input image changed: " + change);
		return result;
	}

	/** Option values from each parameter's kind: mostly cheap valid ones, sometimes out of range or not a number. */
	private Map<String, String> methodValues(Explainer method) {
		Map<String, String> values = new HashMap<>();
		for (MethodParameter p : method.parameters()) {
			if (random.nextInt(3) == 0) continue;
			String value = switch (p.kind()) {
				case INTEGER -> usually(String.valueOf((int) Math.min(Double.parseDouble(p.defaultValue()), 4)), "2", "0", "-3", "abc", "1e3");
				case NUMBER -> usually(p.defaultValue(), String.valueOf(p.min()), String.valueOf(p.max()), "NaN", "-1", "1e30", "x");
				case CHOICE -> usually(p.choices().get(random.nextInt(p.choices().size())), "bogus");
				case LAYER_RULES -> usually("", "nonexistent=epsilon", "garbage", "conv2d=gamma");
				case IMAGE -> null;
				default -> usually("", "no_such_layer", "conv2d", "dense");
			};
			if (value != null && !value.isEmpty()) values.put(p.name(), value);
		}
		return values;
	}

	/** Mostly the first (valid) value; one time in five one of the others. */
	private String usually(String valid, String... others) {
		return random.nextInt(5) > 0 ? valid : pick(others);
	}

	private String pick(String... choices) {
		return choices[random.nextInt(choices.length)];
	}

	/** An image of a random ImageJ type, size, hyperstack shape and content. */
	private ImagePlus image() {
		if (random.nextInt(40) == 0) return new ImagePlus();
		int[] size = SIZES[random.nextInt(SIZES.length)];
		int type = random.nextInt(4);
		int channels = type == 3 ? 1 : pick(1, 1, 1, 1, 1, 2, 3, 4), slices = pick(1, 1, 2, 3), frames = pick(1, 1, 2);
		ImageStack stack = new ImageStack(size[0], size[1]);
		String fill = pick("random", "random", "zero", "constant", "nan", "inf", "all-nan");
		for (int i = 0; i < channels * slices * frames; i++) stack.addSlice("slice " + (i + 1), plane(type, size[0], size[1], fill));
		ImagePlus image = new ImagePlus("fuzz-" + fill + ".tif", stack);
		if (channels * slices * frames > 1) image.setDimensions(channels, slices, frames);
		if (random.nextBoolean()) image.getCalibration().pixelWidth = 0.25;
		return image;
	}

	private int pick(int... choices) {
		return choices[random.nextInt(choices.length)];
	}

	private ImageProcessor plane(int type, int width, int height, String fill) {
		int n = width * height;
		switch (type) {
			case 0: {
				byte[] pixels = new byte[n];
				if (!fill.equals("zero")) random.nextBytes(pixels);
				if (fill.equals("constant")) Arrays.fill(pixels, (byte) 255);
				return new ByteProcessor(width, height, pixels);
			}
			case 1: {
				short[] pixels = new short[n];
				for (int i = 0; i < n; i++) pixels[i] = (short) (fill.equals("zero") ? 0 : fill.equals("constant") ? 65535 : random.nextInt(65536));
				return new ShortProcessor(width, height, pixels, null);
			}
			case 2: {
				float[] pixels = new float[n];
				for (int i = 0; i < n; i++) {
					pixels[i] = switch (fill) {
						case "zero" -> 0;
						case "constant" -> 1e30f;
						case "nan" -> random.nextInt(7) == 0 ? Float.NaN : random.nextFloat();
						case "inf" -> random.nextInt(7) == 0 ? (random.nextBoolean() ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY) : random.nextFloat();
						case "all-nan" -> Float.NaN;
						default -> (float) random.nextGaussian() * 1000;
					};
				}
				return new FloatProcessor(width, height, pixels);
			}
			default: {
				int[] pixels = new int[n];
				for (int i = 0; i < n; i++) pixels[i] = fill.equals("zero") ? 0 : random.nextInt();
				return new ColorProcessor(width, height, pixels);
			}
		}
	}

	private static String describe(ImagePlus image) {
		return image.getProcessor() == null ? "an image without pixels"
			: image.getWidth() + "x" + image.getHeight() + " " + image.getBitDepth() + "-bit c" + image.getNChannels() + " z" + image.getNSlices() + " t" + image.getNFrames()
				+ " '" + image.getTitle() + "'";
	}

	/** Pixels, calibration and title of an image, to tell whether a run changed them. */
	private static final class Snapshot {
		private final List<Object> pixels = new ArrayList<>();
		private final String title, calibration;

		Snapshot(ImagePlus image) {
			title = image.getTitle();
			calibration = image.getCalibration().toString();
			if (image.getProcessor() != null) for (int i = 1; i <= image.getStackSize(); i++) pixels.add(copy(image.getStack().getPixels(i)));
		}

		String changeIn(ImagePlus image) {
			if (!title.equals(image.getTitle())) return "title " + title + " -> " + image.getTitle();
			if (!calibration.equals(image.getCalibration().toString())) return "calibration";
			for (int i = 0; i < pixels.size(); i++) {
				if (!Arrays.deepEquals(new Object[] { pixels.get(i) }, new Object[] { image.getStack().getPixels(i + 1) })) return "pixels of slice " + (i + 1);
			}
			return null;
		}

		private static Object copy(Object array) {
			if (array instanceof byte[] b) return b.clone();
			if (array instanceof short[] s) return s.clone();
			if (array instanceof float[] f) return f.clone();
			return ((int[]) array).clone();
		}
	}

	// ---- the command line ----

	private String commandLine(int index) throws IOException {
		Path dir = temp.resolve("cli-" + index);
		Files.createDirectories(dir);
		Path imageFile = dir.resolve("image.tif");
		ImagePlus image = image();
		String file;
		if (image.getProcessor() == null || random.nextInt(5) == 0) {
			byte[] junk = new byte[random.nextInt(2000)];
			random.nextBytes(junk);
			imageFile = dir.resolve(pick("image.tif", "image.png", "image.jpg"));
			Files.write(imageFile, junk);
			file = junk.length + " random bytes as " + imageFile.getFileName();
		}
		else {
			FileSaver saver = new FileSaver(image);
			if (!(image.getStackSize() > 1 ? saver.saveAsTiffStack(imageFile.toString()) : saver.saveAsTiff(imageFile.toString()))) {
				throw new IOException("cannot write " + imageFile);
			}
			file = describe(image) + " as a TIFF" + (random.nextInt(4) == 0 ? ", " + truncate(imageFile) : "");
		}
		List<String> args = new ArrayList<>();
		Explainer method = Explainers.all().get(random.nextInt(Explainers.all().size()));
		String command = random.nextInt(8) == 0 ? pick("info", "predict") : method.name();
		args.addAll(List.of(command, "--model", MODELS.resolve(CLI_MODELS.get(random.nextInt(CLI_MODELS.size()))).toString()));
		if (!command.equals("info")) args.addAll(List.of("--image", imageFile.toString()));
		if (!command.equals("info") && !command.equals("predict")) {
			args.addAll(List.of("--out", dir.resolve("out").toString()));
			methodValues(method).forEach((key, value) -> args.addAll(List.of("--" + key, value)));
		}
		if (random.nextBoolean()) args.add("--resize");
		if (random.nextInt(4) == 0) args.addAll(List.of("--batch", usually("7", "0", "1", "abc")));
		if (random.nextInt(4) == 0) args.addAll(List.of("--normalize", usually("percentile", "bogus", "none")));
		String description = "command line " + String.join(" ", args) + " on " + file;
		current = description;
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		int status = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args.toArray(new String[0]));
		deleteTree(dir);
		String stderr = err.toString(StandardCharsets.UTF_8).strip();
		if (status == 0) {
			results++;
			return description + ": result";
		}
		String first = stderr.lines().findFirst().orElse("");
		boolean clear = first.startsWith("ij-xai: ") && (status == 2 || !stderr.contains("\n")) && !stderr.contains("\tat ") && !first.contains("Exception");
		if ((status != 1 && status != 2) || !clear) throw new AssertionError("exit status " + status + " with stderr: " + stderr);
		messages++;
		return description + ": " + first;
	}
}
