package ijxai.engine.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import ijxai.engine.FloatBatch;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.method.InputCheck;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.Predictions;

/**
 * A set of images in a layer's feature space (by default the penultimate layer, the input of the
 * classifier): the nearest neighbours of a query and a principal component projection.
 *
 * @param layer the layer's Keras name
 * @param vectors one feature vector per image
 * @param predicted the class the model predicts for each image
 */
public record FeatureSpace(String layer, float[][] vectors, int[] predicted) {

	/** A neighbour: the image's index in the set and its Euclidean distance to the query. */
	public record Neighbour(int index, double distance) {}

	/**
	 * The projection on the first principal components.
	 *
	 * @param coordinates per image, its coordinate on each component
	 * @param variances the variance along each component, largest first
	 * @param totalVariance the sum of the variances of all feature dimensions
	 */
	public record Projection(double[][] coordinates, double[] variances, double totalVariance) {}

	/** The features of every image at {@code layerName} (empty: the penultimate layer), in batches with progress. */
	public static FeatureSpace of(LoadedModel model, FloatBatch images, String layerName, int batchSize, Progress progress) {
		ModelInfo info = model.info();
		InputCheck.check(info, images);
		ModelInfo.Layer layer = layerName.isEmpty() ? penultimate(info) : info.layer(layerName);
		float[][] vectors = new float[images.count()][];
		int[] predicted = new int[images.count()];
		for (int from = 0; from < images.count(); from += batchSize) {
			progress.checkCanceled();
			progress.report(from, images.count(), "features");
			int to = Math.min(images.count(), from + batchSize);
			FloatBatch chunk = images.slice(from, to);
			FloatBatch values = model.activations(chunk, layer.tensor());
			LoadedModel.Pass pass = model.predict(chunk);
			for (int n = 0; n < to - from; n++) {
				vectors[from + n] = Arrays.copyOfRange(values.data(), n * values.sampleSize(), (n + 1) * values.sampleSize());
				predicted[from + n] = Predictions.predictedClass(info, pass.logits(), n, to - from);
			}
		}
		progress.report(images.count(), images.count(), "features");
		return new FeatureSpace(layer.name(), vectors, predicted);
	}

	/**
	 * The layer before the output layer: going back from the last layer, past what only finishes the
	 * output (softmax, sigmoid, the logits, pass-through layers such as dropout).
	 */
	static ModelInfo.Layer penultimate(ModelInfo info) {
		List<ModelInfo.Layer> layers = info.layers();
		for (int i = layers.size() - 2; i >= 0; i--) {
			ModelInfo.Layer layer = layers.get(i);
			boolean finishesOutput = Set.of("Softmax", "Sigmoid", "Identity").contains(layer.op()) || layer.tensor().equals(info.logitsTensor());
			if (!finishesOutput) return layer;
		}
		throw new XaiException("the model in " + info.folder() + " has no layer before its output; name a layer");
	}

	public int dimension() {
		return vectors[0].length;
	}

	/** The {@code k} images nearest to {@code query} (Euclidean), nearest first; {@code exclude} (or −1) is left out. */
	public List<Neighbour> nearest(float[] query, int k, int exclude) {
		if (query.length != dimension()) throw new XaiException("the query has " + query.length + " features, the set " + dimension());
		List<Neighbour> all = new ArrayList<>();
		for (int i = 0; i < vectors.length; i++) {
			if (i == exclude) continue;
			double sum = 0;
			for (int d = 0; d < query.length; d++) {
				double diff = vectors[i][d] - query[d];
				sum += diff * diff;
			}
			all.add(new Neighbour(i, Math.sqrt(sum)));
		}
		all.sort(Comparator.comparingDouble(Neighbour::distance).thenComparingInt(Neighbour::index));
		return all.subList(0, Math.min(k, all.size()));
	}

