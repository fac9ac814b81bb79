package ijxai.it;

import static ijxai.it.RealImageJIT.IMAGEJ_JAR;
import static ijxai.it.RealImageJIT.MODEL;
import static ijxai.it.RealImageJIT.PLUGINS;
import static ijxai.it.RealImageJIT.TEST_IMAGES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;

/**
 * A Fiji with the CSBDeep update site, in a real ImageJ 1.x: TensorFlow Java 1.15's jars
 * (libtensorflow-1.15.0.jar, libtensorflow_jni-1.15.0.jar, from Maven Central) on the class path
 * ahead of everything, as Fiji's launcher puts Fiji.app/jars there, and ij-xai with its TensorFlow
 * Java 1.1.0 installed as a plugin. A CSBDeep-style TensorFlow 1.15 session runs before and after
 * ij-xai explains a folder in the same JVM; both give their right numbers (ij-xai's maps equal
 * the command line's, which runs without TensorFlow 1.15).
 */
class TensorFlowBesideCsbDeepIT {

	private static final Path TENSORFLOW_1_15 = Path.of("target/tensorflow-1.15");
	private static final String SESSION_RESULT = "TensorFlow 1.15.0 session: corner 4.0, centre 9.0";

	@BeforeAll
	static void installPlugin() throws IOException {
		RealImageJIT.installPlugin();
	}

	@Test
	void aCsbDeepSessionAndAnExplanationRunInOneImageJWithoutADisplay(@TempDir Path temp) throws Exception {
		Path out = temp.resolve("macro"), cliOut = temp.resolve("cli"), macro = temp.resolve("both.ijm");
		Files.writeString(macro, "print(call(\"CsbDeepStyleSession.run\"));\n"
			+ "print(call(\"ijxai.ij1.ExplainFolderPlugin.explainFolder\", \"input=[" + TEST_IMAGES + "] output=[" + out + "] model=[" + MODEL + "] method=saliency\"));\n"
			+ "print(call(\"CsbDeepStyleSession.run\"));\n");
		List<String> command = new ArrayList<>(List.of("java", "-Djava.awt.headless=true", "-Dplugins.dir=" + PLUGINS.getParent(), "-cp", classPath(temp),
			"ij.ImageJ", "-batch", macro.toString()));
		ProcessBuilder imagej = new ProcessBuilder(command);
		imagej.environment().remove("DISPLAY");
		String log = RealImageJIT.run(imagej);
		assertEquals(2, log.split(SESSION_RESULT, -1).length - 1, "TensorFlow 1.15 computed right before and after ij-xai:\n" + log);
		assertTrue(log.contains("Explained 6 of 6 images"), log);
		assertFalse(log.contains("clashes"), log);
		assertTrue(log.contains("libtensorflow-1.15.0.jar supplies org.tensorflow.* first here; ij-xai runs its own TensorFlow Java 1.1.0"), log);
		RealImageJIT.run(List.of("java", "-jar", "target/ij-xai.jar", "saliency", "--model", MODEL.toString(), "--image", TEST_IMAGES.toString(),
			"--out", cliOut.toString()));
		for (String image : RealImageJIT.imageNames()) {
			ImagePlus there = IJ.openImage(out.resolve(image + "_saliency.tif").toString()), alone = IJ.openImage(cliOut.resolve(image + "_saliency.tif").toString());
			assertArrayEquals((float[]) alone.getProcessor().getPixels(), (float[]) there.getProcessor().getPixels(), image);
		}
	}

