package ijxai.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import javax.script.ScriptEngineFactory;
import javax.script.ScriptEngineManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;
import org.scijava.module.ModuleService;
import org.scijava.script.ScriptModule;
import org.scijava.script.ScriptService;

import ij.IJ;
import ij.ImagePlus;
import ijxai.fiji.XaiModules;

/**
 * scripts/Explain_Folder_Headless.groovy run as Fiji runs it (a SciJava ScriptService filling its
 * #@ parameters) writes, for every image of the folder, the maps the command line writes.
 */
class ExplainFolderScriptTest {

	private static final File SCRIPT = new File("scripts/Explain_Folder_Headless.groovy");
	private static final List<String> IMAGES = List.of("fashion-0000-ankle-boot", "fashion-0002-trouser", "fashion-0013-dress");

	private static Context context;
	private static ScriptService scripts;

	@TempDir
	Path temp;

	@BeforeAll
	static void startContext() {
		System.setProperty("java.awt.headless", "true");
		context = new Context(ScriptService.class, ModuleService.class, XaiModules.class, LogService.class, StatusService.class);
		scripts = context.service(ScriptService.class);
		// Fiji's Groovy comes from the scripting-groovy plugin, not on Maven Central; Groovy's own JSR-223 engine runs the same script
		ScriptEngineFactory groovy = new ScriptEngineManager().getEngineFactories().stream().filter(f -> f.getNames().contains("groovy")).findFirst()
			.orElseThrow(() -> new AssertionError("no Groovy script engine: org.apache.groovy:groovy-jsr223 (test scope) belongs in pom.xml"));
		scripts.getIndex().add(groovy, false);
	}

	@AfterAll
	static void stopContext() {
		context.dispose();
	}

	/** Saliency has no options of its own; SmoothGrad's (samples, noise, seed...) must take their defaults, not a dialog's last values. */
	@ParameterizedTest
	@ValueSource(strings = { "saliency", "smoothgrad" })
	void everyImageOfTheFolderGetsTheMapsOfTheCommandLine(String method) throws Exception {
		Path input = folderOfImages(method);
		Path scriptOut = temp.resolve("script-" + method), cliOut = temp.resolve("cli-" + method);
		assertEquals(3, explained(input, scriptOut, method));

		ByteArrayOutputStream log = new ByteArrayOutputStream();
		PrintStream sink = new PrintStream(log, true, StandardCharsets.UTF_8);
		int status = new Main(sink, sink).run(new String[] { method, "--model", "models/fashion_mnist_cnn", "--image", input.toString(), "--out", cliOut.toString() });
		assertEquals(0, status, log.toString(StandardCharsets.UTF_8));

		assertEquals(written(cliOut), written(scriptOut));
		for (String name : IMAGES) {
			ImagePlus fromScript = IJ.openImage(scriptOut.resolve(name + "_" + method + ".tif").toString());
			ImagePlus fromCli = IJ.openImage(cliOut.resolve(name + "_" + method + ".tif").toString());
			assertEquals(32, fromScript.getBitDepth(), name);
			assertEquals(28, fromScript.getWidth(), name);
			assertArrayEquals((float[]) fromCli.getProcessor().getPixels(), (float[]) fromScript.getProcessor().getPixels(), name);
		}
	}

	@Test
	void anUnknownMethodWritesNothing() throws Exception {
		Path output = temp.resolve("out");
		assertEquals(0, explained(folderOfImages("unknown"), output, "no-such-method"));
		assertEquals(List.of(), written(output));
	}

	private int explained(Path input, Path output, String method) throws Exception {
		ScriptModule module = scripts.run(SCRIPT, true, "input", input.toFile(), "model", new File("models/fashion_mnist_cnn"),
			"output", output.toFile(), "method", method).get();
		return (Integer) module.getOutput("explained");
	}

	/** Three test images and a file that is no image, which the script must pass over. */
	private Path folderOfImages(String label) throws Exception {
		Path folder = Files.createDirectories(temp.resolve("images-" + label));
		for (String name : IMAGES) Files.copy(Path.of("test-images", name + ".png"), folder.resolve(name + ".png"));
		Files.writeString(folder.resolve("notes.txt"), "not an image");
		return folder;
	}

	private static List<String> written(Path folder) throws Exception {
		if (!Files.isDirectory(folder)) return List.of();
		try (Stream<Path> files = Files.list(folder)) {
			return files.map(file -> file.getFileName().toString()).sorted().toList();
		}
	}
}
