package ijxai.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;

/** A model with two outputs (models/two_heads: class probabilities and a per-pixel mask): info lists both, --output chooses. */
class SeveralOutputsTest {

	private static final String MODEL = "models/two_heads";
	private static final String DEFAULT_NOTE = "several outputs: 'class' explained (the first float output by name of [class, mask]); "
		+ "choose another with option 'output' (--output)";

	@TempDir
	Path temp;

	@Test
	void infoListsEveryOutputWithShapeAndActivationAndSaysWhichIsExplained() {
		BadInputTest.Run run = BadInputTest.cli("info", "--model", MODEL);
		assertEquals(0, run.status(), run.err());
		assertTrue(run.out().contains("{\"name\": \"class\", \"tensor\": ") && run.out().contains("\"shape\": [null, 4], \"activation\": \"softmax\""), run.out());
		assertTrue(run.out().contains("{\"name\": \"mask\", \"type\": \"float32\", \"shape\": [null, 32, 32, 1], \"activation\": \"sigmoid\", \"explained\": false}"), run.out());
		assertTrue(run.out().contains(DEFAULT_NOTE), run.out());
		BadInputTest.Run mask = BadInputTest.cli("info", "--model", MODEL, "--output", "mask");
		assertTrue(mask.out().contains("\"shape\": [null, 32, 32, 1], \"activation\": \"sigmoid\", \"per_pixel\": true, \"explained\": true}"), mask.out());
		assertTrue(!mask.out().contains("several outputs"), "no note when the user chose: " + mask.out());
	}

	@Test
	void theResultsSayWhichOutputWasExplained() {
		Path image = LookupTableModelTest.patternImage(temp);
		BadInputTest.Run run = BadInputTest.cli("saliency", "--model", MODEL, "--image", image.toString(), "--out", temp.toString());
		assertEquals(0, run.status(), run.err());
		ImagePlus maps = new ImagePlus(temp.resolve("pattern_saliency.tif").toString());
		String info = String.valueOf(maps.getProperty("Info"));
		assertTrue(info.contains("model: " + DEFAULT_NOTE), info);
	}
}