	@Test
	void theMenuCommandExplainsAnOpenImageBesideTensorFlow115(@TempDir Path temp) throws Exception {
		Path macro = temp.resolve("menu.ijm"), saved = temp.resolve("gradcam.tif");
		Files.writeString(macro, "print(call(\"CsbDeepStyleSession.run\"));\n"
			+ "open(\"" + TEST_IMAGES.resolve("fashion-0002-trouser.png") + "\");\n"
			+ "run(\"Grad-CAM\", \"model=[" + MODEL + "] layer=conv2d_1\");\n"
			+ "saveAs(\"Tiff\", \"" + saved + "\");\n"
			+ "print(call(\"CsbDeepStyleSession.run\"));\n");
		String log = RealImageJIT.run(List.of("xvfb-run", "-a", "java", "-Dplugins.dir=" + PLUGINS.getParent(), "-cp", classPath(temp), "ij.ImageJ",
			"-batch", macro.toString()));
		assertEquals(2, log.split(SESSION_RESULT, -1).length - 1, log);
		Path cliOut = temp.resolve("cli");
		RealImageJIT.run(List.of("java", "-jar", "target/ij-xai.jar", "gradcam", "--model", MODEL.toString(), "--image",
			TEST_IMAGES.resolve("fashion-0002-trouser.png").toString(), "--out", cliOut.toString(), "--layer", "conv2d_1"));
		ImagePlus menu = IJ.openImage(saved.toString()), alone = IJ.openImage(cliOut.resolve("fashion-0002-trouser_gradcam.tif").toString());
		assertEquals(alone.getStack().getSliceLabel(1), menu.getStack().getSliceLabel(1));
		assertArrayEquals((float[]) alone.getProcessor().getPixels(), (float[]) menu.getProcessor().getPixels(), "the menu's Grad-CAM equals the command line's");
	}

	@Test
	void fijisCommandLayerRunsAModuleAndACommandBesideTensorFlow115(@TempDir Path temp) throws Exception {
		Path image = TEST_IMAGES.resolve("fashion-0013-dress.png"), saved = temp.resolve("saliency.tif"), cliOut = temp.resolve("cli");
		// as Fiji's launcher does: every jar on the class path, TensorFlow 1.15 first
		String log = RealImageJIT.run(List.of("java", "-cp", classPath(temp) + ":target/ij-xai.jar:target/test-classes", FijiBesideTensorFlow115.class.getName(),
			image.toString(), MODEL.toString(), saved.toString()));
		assertEquals(2, log.split(SESSION_RESULT, -1).length - 1, log);
		assertTrue(log.contains("model info: 10 classes"), log);
		RealImageJIT.run(List.of("java", "-jar", "target/ij-xai.jar", "saliency", "--model", MODEL.toString(), "--image", image.toString(),
			"--out", cliOut.toString()));
		ImagePlus fiji = IJ.openImage(saved.toString()), alone = IJ.openImage(cliOut.resolve("fashion-0013-dress_saliency.tif").toString());
		assertTrue(log.contains("saliency: " + alone.getStack().getSliceLabel(1)), log);
		assertArrayEquals((float[]) alone.getProcessor().getPixels(), (float[]) fiji.getProcessor().getPixels(), "Fiji's saliency map equals the command line's");
	}

	/** ImageJ, TensorFlow 1.15 and the CSBDeep-style class compiled against it, in that order, as Fiji's launcher lists Fiji.app/jars. */
	private static String classPath(Path temp) throws IOException {
		Path api = TENSORFLOW_1_15.resolve("libtensorflow-1.15.0.jar"), natives = TENSORFLOW_1_15.resolve("libtensorflow_jni-1.15.0.jar");
		assertTrue(Files.isRegularFile(api) && Files.isRegularFile(natives), "mvn verify copies TensorFlow Java 1.15 into " + TENSORFLOW_1_15);
		Path classes = temp.resolve("csbdeep");
		Files.createDirectories(classes);
		Path source = Path.of("src/test/resources/tensorflow-1.15/CsbDeepStyleSession.java");
		int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp", api.toString(), "-d", classes.toString(), source.toString());
		assertEquals(0, status, "compiled " + source + " against " + api);
		return String.join(":", IMAGEJ_JAR.toString(), api.toAbsolutePath().toString(), natives.toAbsolutePath().toString(), classes.toString());
	}
}
