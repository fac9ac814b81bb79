package ijxai.engine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;

import ijxai.engine.Fixtures;
import ijxai.engine.FloatBatch;
import ijxai.engine.Progress;
import ijxai.engine.model.LoadedModel;

/** Feature space, nearest neighbours, PCA and first-layer filters against direct computations. */
class FeatureSpaceTest extends Fixtures {

	private static final String CNN = "fashion_mnist_cnn";

	private FloatBatch images() throws IOException {
		return reference(CNN, "attack_images").asBatch().slice(0, 120);
	}

	@Test
	void featuresAreThePenultimateLayersOutput() throws IOException {
		LoadedModel model = model(CNN);
		FloatBatch images = images();
		FeatureSpace space = FeatureSpace.of(model, images, "", 32, Progress.NONE);
		assertEquals("dense", space.layer());
		FloatBatch direct = model.activations(images, model.info().layer("dense").tensor());
		// one call of 120 against calls of 32: oneDNN may sum in another order, so the last bits may differ
		for (int n = 0; n < images.count(); n++) {
			for (int d = 0; d < 64; d++) {
				float expected = direct.data()[n * 64 + d];
				assertEquals(expected, space.vectors()[n][d], 1e-5f * Math.max(1, Math.abs(expected)));
			}
		}
	}

	/** Nearest neighbours equal a brute-force sort of all distances. */
	@Test
	void nearestNeighboursEqualBruteForce() throws IOException {
		FeatureSpace space = FeatureSpace.of(model(CNN), images(), "", 32, Progress.NONE);
		for (int query : new int[] { 0, 17, 99 }) {
			List<double[]> all = new ArrayList<>();
			for (int i = 0; i < space.vectors().length; i++) {
				if (i == query) continue;
				double sum = 0;
				for (int d = 0; d < space.dimension(); d++) sum += Math.pow(space.vectors()[i][d] - space.vectors()[query][d], 2);
				all.add(new double[] { i, Math.sqrt(sum) });
			}
			all.sort(Comparator.comparingDouble(a -> a[1]));
			List<FeatureSpace.Neighbour> nearest = space.nearest(space.vectors()[query], 5, query);
			assertEquals(5, nearest.size());
			for (int r = 0; r < 5; r++) {
				assertEquals((int) all.get(r)[0], nearest.get(r).index(), "query " + query + ", rank " + r);
				assertEquals(all.get(r)[1], nearest.get(r).distance(), 1e-9);
			}
		}
	}

	/** The principal components' variances equal the largest eigenvalues of the covariance (Jacobi eigendecomposition). */
	@Test
	void principalComponentsAreTheCovariancesLargestEigenvectors() throws IOException {
		FeatureSpace space = FeatureSpace.of(model(CNN), images(), "", 32, Progress.NONE);
		FeatureSpace.Projection projection = space.principalComponents(3);
		int count = space.vectors().length, dimension = space.dimension();
		double[] mean = new double[dimension];
		for (float[] v : space.vectors()) for (int d = 0; d < dimension; d++) mean[d] += v[d] / count;
		double[][] covariance = new double[dimension][dimension];
		for (float[] v : space.vectors()) {
			for (int a = 0; a < dimension; a++) for (int b = 0; b < dimension; b++) covariance[a][b] += (v[a] - mean[a]) * (v[b] - mean[b]) / (count - 1);
		}
		double trace = 0;
		for (int d = 0; d < dimension; d++) trace += covariance[d][d];
		double[] eigenvalues = jacobiEigenvalues(covariance);
		for (int c = 0; c < 3; c++) assertEquals(eigenvalues[c], projection.variances()[c], 1e-6 * eigenvalues[0], "component " + c);
		assertEquals(trace, projection.totalVariance(), 1e-9 * trace);
		// coordinates are uncorrelated
		double cross = 0;
		for (double[] row : projection.coordinates()) cross += row[0] * row[1];
		assertTrue(Math.abs(cross / (count - 1)) < 1e-6 * eigenvalues[0]);
	}

	/** Eigenvalues of a symmetric matrix, largest first, by cyclic Jacobi rotations. */
	private static double[] jacobiEigenvalues(double[][] matrix) {
		int n = matrix.length;
		double[][] a = new double[n][];
		for (int i = 0; i < n; i++) a[i] = matrix[i].clone();
		for (int sweep = 0; sweep < 100; sweep++) {
			double off = 0;
			for (int p = 0; p < n; p++) for (int q = p + 1; q < n; q++) off += a[p][q] * a[p][q];
			if (off < 1e-24) break;
			for (int p = 0; p < n; p++) {
				for (int q = p + 1; q < n; q++) {
					if (Math.abs(a[p][q]) < 1e-300) continue;
					double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
					double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
					double c = 1 / Math.sqrt(t * t + 1), s = t * c;
					for (int k = 0; k < n; k++) {
						double akp = a[k][p], akq = a[k][q];
						a[k][p] = c * akp - s * akq;
						a[k][q] = s * akp + c * akq;
					}
					for (int k = 0; k < n; k++) {
						double apk = a[p][k], aqk = a[q][k];
						a[p][k] = c * apk - s * aqk;
						a[q][k] = s * apk + c * aqk;
					}
				}
			}
		}
		double[] values = new double[n];
		for (int i = 0; i < n; i++) values[i] = a[i][i];
		java.util.Arrays.sort(values);
		for (int i = 0; i < n / 2; i++) {
			double swap = values[i];
			values[i] = values[n - 1 - i];
			values[n - 1 - i] = swap;
		}
		return values;
	}

	/** The first layer's output at a pixel is the convolution of the input with the kernels shown (SAME padding, stride 1). */
	@Test
	void firstLayerKernelsAreTheFirstConvolutionsWeights() throws IOException {
		LoadedModel model = model(CNN);
		FirstLayerKernels kernels = FirstLayerKernels.of(model);
		assertEquals("conv2d", kernels.layer());
		assertEquals(3, kernels.height());
		assertEquals(1, kernels.inputs());
		assertEquals(32, kernels.outputs());
		FloatBatch image = input(CNN).slice(0, 1);
		FloatBatch output = model.activations(image, model.info().layer("conv2d").tensor());
		for (int[] pixel : new int[][] { { 0, 0 }, { 14, 9 }, { 27, 27 }, { 5, 20 } }) {
			for (int k = 0; k < 32; k++) {
				double sum = 0;
				for (int dy = 0; dy < 3; dy++) {
					for (int dx = 0; dx < 3; dx++) {
						int y = pixel[0] + dy - 1, x = pixel[1] + dx - 1;
						if (y >= 0 && y < 28 && x >= 0 && x < 28) sum += kernels.weight(k, dy, dx, 0) * image.get(0, y, x, 0);
					}
				}
				assertEquals(output.get(0, pixel[0], pixel[1], k), sum, 1e-5);
			}
		}
	}

	/** MobileNetV2's first convolution after its preprocessing layers has RGB kernels. */
	@Test
	void firstLayerKernelsOfAnRgbModelHaveThreeInputs() {
		FirstLayerKernels kernels = FirstLayerKernels.of(model("mobilenetv2_small"));
		assertEquals(3, kernels.inputs());
		assertTrue(kernels.outputs() > 1);
	}
}
