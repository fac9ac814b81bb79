package ijxai.engine.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import ijxai.engine.ConformanceTest;
import ijxai.engine.Npy;

/**
 * SSIM, HOG and Spearman's correlation equal skimage's and scipy's on two committed 30×26 maps
 * (models/make_sanity_references.py; skimage 0.26 in float64): a size that is no multiple of the HOG
 * cells, and exact ties.
 */
class MapSimilarityTest {

	static final Path FOLDER = ConformanceTest.MODELS.resolve("fashion_mnist_cnn/reference/sanity");
	private static final int HEIGHT = 30, WIDTH = 26;

	private static float[] map(String name) throws IOException {
		Npy npy = Npy.read(FOLDER.resolve(name));
		assertArrayEquals(new long[] { HEIGHT, WIDTH }, npy.shape, name);
		return npy.values;
	}

	/** A number of similarity.json. */
	static double json(String file, String key) throws IOException {
		Matcher m = Pattern.compile("\"" + key + "\":\\s*([-0-9.eE+]+)").matcher(Files.readString(FOLDER.resolve(file)));
		assertTrue(m.find(), key + " in " + file);
		return Double.parseDouble(m.group(1));
	}

	@Test
	void ssimEqualsSkimageWithQuantusDataRange() throws IOException {
		assertEquals(json("similarity.json", "ssim"), MapSimilarity.ssim(map("similarity_a.npy"), map("similarity_b.npy"), HEIGHT, WIDTH), 1e-9);
	}

	@Test
	void spearmanEqualsScipyWithTies() throws IOException {
		assertEquals(json("similarity.json", "spearman"), MapSimilarity.spearman(map("similarity_a.npy"), map("similarity_b.npy")), 1e-12);
	}

	@Test
	void hogFeaturesAndTheirCorrelationEqualSkimage() throws IOException {
		float[] a = map("similarity_a.npy"), b = map("similarity_b.npy");
		for (int[] cells : new int[][] { { 4, 3 }, { 5, 2 } }) {
			String name = cells[0] + "_" + cells[1];
			float[] expected = Npy.read(FOLDER.resolve("hog_a_" + name + ".npy")).values;
			double[] features = MapSimilarity.hog(a, HEIGHT, WIDTH, cells[0], cells[1]);
			assertEquals(expected.length, features.length, "feature count " + name);
			// stored as float32: one float's rounding
			for (int i = 0; i < expected.length; i++) assertEquals(expected[i], features[i], 1e-7, "HOG " + name + " feature " + i);
			assertEquals(json("similarity.json", "hog_" + name), MapSimilarity.hogCorrelation(a, b, HEIGHT, WIDTH, cells[0], cells[1]), 1e-9, name);
		}
	}

	/** Identity: a map is its own perfect match by every measure; a constant map has no rank correlation. */
	@Test
	void aMapComparedWithItselfScoresOneAndAConstantOneNaN() throws IOException {
		float[] a = map("similarity_a.npy");
		double[] all = SanityChecks.compare(a, a, HEIGHT, WIDTH, 4, 3);
		for (double value : all) assertEquals(1, value, 1e-12);
		assertTrue(Double.isNaN(MapSimilarity.spearman(a, new float[a.length])));
		String message = assertThrows(IllegalArgumentException.class, () -> MapSimilarity.hog(a, HEIGHT, WIDTH, 16, 2)).getMessage();
		assertTrue(message.contains("32 pixels"), message);
	}
}
