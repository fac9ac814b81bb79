package ijxai.engine.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import ijxai.engine.Progress;
import ijxai.engine.XaiException;

/**
 * t-SNE (van der Maaten and Hinton 2008) of a feature space into two dimensions, as scikit-learn
 * computes it: perplexity-calibrated affinities, PCA initialization, early exaggeration 12 for the
 * first 250 iterations (momentum 0.5, then 0.8), gains, and the learning rate max(N / 12 / 4, 50).
 * Exact gradients for small sets, Barnes–Hut (van der Maaten 2014: affinities over the 3·perplexity
 * nearest neighbours, a quadtree with accuracy θ) for large ones. No library on Maven Central
 * does this without bringing a GPL licence or a second linear-algebra stack.
 */
public final class Tsne {

	/** Above this many images the exact method's N² memory and time are not worth it. */
	public static final int EXACT_LIMIT = 2000;
	private static final int EXAGGERATION_ITERATIONS = 250;
	private static final double EXAGGERATION = 12, MIN_GAIN = 0.01, MACHINE_EPSILON = Math.ulp(1.0);

	/**
	 * @param perplexity the effective number of neighbours each image's affinities reach
	 * @param iterations gradient steps, the 250 exaggerated ones included
	 * @param theta Barnes–Hut accuracy (0.5 as scikit-learn); 0: exact
	 * @param seed for the tiny jitter that separates identical feature vectors
	 */
	public record Settings(double perplexity, int iterations, double theta, long seed) {
		public Settings {
			if (!(perplexity > 0)) throw new XaiException("t-SNE perplexity must be positive, not " + perplexity);
			if (iterations < EXAGGERATION_ITERATIONS) throw new XaiException("t-SNE needs at least " + EXAGGERATION_ITERATIONS + " iterations, not " + iterations);
			if (!(theta >= 0 && theta < 1)) throw new XaiException("t-SNE's Barnes–Hut theta must be in [0, 1), not " + theta);
		}

		/** Exact below {@link #EXACT_LIMIT} images, Barnes–Hut (θ 0.5) above. */
		public static Settings automatic(double perplexity, int iterations, long seed, int count) {
			return new Settings(perplexity, iterations, count <= EXACT_LIMIT ? 0 : 0.5, seed);
		}
	}

	/** Two coordinates per image, and the Kullback–Leibler divergence of the embedding's affinities from the features'. */
	public record Embedding(double[][] coordinates, double klDivergence, String method) {}

	private Tsne() {}

	public static Embedding embed(FeatureSpace space, Settings settings, Progress progress) {
		int count = space.vectors().length;
		if (count < 3) throw new XaiException("t-SNE needs at least 3 images, not " + count);
		if (settings.perplexity() >= count) {
			double perplexity = settings.perplexity();
			String shown = perplexity == Math.rint(perplexity) ? String.valueOf((long) perplexity) : String.valueOf(perplexity);
			throw new XaiException("t-SNE perplexity " + shown + " must be smaller than the number of images (" + count + ")");
		}
		boolean exact = settings.theta() == 0;
		Affinities p = exact ? Affinities.exact(space.vectors(), settings.perplexity()) : Affinities.nearest(space.vectors(), settings.perplexity());
		double[][] y = initial(space, settings.seed());
		double learningRate = Math.max(count / EXAGGERATION / 4, 50);
		double[][] update = new double[count][2], gains = new double[count][2];
		for (double[] g : gains) Arrays.fill(g, 1);
		double[][] gradient = new double[count][2];
		for (int iteration = 0; iteration < settings.iterations(); iteration++) {
			if (iteration % 10 == 0) {
				progress.checkCanceled();
				progress.report(iteration, settings.iterations(), "t-SNE");
			}
			boolean exaggerated = iteration < EXAGGERATION_ITERATIONS;
			double exaggeration = exaggerated ? EXAGGERATION : 1, momentum = exaggerated ? 0.5 : 0.8;
			if (exact) exactGradient(p, y, exaggeration, gradient);
			else barnesHutGradient(p, y, exaggeration, settings.theta(), gradient);
			double norm = 0;
			for (int i = 0; i < count; i++) {
				for (int d = 0; d < 2; d++) {
					boolean sameDirection = update[i][d] * gradient[i][d] > 0;
					gains[i][d] = Math.max(MIN_GAIN, sameDirection ? gains[i][d] * 0.8 : gains[i][d] + 0.2);
					update[i][d] = momentum * update[i][d] - learningRate * gains[i][d] * gradient[i][d];
					y[i][d] += update[i][d];
					norm += gradient[i][d] * gradient[i][d];
				}
			}
			if (!exaggerated && Math.sqrt(norm) < 1e-7) break;
		}
		progress.report(settings.iterations(), settings.iterations(), "t-SNE");
		return new Embedding(y, klDivergence(p, y), exact ? "exact" : String.format(Locale.ROOT, "Barnes–Hut θ %.2g", settings.theta()));
	}

