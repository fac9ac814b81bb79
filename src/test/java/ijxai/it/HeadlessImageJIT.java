package ijxai.it;

import static ijxai.it.RealImageJIT.IMAGEJ_JAR;
import static ijxai.it.RealImageJIT.MODEL;
import static ijxai.it.RealImageJIT.PLUGINS;
import static ijxai.it.RealImageJIT.TEST_IMAGES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;

/**
 * The folder macro in a real ImageJ 1.x (Debian's ij.jar) on a machine without a display, as on a
 * compute server: no X server, {@code DISPLAY} unset, {@code java.awt.headless=true}, plain
 * {@code ij.ImageJ -batch}. The plugin reads, explains and saves the images itself; its files must
 * equal the command line's, pixel for pixel. Two cases run the {@code Explain folder} command
 * under Xvfb, where ImageJ has its menus: through a macro's {@code run()}, and from the menu with
 * its dialogs ({@link FolderDialogSession}).
 */
class HeadlessImageJIT {

	@BeforeAll
	static void installPlugin() throws IOException {
		RealImageJIT.installPlugin();
	}

	@Test
	void imageJsOwnOpenNeedsTheDisplayThatIsNotThere(@TempDir Path temp) throws Exception {
		// why the plugin reads the images itself: without a display ImageJ's open() dies building the menu bar
		Path macro = temp.resolve("open.ijm");
		Files.writeString(macro, "open(\"" + TEST_IMAGES.resolve("fashion-0000-ankle-boot.png") + "\");\nprint(\"opened \" + getTitle());\n");
		String log = RealImageJIT.output(withoutDisplay(List.of("-cp", IMAGEJ_JAR.toString(), "ij.ImageJ", "-batch", macro.toString()))).text();
		assertTrue(log.contains("java.awt.HeadlessException") && log.contains("ij.IJ.init"), log);
		assertFalse(log.contains("opened"), log);
	}

	@Test
	void folderMacroWithoutADisplayWritesTheCommandLinesMapsAndOverlays(@TempDir Path temp) throws Exception {
		Path input = temp.resolve("input"), macroOut = temp.resolve("macro"), cliOut = temp.resolve("cli");
		Files.createDirectories(input.resolve("notes"));
		for (String image : RealImageJIT.imageNames()) Files.copy(TEST_IMAGES.resolve(image + ".png"), input.resolve(image + ".png"));
		Files.writeString(input.resolve("labels.csv"), "a file that is not an image\n");
		// the jar on ImageJ's class path, as the README shows it for servers
		String log = RealImageJIT.run(withoutDisplay(List.of("-cp", IMAGEJ_JAR + ":target/ij-xai.jar", "ij.ImageJ", "-batch",
			Path.of("macros/Explain_Folder.ijm").toAbsolutePath().toString(),
			"input=" + input + " output=" + macroOut + " model=" + MODEL + " method=saliency overlay=0.5")));
		assertTrue(log.contains("Explained 6 of 6 images into " + macroOut + "/"), log);
		assertFalse(log.contains("Exception"), log);
		RealImageJIT.run(List.of("java", "-jar", "target/ij-xai.jar", "saliency", "--model", MODEL.toString(), "--image", input.toString(),
			"--out", cliOut.toString(), "--overlay", "0.5"));
		assertEquals(12, files(cliOut).size(), "the command line wrote a map and an overlay per image: " + files(cliOut));
		assertEquals(files(cliOut), files(macroOut), "the same file names");
		for (String file : files(cliOut)) assertSamePixels(cliOut.resolve(file), macroOut.resolve(file));
	}

	@Test
	void folderMacroWithoutADisplayFromTheInstalledPluginWritesAnAttacksImages(@TempDir Path temp) throws Exception {
		Path macroOut = temp.resolve("macro"), cliOut = temp.resolve("cli");
		// the plugin as a user installs it (ImageJ's plugins folder) and the attack's own options
		String log = RealImageJIT.run(withoutDisplay(List.of("-Dplugins.dir=" + PLUGINS.getParent(), "-cp", IMAGEJ_JAR.toString(), "ij.ImageJ",
			"-batch", Path.of("macros/Explain_Folder.ijm").toAbsolutePath().toString(),
			"input=" + TEST_IMAGES + " output=" + macroOut + " model=" + MODEL + " method=fgsm epsilon=16")));
		assertTrue(log.contains("Explained 6 of 6 images"), log);
		RealImageJIT.run(List.of("java", "-jar", "target/ij-xai.jar", "fgsm", "--model", MODEL.toString(), "--image", TEST_IMAGES.toString(),
			"--out", cliOut.toString(), "--epsilon", "16"));
		// the adversarial image is written where one survives storage at the image's bit depth
		assertTrue(files(cliOut).stream().anyMatch(file -> file.endsWith("_fgsm_adversarial.tif")), files(cliOut).toString());
		assertEquals(files(cliOut), files(macroOut), "the same file names");
		for (String file : files(cliOut)) assertSamePixels(cliOut.resolve(file), macroOut.resolve(file));
	}