	/**
	 * The first {@code components} principal components by orthogonal (subspace) iteration on the
	 * centred features: cheap for thousands of images of thousands of features, where a full
	 * eigendecomposition of the covariance would not be.
	 */
	public Projection principalComponents(int components) {
		int count = vectors.length, dimension = dimension();
		components = Math.min(components, Math.min(count, dimension));
		double[] mean = new double[dimension];
		for (float[] v : vectors) for (int d = 0; d < dimension; d++) mean[d] += v[d] / (double) count;
		double[][] centred = new double[count][dimension];
		double total = 0;
		for (int i = 0; i < count; i++) {
			for (int d = 0; d < dimension; d++) {
				centred[i][d] = vectors[i][d] - mean[d];
				total += centred[i][d] * centred[i][d];
			}
		}
		double[][] basis = new double[components][dimension];
		Random random = new Random(0);
		for (double[] b : basis) for (int d = 0; d < dimension; d++) b[d] = random.nextGaussian();
		orthonormalize(basis);
		for (int iteration = 0; iteration < 500; iteration++) {
			double[][] next = new double[components][dimension];
			for (double[] row : centred) {
				for (int c = 0; c < components; c++) {
					double projection = 0;
					for (int d = 0; d < dimension; d++) projection += row[d] * basis[c][d];
					for (int d = 0; d < dimension; d++) next[c][d] += projection * row[d];
				}
			}
			orthonormalize(next);
			double change = 0;
			for (int c = 0; c < components; c++) {
				double dot = 0;
				for (int d = 0; d < dimension; d++) dot += next[c][d] * basis[c][d];
				change = Math.max(change, 1 - Math.abs(dot));
			}
			basis = next;
			if (change < 1e-12) break;
		}
		double[][] coordinates = new double[count][components];
		double[] variances = new double[components];
		for (int i = 0; i < count; i++) {
			for (int c = 0; c < components; c++) {
				double projection = 0;
				for (int d = 0; d < dimension; d++) projection += centred[i][d] * basis[c][d];
				coordinates[i][c] = projection;
				variances[c] += projection * projection / Math.max(1, count - 1);
			}
		}
		Integer[] order = IntStream.range(0, components).boxed().sorted((a, b) -> Double.compare(variances[b], variances[a])).toArray(Integer[]::new);
		double[][] sorted = new double[count][components];
		double[] sortedVariances = new double[components];
		for (int c = 0; c < components; c++) {
			sortedVariances[c] = variances[order[c]];
			for (int i = 0; i < count; i++) sorted[i][c] = coordinates[i][order[c]];
		}
		return new Projection(sorted, sortedVariances, total / Math.max(1, count - 1));
	}

	/** Gram–Schmidt on the rows. */
	private static void orthonormalize(double[][] rows) {
		for (int c = 0; c < rows.length; c++) {
			for (int p = 0; p < c; p++) {
				double dot = 0;
				for (int d = 0; d < rows[c].length; d++) dot += rows[c][d] * rows[p][d];
				for (int d = 0; d < rows[c].length; d++) rows[c][d] -= dot * rows[p][d];
			}
			double norm = 0;
			for (double v : rows[c]) norm += v * v;
			norm = Math.sqrt(norm);
			if (norm > 0) for (int d = 0; d < rows[c].length; d++) rows[c][d] /= norm;
		}
	}

	/** Each image's colour from its first three principal coordinates, each scaled to 0..255 over the set. */
	public static int[][] colours(Projection projection) {
		int count = projection.coordinates().length, components = projection.variances().length;
		int[][] rgb = new int[count][3];
		for (int c = 0; c < Math.min(3, components); c++) {
			double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
			for (double[] row : projection.coordinates()) {
				min = Math.min(min, row[c]);
				max = Math.max(max, row[c]);
			}
			for (int i = 0; i < count; i++) rgb[i][c] = max > min ? (int) Math.round(255 * (projection.coordinates()[i][c] - min) / (max - min)) : 128;
		}
		return rgb;
	}
}
