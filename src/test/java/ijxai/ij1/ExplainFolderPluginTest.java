package ijxai.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ijxai.engine.Progress;
import ijxai.engine.XaiException;

/**
 * Explain folder reads a macro's text without a dialog (there is none without a display): the keys
 * of {@code run("Explain", ...)}, flags by their word, "output" as the results' folder and
 * "modeloutput" as the signature's output; a folder's images as the folder macro took them.
 */
class ExplainFolderPluginTest {

	private static final String FOLDERS = "input=[/data/scans raw 2024] output=[/data/maps] model=[/models/cnn] ";

	@Test
	void theMethodsOwnAndTheCommonOptionsByTheirMacroKeysTheRestTheirDefaults() {
		ExplainFolderPlugin.Request request = ExplainFolderPlugin.fromMacro(FOLDERS
			+ "method=integrated-gradients steps=128 blursigma=3 baseline=blur target=Trouser resize modeloutput=logits");
		assertEquals(Path.of("/data/scans raw 2024"), request.input());
		assertEquals(Path.of("/data/maps"), request.output());
		assertEquals(Path.of("/models/cnn"), request.model());
		assertEquals("integrated-gradients", request.method().name());
		assertEquals("128", request.texts().get("steps"));
		assertEquals("3", request.texts().get("blur-sigma"));
		assertEquals("blur", request.texts().get("baseline"));
		assertEquals("Trouser", request.texts().get("target"));
		assertEquals("true", request.texts().get("resize"));
		assertEquals("logits", request.texts().get("output"), "modeloutput is the signature's output; output is the folder");
		// not given: the declared defaults, as a macro gets them from ImageJ's dialogs; "raw" inside a [folder] is no flag
		assertEquals("false", request.texts().get("raw"));
		assertEquals("0-1", request.texts().get("normalize"));
		assertEquals("gauss-legendre", request.texts().get("integration"));
		assertEquals("false", request.texts().get("trust-model"));
		assertTrue(request.images().isEmpty());
	}

	@Test
	void aLayerOfDefaultIsTheMethodsOwnAndTheMethodIsSaliencyWhenNotGiven() {
		assertEquals("", ExplainFolderPlugin.fromMacro(FOLDERS + "method=gradcam layer=default").texts().get("layer"));
		assertEquals("conv2d_1", ExplainFolderPlugin.fromMacro(FOLDERS + "method=gradcam layer=conv2d_1").texts().get("layer"));
		assertEquals("saliency", ExplainFolderPlugin.fromMacro(FOLDERS).method().name());
	}

	@Test
	void aMissingFolderOrAnUnknownMethodIsNamed() {
		assertEquals("Explain folder needs output=[folder]",
			assertThrows(XaiException.class, () -> ExplainFolderPlugin.fromMacro("input=[/a] model=[/m]")).getMessage());
		assertTrue(assertThrows(XaiException.class, () -> ExplainFolderPlugin.fromMacro(FOLDERS + "method=nosuch")).getMessage()
			.contains("unknown method 'nosuch'"));
	}

	@Test
	void aBadOptionOfTheMethodIsOneErrorBeforeAnyImage(@TempDir Path output) {
		ExplainFolderPlugin.Request request = ExplainFolderPlugin.fromMacro("input=[test-images] output=[" + output + "] model=[/no/such/model] "
			+ "method=smoothgrad samples=0");
		// the model folder is not even looked at: the option is checked first
		assertEquals("smoothgrad option 'samples' must be between 1 and 100000, not 0",
			assertThrows(XaiException.class, () -> ExplainFolderPlugin.explain(request, Progress.NONE)).getMessage());
	}

	@Test
	void anImageOptionIsAnImageFile() {
		ExplainFolderPlugin.Request request = ExplainFolderPlugin.fromMacro(FOLDERS
			+ "method=integrated-gradients baseline=image baselineimage=[test-images/fashion-0002-trouser.png]");
		assertEquals(28, request.images().get("baseline-image").getWidth());
		assertTrue(assertThrows(XaiException.class, () -> ExplainFolderPlugin.fromMacro(FOLDERS + "method=integrated-gradients baselineimage=/no/such.png"))
			.getMessage().contains("/no/such.png"));
	}

	@Test
	void aFoldersImagesByNameWithoutSubfoldersAndOtherFiles(@TempDir Path folder) throws Exception {
		Files.createDirectories(folder.resolve("notes.tif"));
		for (String name : List.of("b.PNG", "a.tif", "c.dcm", "labels.csv", "README")) Files.writeString(folder.resolve(name), "");
		assertEquals(List.of("a.tif", "b.PNG", "c.dcm"), ExplainFolderPlugin.images(folder).stream().map(p -> p.getFileName().toString()).toList());
		assertEquals("input folder " + folder.resolve("none") + " does not exist",
			assertThrows(XaiException.class, () -> ExplainFolderPlugin.images(folder.resolve("none"))).getMessage());
	}
}
