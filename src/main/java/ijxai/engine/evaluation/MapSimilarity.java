package ijxai.engine.evaluation;

import java.util.Arrays;

/**
 * How alike two attribution maps of one image are, as the sanity checks of Adebayo et al. (2018)
 * measure it: Spearman's rank correlation, the structural similarity index (SSIM) and the Pearson
 * correlation of histograms of oriented gradients (HOG). Maps are row-major {@code height × width}
 * planes; a measure that is undefined (a constant map has no ranks to correlate) is NaN.
 */
public final class MapSimilarity {

	/** skimage's SSIM defaults: a 7×7 uniform window, K1 = 0.01, K2 = 0.03, the sample covariance. */
	static final int SSIM_WINDOW = 7;
	private static final double K1 = 0.01, K2 = 0.03;
	/** skimage's HOG defaults but the cell: 9 orientations over 0–180°, L2-Hys blocks (clipped at 0.2, eps 1e-5). */
	static final int HOG_ORIENTATIONS = 9;
	private static final double HYS_CLIP = 0.2, HYS_EPS = 1e-5;

	private MapSimilarity() {}

	/** Spearman's rank correlation (ties get their mean rank, as scipy.stats.spearmanr). */
	public static double spearman(float[] a, float[] b) {
		return constant(a) || constant(b) ? Double.NaN : FaithfulnessCorrelation.pearson(ranks(a), ranks(b));
	}

	private static boolean constant(float[] values) {
		for (float v : values) if (v != values[0]) return false;
		return true;
	}

	/** The ranks 1..n of the values, the mean rank for ties. */
	static double[] ranks(float[] values) {
		Integer[] order = new Integer[values.length];
		for (int i = 0; i < order.length; i++) order[i] = i;
		Arrays.sort(order, (i, j) -> Float.compare(values[i], values[j]));
		double[] ranks = new double[values.length];
		for (int start = 0; start < order.length;) {
			int end = start;
			while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) end++;
			double rank = (start + end) / 2.0 + 1;
			for (int k = start; k <= end; k++) ranks[order[k]] = rank;
			start = end + 1;
		}
		return ranks;
	}

	/**
	 * The mean structural similarity of two maps as {@code skimage.metrics.structural_similarity(a, b,
	 * data_range=R)} computes it with its defaults, R the range of both maps together (as Quantus's
	 * ssim passes it): local means, variances and covariance over 7×7 windows, averaged over the
	 * pixels whose window lies inside the map (skimage crops the 3-pixel border).
	 */
	public static double ssim(float[] a, float[] b, int height, int width) {
		if (height < SSIM_WINDOW || width < SSIM_WINDOW) throw new IllegalArgumentException("SSIM needs maps of at least 7x7 pixels, not " + width + "x" + height);
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < a.length; i++) {
			min = Math.min(min, Math.min(a[i], b[i]));
			max = Math.max(max, Math.max(a[i], b[i]));
		}
		double range = max - min, c1 = K1 * range * K1 * range, c2 = K2 * range * K2 * range;
		int half = SSIM_WINDOW / 2, n = SSIM_WINDOW * SSIM_WINDOW;
		double covarianceNorm = n / (n - 1.0), total = 0;
		for (int y = half; y < height - half; y++) {
			for (int x = half; x < width - half; x++) {
				double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
				for (int dy = -half; dy <= half; dy++) {
					for (int dx = -half; dx <= half; dx++) {
						double va = a[(y + dy) * width + x + dx], vb = b[(y + dy) * width + x + dx];
						sa += va;
						sb += vb;
						saa += va * va;
						sbb += vb * vb;
						sab += va * vb;
					}
				}
				double ma = sa / n, mb = sb / n;
				double varA = covarianceNorm * (saa / n - ma * ma), varB = covarianceNorm * (sbb / n - mb * mb), cov = covarianceNorm * (sab / n - ma * mb);
				total += (2 * ma * mb + c1) * (2 * cov + c2) / ((ma * ma + mb * mb + c1) * (varA + varB + c2));
			}
		}
		return total / ((height - 2 * half) * (width - 2 * half));
	}

	/** The Pearson correlation of the two maps' HOG features ({@link #hog}). */
	public static double hogCorrelation(float[] a, float[] b, int height, int width, int cell, int block) {
		return FaithfulnessCorrelation.pearson(hog(a, height, width, cell, block), hog(b, height, width, cell, block));
	}

	/**
	 * The HOG feature vector of a map as {@code skimage.feature.hog(map, orientations=9,
	 * pixels_per_cell=(cell, cell), cells_per_block=(block, block), block_norm="L2-Hys")} gives it:
	 * central differences (zero on the border rows and columns), per cell the magnitudes summed into
	 * 20° bins of the unsigned orientation (in single precision, as skimage) and divided by the cell's area, then every block of
	 * cells normalized (L2, clipped at 0.2, L2 again), in skimage's order (block row, block column,
	 * cell row, cell column, orientation).
	 */
	public static double[] hog(float[] map, int height, int width, int cell, int block) {
		int cellRows = height / cell, cellColumns = width / cell;
		if (cellRows < block || cellColumns < block) {
			throw new IllegalArgumentException("HOG with " + cell + "-pixel cells in blocks of " + block + " needs maps of at least " + cell * block + " pixels a side");
		}
		// skimage sums each cell's magnitudes in single precision (its Cython cell_hog has a float total)
		float[][][] histogram = new float[cellRows][cellColumns][HOG_ORIENTATIONS];
		double binWidth = 180.0 / HOG_ORIENTATIONS;
		for (int y = 0; y < cellRows * cell; y++) {
			for (int x = 0; x < cellColumns * cell; x++) {
				double dy = y == 0 || y == height - 1 ? 0 : (double) map[(y + 1) * width + x] - map[(y - 1) * width + x];
				double dx = x == 0 || x == width - 1 ? 0 : (double) map[y * width + x + 1] - map[y * width + x - 1];
				double orientation = Math.toDegrees(Math.atan2(dy, dx));
				orientation = ((orientation % 180) + 180) % 180;
				int bin = Math.min(HOG_ORIENTATIONS - 1, (int) Math.floor(orientation / binWidth));
				histogram[y / cell][x / cell][bin] = (float) (histogram[y / cell][x / cell][bin] + Math.hypot(dx, dy));
			}
		}
		int blockRows = cellRows - block + 1, blockColumns = cellColumns - block + 1, blockSize = block * block * HOG_ORIENTATIONS;
		double[] features = new double[blockRows * blockColumns * blockSize];
		for (int r = 0; r < blockRows; r++) {
			for (int c = 0; c < blockColumns; c++) {
				double[] values = new double[blockSize];
				int k = 0;
				for (int i = 0; i < block; i++) for (int j = 0; j < block; j++) for (int o = 0; o < HOG_ORIENTATIONS; o++) values[k++] = histogram[r + i][c + j][o] / (cell * cell);
				l2Normalize(values);
				for (int v = 0; v < blockSize; v++) values[v] = Math.min(values[v], HYS_CLIP);
				l2Normalize(values);
				System.arraycopy(values, 0, features, (r * blockColumns + c) * blockSize, blockSize);
			}
		}
		return features;
	}

	private static void l2Normalize(double[] values) {
		double squares = HYS_EPS * HYS_EPS;
		for (double v : values) squares += v * v;
		double norm = Math.sqrt(squares);
		for (int i = 0; i < values.length; i++) values[i] /= norm;
	}
}