	/** The first two principal components, scaled so the first has standard deviation 1e-4, as scikit-learn's init="pca". */
	private static double[][] initial(FeatureSpace space, long seed) {
		double[][] pca = space.principalComponents(2).coordinates();
		int count = pca.length;
		double mean = Arrays.stream(pca).mapToDouble(row -> row[0]).average().orElse(0), variance = 0;
		for (double[] row : pca) variance += (row[0] - mean) * (row[0] - mean) / count;
		double scale = variance > 0 ? 1e-4 / Math.sqrt(variance) : 1;
		Random jitter = new Random(seed);
		double[][] y = new double[count][2];
		for (int i = 0; i < count; i++) {
			for (int d = 0; d < 2; d++) y[i][d] = (d < pca[i].length ? pca[i][d] * scale : 0) + 1e-8 * jitter.nextGaussian();
		}
		return y;
	}

	/** Σⱼ 4 (pᵢⱼ − qᵢⱼ) (1 + |yᵢ − yⱼ|²)⁻¹ (yᵢ − yⱼ) for every i. */
	private static void exactGradient(Affinities p, double[][] y, double exaggeration, double[][] gradient) {
		int count = y.length;
		double[][] kernel = new double[count][count];
		double z = 0;
		for (int i = 0; i < count; i++) {
			for (int j = i + 1; j < count; j++) {
				double dx = y[i][0] - y[j][0], dy = y[i][1] - y[j][1];
				double q = 1 / (1 + dx * dx + dy * dy);
				kernel[i][j] = kernel[j][i] = q;
				z += 2 * q;
			}
		}
		for (int i = 0; i < count; i++) {
			double gx = 0, gy = 0;
			for (int j = 0; j < count; j++) {
				if (i == j) continue;
				double q = Math.max(kernel[i][j] / z, MACHINE_EPSILON);
				double factor = (exaggeration * p.dense()[i][j] - q) * kernel[i][j];
				gx += factor * (y[i][0] - y[j][0]);
				gy += factor * (y[i][1] - y[j][1]);
			}
			gradient[i][0] = 4 * gx;
			gradient[i][1] = 4 * gy;
		}
	}

	/** The attraction over the sparse affinities, the repulsion from a quadtree's cells seen under an angle below θ. */
	private static void barnesHutGradient(Affinities p, double[][] y, double exaggeration, double theta, double[][] gradient) {
		int count = y.length;
		QuadTree tree = QuadTree.of(y);
		double z = 0;
		double[][] repulsion = new double[count][2];
		for (int i = 0; i < count; i++) z += tree.repulsion(y[i], theta, repulsion[i]);
		for (int i = 0; i < count; i++) {
			double gx = 0, gy = 0;
			for (int k = 0; k < p.neighbours()[i].length; k++) {
				int j = p.neighbours()[i][k];
				double dx = y[i][0] - y[j][0], dy = y[i][1] - y[j][1];
				double factor = exaggeration * p.values()[i][k] / (1 + dx * dx + dy * dy);
				gx += factor * dx;
				gy += factor * dy;
			}
			gradient[i][0] = 4 * (gx - repulsion[i][0] / z);
			gradient[i][1] = 4 * (gy - repulsion[i][1] / z);
		}
	}