	@Test
	void debiansLauncherRunsTheFolderMacroWithoutADisplay(@TempDir Path temp) throws Exception {
		// the launcher passes ImageJ's home with -ijpath, not plugins.dir; its exit status is 1 even after a good run
		ProcessBuilder launcher = new ProcessBuilder("imagej", "-b", Path.of("macros/Explain_Folder.ijm").toAbsolutePath().toString(),
			"input=" + TEST_IMAGES + " output=" + temp + " model=" + MODEL + " method=smoothgrad samples=8");
		launcher.environment().remove("DISPLAY");
		String log = RealImageJIT.output(launcher).text();
		assertTrue(log.contains("Explained 6 of 6 images"), log);
		for (String image : RealImageJIT.imageNames()) assertTrue(Files.isRegularFile(temp.resolve(image + "_smoothgrad.tif")), image + "\n" + log);
	}

	@Test
	void folderMacroWithoutADisplayLogsAMissingModelFolder(@TempDir Path temp) throws Exception {
		String log = RealImageJIT.run(withoutDisplay(List.of("-cp", IMAGEJ_JAR + ":target/ij-xai.jar", "ij.ImageJ", "-batch",
			Path.of("macros/Explain_Folder.ijm").toAbsolutePath().toString(), "input=" + TEST_IMAGES + " output=" + temp + " model=/no/such/model")));
		assertTrue(log.contains("ij-xai: Explain folder: model folder /no/such/model does not exist"), log);
		assertEquals(List.of(), files(temp), "nothing written");
	}

	@Test
	void explainFolderMenuCommandRunsFromAMacroWithADisplay(@TempDir Path temp) throws Exception {
		Path macro = temp.resolve("folder.ijm"), out = temp.resolve("out");
		Files.writeString(macro, "run(\"Explain folder\", \"input=[" + TEST_IMAGES + "] output=[" + out + "] model=[" + MODEL
			+ "] method=gradcam layer=conv2d_1\");\n");
		String log = RealImageJIT.imagejBatch(macro.toString(), "");
		assertTrue(log.contains("Explained 6 of 6 images"), log);
		assertEquals(6, files(out).size(), files(out).toString());
		String label = IJ.openImage(out.resolve("fashion-0002-trouser_gradcam.tif").toString()).getStack().getSliceLabel(1);
		assertTrue(label.startsWith("gradcam · Trouser") && label.endsWith("layer conv2d_1"), "the layer given reached Grad-CAM: " + label);
	}

	@Test
	void explainFolderFromTheMenuSavesTheCommandLinesMaps(@TempDir Path temp) throws Exception {
		Path menuOut = temp.resolve("menu"), cliOut = temp.resolve("cli");
		String log = RealImageJIT.run(List.of("xvfb-run", "-a", "java", "-Dplugins.dir=" + PLUGINS.getParent(), "-cp", IMAGEJ_JAR + ":target/test-classes",
			FolderDialogSession.class.getName(), TEST_IMAGES.toString(), menuOut.toString(), MODEL.toString(), "conv2d_1"));
		assertTrue(log.contains("Explained 6 of 6 images"), log);
		RealImageJIT.run(List.of("java", "-jar", "target/ij-xai.jar", "gradcam", "--model", MODEL.toString(), "--image", TEST_IMAGES.toString(),
			"--out", cliOut.toString(), "--layer", "conv2d_1"));
		assertEquals(files(cliOut), files(menuOut), "the same file names");
		for (String file : files(cliOut)) assertSamePixels(cliOut.resolve(file), menuOut.resolve(file));
	}

	/** A JVM as on a server: no DISPLAY, AWT headless. */
	private static ProcessBuilder withoutDisplay(List<String> arguments) {
		List<String> command = new ArrayList<>(List.of("java", "-Djava.awt.headless=true"));
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().remove("DISPLAY");
		builder.environment().remove("XAUTHORITY");
		return builder;
	}

	private static List<String> files(Path folder) throws IOException {
		if (!Files.isDirectory(folder)) return List.of();
		try (Stream<Path> files = Files.list(folder)) {
			return files.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	/** The same size, type, slices and pixels, to the bit. */
	private static void assertSamePixels(Path expected, Path actual) {
		ImagePlus wanted = IJ.openImage(expected.toString()), got = IJ.openImage(actual.toString());
		assertNotNull(got, actual + " is an image");
		String what = actual.getFileName().toString();
		assertEquals(wanted.getWidth() + "x" + wanted.getHeight() + "x" + wanted.getStackSize() + " " + wanted.getBitDepth() + "-bit",
			got.getWidth() + "x" + got.getHeight() + "x" + got.getStackSize() + " " + got.getBitDepth() + "-bit", what);
		for (int n = 1; n <= wanted.getStackSize(); n++) {
			Object want = wanted.getStack().getPixels(n), have = got.getStack().getPixels(n);
			if (want instanceof float[] floats) assertArrayEquals(floats, (float[]) have, what + " slice " + n);
			else if (want instanceof int[] rgb) assertArrayEquals(rgb, (int[]) have, what + " slice " + n);
			else if (want instanceof short[] shorts) assertArrayEquals(shorts, (short[]) have, what + " slice " + n);
			else assertArrayEquals((byte[]) want, (byte[]) have, what + " slice " + n);
			assertEquals(wanted.getStack().getSliceLabel(n), got.getStack().getSliceLabel(n), what + " slice " + n + " label");
		}
	}
}
