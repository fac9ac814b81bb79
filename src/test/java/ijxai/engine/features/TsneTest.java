package ijxai.engine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import ijxai.engine.Progress;
import ijxai.engine.XaiException;

/**
 * t-SNE on three Gaussian blobs in 10-D (models/make_tsne_references.py) against scikit-learn 1.9.1
 * on the same points: the clusters come apart, and the KL divergence and trustworthiness are as
 * good as scikit-learn's (within 10% and 0.01; t-SNE's optimum is local, so not to the digit).
 */
class TsneTest {

	private static final Path BLOBS = Path.of("models/tsne/blobs.csv"), SKLEARN = Path.of("models/tsne/sklearn.json");

	@Test
	void exactTsneSeparatesTheBlobsAsWellAsScikitLearn() throws IOException {
		check(new Tsne.Settings(20, 1000, 0, 0), "exact");
	}

	@Test
	void barnesHutTsneSeparatesTheBlobsAsWellAsScikitLearn() throws IOException {
		check(new Tsne.Settings(20, 1000, 0.5, 0), "barnes_hut");
	}

	@Test
	void eachRowsAffinitiesHaveThePerplexityAsked() {
		double[] distances = { 0.5, 1, 2, 3, 5, 8, 13, 21, 34, 55 };
		double[] p = Tsne.Affinities.calibrated(distances, 4);
		double entropy = 0;
		for (double v : p) if (v > 0) entropy -= v * Math.log(v);
		assertEquals(Math.log(4), entropy, 1e-4);
		assertEquals(1, Arrays.stream(p).sum(), 1e-12);
	}

	@Test
	void aPerplexityAsLargeAsTheSetIsRefused() {
		FeatureSpace space = new FeatureSpace("dense", new float[][] { { 0 }, { 1 }, { 2 }, { 3 } }, new int[4]);
		String message = assertThrows(XaiException.class, () -> Tsne.embed(space, new Tsne.Settings(30, 1000, 0, 0), Progress.NONE)).getMessage();
		assertTrue(message.contains("smaller than the number of images (4)"), message);
		assertThrows(XaiException.class, () -> new Tsne.Settings(30, 100, 0, 0));
	}

	private static void check(Tsne.Settings settings, String method) throws IOException {
		List<String> lines = Files.readAllLines(BLOBS);
		float[][] vectors = new float[lines.size()][];
		int[] labels = new int[lines.size()];
		for (int i = 0; i < lines.size(); i++) {
			double[] row = Arrays.stream(lines.get(i).split(",")).mapToDouble(Double::parseDouble).toArray();
			labels[i] = (int) row[0];
			vectors[i] = new float[row.length - 1];
			for (int d = 1; d < row.length; d++) vectors[i][d - 1] = (float) row[d];
		}
		Tsne.Embedding embedding = Tsne.embed(new FeatureSpace("blobs", vectors, labels), settings, Progress.NONE);
		String reference = Files.readString(SKLEARN);
		double kl = reference(reference, method, "kl_divergence"), trust = reference(reference, method, "trustworthiness");
		assertTrue(embedding.klDivergence() > 0 && embedding.klDivergence() <= 1.10 * kl, method + ": KL " + embedding.klDivergence() + ", scikit-learn's " + kl);
		double ours = trustworthiness(vectors, embedding.coordinates(), 5);
		assertTrue(ours >= trust - 0.01, method + ": trustworthiness " + ours + ", scikit-learn's " + trust);
		int agreeing = 0, total = 0;
		for (int i = 0; i < vectors.length; i++) {
			for (int j : nearest(embedding.coordinates(), i, 5)) {
				total++;
				if (labels[j] == labels[i]) agreeing++;
			}
		}
		assertTrue(agreeing >= 0.99 * total, method + ": " + agreeing + " of " + total + " embedded neighbours from the same blob");
	}

	private static double reference(String json, String method, String key) {
		Matcher matcher = Pattern.compile("\"" + method + "\":\\s*\\{[^}]*\"" + key + "\":\\s*([0-9.eE+-]+)").matcher(json);
		assertTrue(matcher.find(), key + " of " + method + " in " + SKLEARN);
		return Double.parseDouble(matcher.group(1));
	}

	/** scikit-learn's trustworthiness: 1 − 2 / (n k (2n − 3k − 1)) Σᵢ Σ_{j ∈ embedded kNN(i)} max(0, rank of j among i's original neighbours − k). */
	private static double trustworthiness(float[][] original, double[][] embedded, int k) {
		int n = original.length;
		double[][] features = new double[n][];
		for (int i = 0; i < n; i++) features[i] = new double[original[i].length];
		for (int i = 0; i < n; i++) for (int d = 0; d < original[i].length; d++) features[i][d] = original[i][d];
		double penalty = 0;
		for (int i = 0; i < n; i++) {
			int[] ranking = nearest(features, i, n - 1);
			int[] rank = new int[n];
			for (int r = 0; r < ranking.length; r++) rank[ranking[r]] = r + 1;
			for (int j : nearest(embedded, i, k)) penalty += Math.max(0, rank[j] - k);
		}
		return 1 - 2.0 / (n * k * (2.0 * n - 3.0 * k - 1)) * penalty;
	}

	private static int[] nearest(double[][] points, int i, int k) {
		return java.util.stream.IntStream.range(0, points.length).filter(j -> j != i).boxed()
			.sorted((a, b) -> Double.compare(distance(points[i], points[a]), distance(points[i], points[b]))).limit(k).mapToInt(Integer::intValue).toArray();
	}

	private static double distance(double[] a, double[] b) {
		double sum = 0;
		for (int d = 0; d < a.length; d++) sum += (a[d] - b[d]) * (a[d] - b[d]);
		return sum;
	}
}
