package ijxai.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ColorProcessor;

/** An old TF1 classifier with constant lookup tables is explained without --trust-model, with the table's class names. */
class LookupTableModelTest {

	private static final String MODEL = "models/tf1_lookup_table";

	@TempDir
	Path temp;

	@Test
	void itIsExplainedUntrustedAndItsResultsNameTheTablesClasses() {
		Path image = patternImage(temp);
		BadInputTest.Run run = BadInputTest.cli("saliency", "--model", MODEL, "--image", image.toString(), "--out", temp.toString());
		assertEquals(0, run.status(), run.err());
		assertTrue(run.out().matches("(?s).*saliency · (cat|dog|bird|fish).*"), run.out());
		BadInputTest.Run info = BadInputTest.cli("info", "--model", MODEL);
		assertTrue(info.out().contains("\"classes\": [\"cat\", \"dog\", \"bird\", \"fish\"]"), info.out());
	}

	/** A 32×32 RGB image of a fixed pattern, pattern.tif in the folder: the size of the models of models/make_nested_models.py. */
	static Path patternImage(Path folder) {
		ColorProcessor pixels = new ColorProcessor(32, 32);
		for (int i = 0; i < 32 * 32; i++) pixels.set(i, (i * 37 % 256) << 16 | (i * 11 % 256) << 8 | i % 256);
		Path image = folder.resolve("pattern.tif");
		IJ.saveAsTiff(new ImagePlus("pattern", pixels), image.toString());
		return image;
	}

	@Test
	void aTableFilledFromAFileIsRefusedWithTheReason() {
		BadInputTest.Run run = BadInputTest.cli("info", "--model", "models/untrusted/table_from_file");
		assertEquals(1, run.status());
		assertTrue(run.err().contains("InitializeTableFromTextFileV2") && run.err().contains("fills a lookup table from a file"), run.err());
	}
}
