package ijxai.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;

/** A model that reads a file is refused by name on the command line; --trust-model runs it and the maps record the trust. */
class TrustModelTest {

	static final String READS_FILE = "models/untrusted/reads_file";

	@TempDir
	Path temp;

	@Test
	void aModelThatReadsAFileIsRefusedByOpAndLayer() {
		BadInputTest.Run run = BadInputTest.cli("saliency", "--model", READS_FILE, "--image", BadInputTest.IMAGE.toString(), "--out", temp.toString());
		assertEquals(1, run.status(), run.err());
		String message = run.err().strip();
		assertFalse(message.contains("\n"), "one line: " + message);
		assertTrue(message.contains("ReadFile in layer 'side_effect'") && message.contains("--trust-model"), message);
	}

	@Test
	void trustingTheModelRunsItAndIsRecorded() {
		BadInputTest.Run run = BadInputTest.cli("saliency", "--model", READS_FILE, "--image", BadInputTest.IMAGE.toString(), "--out", temp.toString(),
			"--trust-model");
		assertEquals(0, run.status(), run.err());
		ImagePlus maps = IJ.openImage(temp.resolve("fashion-0000-ankle-boot_saliency.tif").toString());
		String info = (String) maps.getProperty("Info");
		assertTrue(info.contains("trusted by the user") && info.contains("ReadFile"), info);
		BadInputTest.Run described = BadInputTest.cli("info", "--model", READS_FILE, "--trust-model");
		assertTrue(described.out().contains("trusted by the user"), described.out());
	}
}
