package ijxai.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;

/** {@code sanity} writes the files and columns the issue names: one row per method and step, step 0 the original model. */
class SanityCommandLineTest {

	@TempDir
	Path temp;

	@Test
	void sanityCsvHasOneRowPerMethodAndStep() throws IOException {
		BadInputTest.Run run = BadInputTest.cli("sanity", "--model", "models/fashion_mnist_cnn", "--image", "test-images", "--out", temp.toString(),
			"--methods", "saliency,gradxinput", "--mode", "independent");
		assertEquals(0, run.status(), run.err());
		List<String> lines = Files.readAllLines(temp.resolve("sanity.csv"));
		assertEquals("method,step,layer,spearman_abs,spearman,ssim,hog", lines.get(0));
		List<String> layers = List.of("original", "dense_1", "dense", "conv2d_3", "batch_normalization_1", "conv2d_2", "conv2d_1", "batch_normalization", "conv2d");
		assertEquals(1 + 2 * layers.size(), lines.size());
		for (int m = 0; m < 2; m++) {
			for (int step = 0; step < layers.size(); step++) {
				String row = lines.get(1 + m * layers.size() + step);
				assertTrue(row.startsWith(List.of("saliency", "gradxinput").get(m) + "," + step + "," + layers.get(step) + ","), row);
				if (step == 0) assertTrue(row.endsWith(",1.00000,1.00000,1.00000,1.00000"), row);
			}
		}
		// six test images per method and step
		assertEquals(1 + 2 * layers.size() * 6, Files.readAllLines(temp.resolve("sanity_images.csv")).size());
		assertTrue(Files.size(temp.resolve("sanity.png")) > 0);
		ImagePlus montage = IJ.openImage(temp.resolve("sanity_montage.tif").toString());
		assertEquals(6, montage.getStackSize(), "one slice per image");
		assertTrue(montage.getWidth() > layers.size() * 28 && montage.getHeight() > 2 * 28, montage.getWidth() + "x" + montage.getHeight());
		assertTrue(run.out().contains(lines.get(1)), run.out());
	}
}