	/** KL(P‖Q) = Σ pᵢⱼ log(pᵢⱼ / qᵢⱼ), over the affinities P holds, with Q normalized over every pair. */
	static double klDivergence(Affinities p, double[][] y) {
		int count = y.length;
		double z = 0;
		for (int i = 0; i < count; i++) {
			for (int j = i + 1; j < count; j++) {
				double dx = y[i][0] - y[j][0], dy = y[i][1] - y[j][1];
				z += 2 / (1 + dx * dx + dy * dy);
			}
		}
		double kl = 0;
		for (int i = 0; i < count; i++) {
			int[] js = p.neighbours()[i];
			for (int k = 0; k < js.length; k++) {
				double pij = p.values()[i][k];
				if (pij <= 0) continue;
				double dx = y[i][0] - y[js[k]][0], dy = y[i][1] - y[js[k]][1];
				double q = Math.max(1 / (1 + dx * dx + dy * dy) / z, MACHINE_EPSILON);
				kl += pij * Math.log(Math.max(pij, MACHINE_EPSILON) / q);
			}
		}
		return kl;
	}

	/**
	 * The joint affinities pᵢⱼ = (pⱼ|ᵢ + pᵢ|ⱼ) / Σ, each row's Gaussian bandwidth found by bisection so
	 * that its entropy is log(perplexity); stored per row as neighbour indices and values (every other
	 * image for the exact method, and {@code dense} as the full matrix).
	 */
	record Affinities(int[][] neighbours, double[][] values, double[][] dense) {

		static Affinities exact(float[][] vectors, double perplexity) {
			int count = vectors.length;
			double[][] conditional = new double[count][];
			int[][] all = new int[count][];
			for (int i = 0; i < count; i++) {
				all[i] = new int[count - 1];
				double[] distances = new double[count - 1];
				for (int j = 0, k = 0; j < count; j++) {
					if (j == i) continue;
					all[i][k] = j;
					distances[k++] = squaredDistance(vectors[i], vectors[j]);
				}
				conditional[i] = calibrated(distances, perplexity);
			}
			double[][] dense = new double[count][count];
			for (int i = 0; i < count; i++) for (int k = 0; k < all[i].length; k++) dense[i][all[i][k]] += conditional[i][k];
			double sum = 0;
			for (int i = 0; i < count; i++) {
				for (int j = i + 1; j < count; j++) {
					double joint = dense[i][j] + dense[j][i];
					dense[i][j] = dense[j][i] = joint;
					sum += 2 * joint;
				}
			}
			sum = Math.max(sum, MACHINE_EPSILON);
			double[][] values = new double[count][];
			for (int i = 0; i < count; i++) {
				for (int j = 0; j < count; j++) dense[i][j] = i == j ? 0 : Math.max(dense[i][j] / sum, MACHINE_EPSILON);
				values[i] = new double[count - 1];
				for (int k = 0; k < all[i].length; k++) values[i][k] = dense[i][all[i][k]];
			}
			return new Affinities(all, values, dense);
		}

		/** Over each image's ⌊3·perplexity⌋ + 1 nearest neighbours, symmetrized (the union of both directions). */
		static Affinities nearest(float[][] vectors, double perplexity) {
			int count = vectors.length, k = Math.min(count - 1, (int) (3 * perplexity) + 1);
			List<Map<Integer, Double>> rows = new ArrayList<>();
			for (int i = 0; i < count; i++) rows.add(new HashMap<>());
			for (int i = 0; i < count; i++) {
				double[] distances = new double[count];
				for (int j = 0; j < count; j++) distances[j] = j == i ? Double.POSITIVE_INFINITY : squaredDistance(vectors[i], vectors[j]);
				Integer[] order = new Integer[count];
				for (int j = 0; j < count; j++) order[j] = j;
				Arrays.sort(order, (a, b) -> Double.compare(distances[a], distances[b]));
				double[] nearest = new double[k];
				for (int n = 0; n < k; n++) nearest[n] = distances[order[n]];
				double[] conditional = calibrated(nearest, perplexity);
				for (int n = 0; n < k; n++) {
					int j = order[n];
					rows.get(i).merge(j, conditional[n], Double::sum);
					rows.get(j).merge(i, conditional[n], Double::sum);
				}
			}
			double sum = rows.stream().flatMap(row -> row.values().stream()).mapToDouble(Double::doubleValue).sum();
			int[][] neighbours = new int[count][];
			double[][] values = new double[count][];
			for (int i = 0; i < count; i++) {
				neighbours[i] = rows.get(i).keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
				values[i] = new double[neighbours[i].length];
				for (int n = 0; n < neighbours[i].length; n++) values[i][n] = rows.get(i).get(neighbours[i][n]) / sum;
			}
			return new Affinities(neighbours, values, null);
		}

