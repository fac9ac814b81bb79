package ijxai.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;

/**
 * The built plugin in a real ImageJ 1.x (Debian's {@code imagej} package), installed as a user
 * installs it: {@code ~/.imagej/plugins/ij_xai.jar} with its dependencies in
 * {@code ~/.imagej/plugins/jars/}. Runs after {@code mvn package} (failsafe), so it tests the
 * jar that ships. Every ImageJ runs in its own JVM under {@code xvfb-run}.
 */
class RealImageJIT {

	static final Path IMAGEJ_JAR = Path.of("/usr/share/java/ij.jar");
	static final Path PLUGINS = Path.of(System.getProperty("user.home"), ".imagej", "plugins");
	static final Path MODEL = Path.of("models/fashion_mnist_cnn").toAbsolutePath();
	static final Path TEST_IMAGES = Path.of("test-images").toAbsolutePath();
	static final Path ARTIFACTS = Path.of("target/imagej-artifacts");

	@BeforeAll
	static void installPlugin() throws IOException {
		assertTrue(Files.isRegularFile(IMAGEJ_JAR), "Debian's imagej package is needed (" + IMAGEJ_JAR + "): apt-get install imagej xvfb (.ci/run does)");
		Path layout = Path.of("target/ij-xai-plugin");
		assertTrue(Files.isRegularFile(layout.resolve("plugins/ij-xai.jar")), "run after mvn package: " + layout + " is missing");
		Files.createDirectories(PLUGINS.resolve("jars"));
		// ImageJ 1.x reads plugins.config only from jars with an underscore in their name
		Files.copy(layout.resolve("plugins/ij-xai.jar"), PLUGINS.resolve("ij_xai.jar"), StandardCopyOption.REPLACE_EXISTING);
		try (Stream<Path> jars = Files.list(layout.resolve("jars"))) {
			for (Path jar : jars.toList()) Files.copy(jar, PLUGINS.resolve("jars").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
		}
		Files.createDirectories(ARTIFACTS);
	}

	@Test
	void folderMacroWritesOneTiffPerImageEqualToTheCommandLine(@TempDir Path temp) throws Exception {
		Path input = temp.resolve("input"), macroOut = temp.resolve("macro"), cliOut = temp.resolve("cli");
		Files.createDirectories(input.resolve("notes"));
		for (String image : imageNames()) Files.copy(TEST_IMAGES.resolve(image + ".png"), input.resolve(image + ".png"));
		Files.writeString(input.resolve("labels.csv"), "a file that is not an image\n");
		String log = imagejBatch("macros/Explain_Folder.ijm", "input=" + input + " output=" + macroOut + " model=" + MODEL + " method=saliency");
		assertTrue(log.contains("Explained 6 of 6 images"), log);
		run(List.of("java", "-jar", "target/ij-xai.jar", "saliency", "--model", MODEL.toString(), "--image", TEST_IMAGES.toString(), "--out", cliOut.toString()));
		for (String image : imageNames()) {
			Path tiff = macroOut.resolve(image + "_saliency.tif");
			assertTrue(Files.isRegularFile(tiff), "the macro wrote " + tiff + "\n" + log);
			ImagePlus fromImageJ = IJ.openImage(tiff.toString()), fromCommandLine = IJ.openImage(cliOut.resolve(image + "_saliency.tif").toString());
			assertEquals(32, fromImageJ.getBitDepth(), image);
			assertEquals(28, fromImageJ.getWidth(), image);
			assertArrayEquals((float[]) fromCommandLine.getProcessor().getPixels(), (float[]) fromImageJ.getProcessor().getPixels(), image + ": ImageJ and the command line give the same map");
		}
	}

	@Test
	void folderMacroPassesMethodOptionsOn(@TempDir Path temp) throws Exception {
		String log = imagejBatch("macros/Explain_Folder.ijm", "input=" + TEST_IMAGES + " output=" + temp + " model=" + MODEL + " method=gradcam layer=conv2d_1");
		assertTrue(log.contains("Explained 6 of 6 images"), log);
		String label = IJ.openImage(temp.resolve("fashion-0002-trouser_gradcam.tif").toString()).getStack().getSliceLabel(1);
		assertTrue(label.startsWith("gradcam · Trouser") && label.endsWith("layer conv2d_1"), "the layer given to the macro reached Grad-CAM: " + label);
	}

	@Test
	void debiansLauncherRunsTheFolderMacro(@TempDir Path temp) throws Exception {
		// Debian's imagej script runs ImageJ with ~/.imagej as its home, where the plugin is installed
		// its exit status is the status of its own last line, 1 even after a good run: the log and the files tell
		String log = output(List.of("xvfb-run", "-a", "imagej", "-b", Path.of("macros/Explain_Folder.ijm").toAbsolutePath().toString(),
			"input=" + TEST_IMAGES + " output=" + temp + " model=" + MODEL + " method=smoothgrad samples=8")).text();
		assertTrue(log.contains("Explained 6 of 6 images"), log);
		for (String image : imageNames()) assertTrue(Files.isRegularFile(temp.resolve(image + "_smoothgrad.tif")), image + "\n" + log);
	}

	@Test
	void robustnessMacroWritesTheSameCurveAsTheCommandLine(@TempDir Path temp) throws Exception {
		Path labels = temp.resolve("labels.csv");
		List<String> lines = new ArrayList<>();
		for (String image : imageNames()) lines.add(image + ".png," + trueClass(image));
		Files.write(labels, lines);
		Path macroOut = temp.resolve("macro"), cliOut = temp.resolve("cli");
		String log = imagejBatch("macros/Robustness_Sweep.ijm", "input=" + TEST_IMAGES + " labels=" + labels + " model=" + MODEL + " output=" + macroOut
			+ " epsilons=0,8,32 attacks=fgsm,noise");
		assertTrue(Files.isRegularFile(macroOut.resolve("robustness.png")), log);
		run(List.of("java", "-jar", "target/ij-xai.jar", "sweep", "--model", MODEL.toString(), "--image", TEST_IMAGES.toString(), "--labels", labels.toString(),
			"--out", cliOut.toString(), "--epsilons", "0,8,32", "--attacks", "fgsm,noise"));
		List<String> curve = Files.readAllLines(macroOut.resolve("robustness.csv"));
		assertEquals(Files.readAllLines(cliOut.resolve("robustness.csv")), curve);
		assertEquals(7, curve.size(), "a header and one row per attack and epsilon: " + curve);
		assertEquals("fgsm,0.0,1.0000,6,6", curve.get(1), "every test image is classified right without attack");
		Files.copy(macroOut.resolve("robustness.png"), ARTIFACTS.resolve("robustness-macro.png"), StandardCopyOption.REPLACE_EXISTING);
	}

	@Test
	void compareMethodsOverAFolderAndCulpritLayersRunFromAMacro(@TempDir Path temp) throws Exception {
		Path attack = temp.resolve("attack"), dresses = Files.createDirectories(temp.resolve("dresses")), macro = temp.resolve("both.ijm");
		Files.copy(TEST_IMAGES.resolve("fashion-0013-dress.png"), dresses.resolve("fashion-0013-dress.png"));
		run(List.of("java", "-jar", "target/ij-xai.jar", "pgd", "--model", MODEL.toString(), "--image", TEST_IMAGES.resolve("fashion-0002-trouser.png").toString(),
			"--out", attack.toString(), "--epsilon", "24"));
		Files.writeString(macro, "run(\"Compare methods\", \"model=[" + MODEL + "] images=[" + TEST_IMAGES + "] methods=saliency,gradcam metrics=deletion steps=10\");\n"
			+ "print(\"evaluation rows: \" + Table.size(\"Evaluation\"));\n"
			+ "open(\"" + TEST_IMAGES.resolve("fashion-0002-trouser.png") + "\");\nclean = getTitle();\n"
			+ "open(\"" + attack.resolve("fashion-0002-trouser_pgd_adversarial.tif") + "\");\nselectImage(clean);\n"
			+ "run(\"Culprit layers\", \"model=[" + MODEL + "] adversarial=[fashion-0002-trouser_pgd_adversarial.tif] classfolder=[" + dresses + "]\");\n"
			+ "print(\"last layer flipped: \" + Table.getString(\"flipped\", Table.size(\"Culprit layers\") - 1, \"Culprit layers\"));\n");
		String log = imagejBatch(macro.toString(), "");
		// the folder's six images, two methods and the random baseline, deletion AOPC and AUC
		assertTrue(log.contains("evaluation rows: 6"), log);
		assertTrue(log.contains("last layer flipped: true"), log);
	}

	@Test
	void comparisonMacroMakesOneMontage(@TempDir Path temp) throws Exception {
		Path montage = temp.resolve("methods.png");
		String images = TEST_IMAGES.resolve("fashion-0000-ankle-boot.png") + "," + TEST_IMAGES.resolve("fashion-0002-trouser.png");
		String log = imagejBatch("macros/Compare_Methods.ijm", "images=" + images + " model=" + MODEL + " output=" + montage + " methods=saliency,gradcam,lrp scale=2");
		BufferedImage picture = ImageIO.read(montage.toFile());
		assertTrue(picture != null, "the macro wrote " + montage + "\n" + log);
		// two rows (images) of four tiles (the image and three methods), each 28 pixels at scale 2, with gaps
		assertTrue(picture.getWidth() >= 4 * 56 && picture.getHeight() >= 2 * 56, picture.getWidth() + "x" + picture.getHeight());
	}

	@Test
	void menuCommandResultWindowAndErrorMessageInTheImageJWindow() throws Exception {
		Path screenshot = ARTIFACTS.resolve("imagej-menu.png").toAbsolutePath(), error = ARTIFACTS.resolve("imagej-missing-model.png").toAbsolutePath(),
			dialog = ARTIFACTS.resolve("imagej-gradcam-dialog.png").toAbsolutePath();
		String output = run(List.of("xvfb-run", "-a", "-s", "-screen 0 1024x700x24", "java", "-Dplugins.dir=" + PLUGINS.getParent(),
			"-cp", IMAGEJ_JAR + ":target/test-classes", ImageJSession.class.getName(),
			TEST_IMAGES.resolve("fashion-0000-ankle-boot.png").toString(), MODEL.toString(), screenshot.toString(), error.toString(), dialog.toString()));
		Map<String, String> seen = reported(output);
		assertEquals("ijxai.ij1.ExplainPlugin(\"saliency\")", seen.get("menu-command"), output);
		assertTrue(seen.getOrDefault("result-window", "").startsWith("fashion-0000-ankle-boot-saliency"), output);
		assertEquals("28x28x1 32-bit", seen.get("result-size"), output);
		assertTrue(seen.getOrDefault("result-label", "").startsWith("saliency · Ankle boot"), output);
		assertTrue(seen.getOrDefault("error-text", "").contains("model folder /no/such/model does not exist"), output);
		assertEquals("true", seen.get("macro-ended"), "the macro that met the error ended: " + output);
		assertTrue(seen.getOrDefault("alive-after-error", "").startsWith("fashion-0000-ankle-boot-saliency"), "ImageJ still runs commands: " + output);
		assertTrue(seen.values().stream().anyMatch(items -> items.startsWith("predicted|T-shirt/top|Trouser|Pullover")),
			"the dialog's target list holds the remembered model's classes: " + output);
		assertTrue(seen.values().stream().anyMatch(items -> items.startsWith("default|conv2d|batch_normalization|re_lu|conv2d_1")),
			"the dialog's layer list holds the model's layers, spatial first: " + output);
		assertTrue(colours(screenshot) > 100, "the screenshot shows windows and a heatmap, not a blank screen");
		assertTrue(colours(error) > 100, "the error screenshot shows windows");
	}

	private static int colours(Path png) throws IOException {
		BufferedImage picture = ImageIO.read(png.toFile());
		Set<Integer> colours = new HashSet<>();
		for (int y = 0; y < picture.getHeight(); y += 2) for (int x = 0; x < picture.getWidth(); x += 2) colours.add(picture.getRGB(x, y));
		return colours.size();
	}

	private static Map<String, String> reported(String output) {
		Map<String, String> seen = new HashMap<>();
		for (String line : output.split("\n")) {
			int colon = line.indexOf(": ");
			if (colon > 0 && line.substring(0, colon).matches("[a-z0-9-]+")) seen.put(line.substring(0, colon), line.substring(colon + 2));
		}
		return seen;
	}

	/** Runs a macro file in ImageJ's batch mode (no windows), as {@code ImageJ -batch} does for users. */
	static String imagejBatch(String macro, String arguments) throws Exception {
		return run(List.of("xvfb-run", "-a", "java", "-Dplugins.dir=" + PLUGINS.getParent(), "-cp", IMAGEJ_JAR.toString(), "ij.ImageJ",
			"-batch", Path.of(macro).toAbsolutePath().toString(), arguments));
	}

	/** Runs a command that must succeed; returns what it printed. */
	static String run(List<String> command) throws Exception {
		return run(new ProcessBuilder(command));
	}

	/** Runs a process that must succeed; returns what it printed. */
	static String run(ProcessBuilder process) throws Exception {
		Ended ended = output(process);
		assertEquals(0, ended.status(), String.join(" ", process.command()) + "\n" + ended.text());
		return ended.text();
	}

	record Ended(int status, String text) {
	}

	/** What a command printed (stdout and stderr) and its exit status, once it ended. */
	private static Ended output(List<String> command) throws Exception {
		return output(new ProcessBuilder(command));
	}

	static Ended output(ProcessBuilder builder) throws Exception {
		builder.redirectErrorStream(true).environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
		Process process = builder.start();
		byte[] output = process.getInputStream().readAllBytes();
		assertTrue(process.waitFor(10, TimeUnit.MINUTES), "finished: " + builder.command());
		return new Ended(process.exitValue(), new String(output, StandardCharsets.UTF_8));
	}

	static List<String> imageNames() throws IOException {
		try (Stream<Path> files = Files.list(TEST_IMAGES)) {
			return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).map(n -> n.substring(0, n.length() - 4)).sorted().toList();
		}
	}

	/** The class in a test image's name: fashion-0000-ankle-boot → Ankle boot. */
	private static String trueClass(String image) {
		String words = image.replaceFirst("^fashion-\\d+-", "").replace('-', ' ');
		return Character.toUpperCase(words.charAt(0)) + words.substring(1);
	}
}