		/** pⱼ|ᵢ ∝ exp(−β dᵢⱼ) with β bisected to an entropy of log(perplexity) (natural log, tolerance 1e-5, 100 steps, as scikit-learn). */
		static double[] calibrated(double[] distances, double perplexity) {
			double target = Math.log(perplexity), beta = 1, low = Double.NEGATIVE_INFINITY, high = Double.POSITIVE_INFINITY;
			double[] p = new double[distances.length];
			for (int step = 0; step < 100; step++) {
				double sum = 0;
				for (int j = 0; j < p.length; j++) sum += p[j] = Math.exp(-distances[j] * beta);
				sum = sum == 0 ? 1e-8 : sum;
				double weighted = 0;
				for (int j = 0; j < p.length; j++) {
					p[j] /= sum;
					weighted += distances[j] * p[j];
				}
				double entropy = Math.log(sum) + beta * weighted, difference = entropy - target;
				if (Math.abs(difference) <= 1e-5) break;
				if (difference > 0) {
					low = beta;
					beta = high == Double.POSITIVE_INFINITY ? beta * 2 : (beta + high) / 2;
				}
				else {
					high = beta;
					beta = low == Double.NEGATIVE_INFINITY ? beta / 2 : (beta + low) / 2;
				}
			}
			return p;
		}

		private static double squaredDistance(float[] a, float[] b) {
			double sum = 0;
			for (int d = 0; d < a.length; d++) {
				double diff = a[d] - b[d];
				sum += diff * diff;
			}
			return sum;
		}
	}

	/** A quadtree over the embedding: each cell's point count and centre of mass, for the repulsive forces. */
	static final class QuadTree {

		private final double centreX, centreY, halfWidth;
		private double massX, massY;
		private int count;
		private double[] point;
		private QuadTree[] children;

		private QuadTree(double centreX, double centreY, double halfWidth) {
			this.centreX = centreX;
			this.centreY = centreY;
			this.halfWidth = halfWidth;
		}

		static QuadTree of(double[][] y) {
			double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY, minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
			for (double[] p : y) {
				minX = Math.min(minX, p[0]);
				maxX = Math.max(maxX, p[0]);
				minY = Math.min(minY, p[1]);
				maxY = Math.max(maxY, p[1]);
			}
			double half = Math.max(Math.max(maxX - minX, maxY - minY) / 2, 1e-12) * (1 + 1e-9);
			QuadTree root = new QuadTree((minX + maxX) / 2, (minY + maxY) / 2, half);
			for (double[] p : y) root.insert(p, 0);
			return root;
		}

		private void insert(double[] p, int depth) {
			massX = (massX * count + p[0]) / (count + 1);
			massY = (massY * count + p[1]) / (count + 1);
			count++;
			if (count == 1) {
				point = p;
				return;
			}
			// identical points (or a tree this deep) stay in one leaf, which counts them all
			if (depth > 64 || point != null && point[0] == p[0] && point[1] == p[1] && children == null) return;
			if (children == null) {
				children = new QuadTree[4];
				double quarter = halfWidth / 2;
				for (int c = 0; c < 4; c++) children[c] = new QuadTree(centreX + ((c & 1) == 0 ? -quarter : quarter), centreY + ((c & 2) == 0 ? -quarter : quarter), quarter);
				// the leaf held count − 1 copies of one point
				for (int copy = 0; copy < count - 1; copy++) child(point).insert(point, depth + 1);
				point = null;
			}
			child(p).insert(p, depth + 1);
		}

		private QuadTree child(double[] p) {
			return children[(p[0] < centreX ? 0 : 1) + (p[1] < centreY ? 0 : 2)];
		}

		/** Adds Σ q̃² (y − yⱼ) over the other points into {@code force}; returns Σ q̃ (their share of Z). */
		double repulsion(double[] y, double theta, double[] force) {
			if (count == 0) return 0;
			double dx = y[0] - massX, dy = y[1] - massY, squared = dx * dx + dy * dy;
			boolean leaf = children == null;
			if (leaf || 2 * halfWidth < theta * Math.sqrt(squared)) {
				// the leaf at y's own place holds y itself
				int others = leaf && squared == 0 ? count - 1 : count;
				double q = 1 / (1 + squared);
				force[0] += others * q * q * dx;
				force[1] += others * q * q * dy;
				return others * q;
			}
			double z = 0;
			for (QuadTree child : children) z += child.repulsion(y, theta, force);
			return z;
		}
	}
}
