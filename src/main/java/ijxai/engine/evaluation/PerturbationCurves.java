package ijxai.engine.evaluation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

import ijxai.engine.FloatBatch;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.method.SampleChunks;

/**
 * Region perturbation (Samek et al. 2017) and pixel flipping (Bach et al. 2015, patch 1): the
 * image is tiled into square patches, which are ranked by their summed relevance, most relevant
 * first (ties in patch order). The deletion curve replaces ever more of them by the fill, from the
 * image itself (point 0) to the fill alone; the insertion curve puts them back into the fill, from
 * the fill alone to the image. Each step takes ⌈patches / steps⌉ patches (as Quantus's
 * {@code features_in_step}), so the curves have ⌈patches / that⌉ + 1 points. Where the size is not a
 * multiple of the patch, the tiling is centred as in Quantus (partial patches at both edges).
 */
public final class PerturbationCurves {

	/** Per image (rows), the score after each step (columns; column 0 is before any). */
	public record Curves(double[][] deletion, double[][] insertion) {}

	private final int patch, rows, columns, top, left, perStep, steps;
	private final int height, width;

	/**
	 * @param steps how many steps at most (at least one patch per step)
	 */
	public PerturbationCurves(int height, int width, int patch, int steps) {
		if (patch < 1) throw new XaiException("the patch size must be at least 1 pixel, not " + patch);
		if (steps < 1) throw new XaiException("the number of steps must be at least 1, not " + steps);
		this.height = height;
		this.width = width;
		this.patch = patch;
		int padHeight = padding(height, patch), padWidth = padding(width, patch);
		top = padHeight / 2;
		left = padWidth / 2;
		rows = (height + padHeight) / patch;
		columns = (width + padWidth) / patch;
		perStep = (patches() + steps - 1) / steps;
		this.steps = (patches() + perStep - 1) / perStep;
	}

	private static int padding(int length, int patch) {
		return length % patch == 0 ? 0 : patch - length % patch;
	}

	public int patches() {
		return rows * columns;
	}

	/** The number of steps the curves take (their length less one). */
	public int steps() {
		return steps;
	}

	/** The patch pixel {@code p} (y·width + x) belongs to, in row-major patch order. */
	int patchOf(int p) {
		return ((p / width + top) / patch) * columns + (p % width + left) / patch;
	}

	/** The rank of every patch when ordered by summed relevance of map {@code n}, most relevant first. */
	int[] ranks(FloatBatch maps, int n) {
		double[] sums = new double[patches()];
		int pixels = height * width;
		for (int p = 0; p < pixels; p++) sums[patchOf(p)] += maps.data()[n * pixels + p];
		Integer[] order = IntStream.range(0, sums.length).boxed().toArray(Integer[]::new);
		Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -sums[i]));
		int[] ranks = new int[sums.length];
		for (int r = 0; r < order.length; r++) ranks[order[r]] = r;
		return ranks;
	}

	/**
	 * The deletion and insertion curves of every image.
	 *
	 * @param maps relevance per pixel, one channel
	 * @param fills what a removed patch shows, per image (model-input space)
	 * @param targets the class whose score the curves follow, per image
	 */
	public Curves run(ModelScores scores, FloatBatch input, FloatBatch maps, FloatBatch fills, int[] targets, Progress progress) {
		int count = input.count(), size = input.sampleSize(), channels = input.channels(), points = steps + 1;
		int[][] ranks = new int[count][];
		for (int n = 0; n < count; n++) ranks[n] = ranks(maps, n);
		// sample (n, curve, k): curve 0 deletes, curve 1 inserts, the first min(k·perStep, patches) patches
		SampleChunks.Samples samples = new SampleChunks.Samples() {
			@Override public int count() { return count * 2 * points; }

			@Override public void fill(int index, float[] into, int offset) {
				int n = index / (2 * points), k = index % points, changed = Math.min(k * perStep, patches());
				boolean deletion = index % (2 * points) < points;
				float[] changedFrom = deletion ? fills.data() : input.data(), keptFrom = deletion ? input.data() : fills.data();
				for (int p = 0; p < height * width; p++) {
					float[] from = ranks[n][patchOf(p)] < changed ? changedFrom : keptFrom;
					System.arraycopy(from, n * size + p * channels, into, offset + p * channels, channels);
				}
			}

			@Override public int target(int index) { return targets[index / (2 * points)]; }
		};
		double[] all = scores.of(input, samples, progress, "deletion and insertion curves");
		double[][] deletion = new double[count][], insertion = new double[count][];
		for (int n = 0; n < count; n++) {
			deletion[n] = Arrays.copyOfRange(all, n * 2 * points, n * 2 * points + points);
			insertion[n] = Arrays.copyOfRange(all, n * 2 * points + points, (n + 1) * 2 * points);
		}
		return new Curves(deletion, insertion);
	}

	/** AOPC (Samek et al. 2017) of a deletion curve: the mean of f(x) − f(x after k steps) over k = 0..steps. */
	public static double deletionAopc(double[] curve) {
		double sum = 0;
		for (double value : curve) sum += curve[0] - value;
		return sum / curve.length;
	}

	/** The insertion curve's counterpart: the mean gain f(after k steps) − f(fill alone) over k = 0..steps. */
	public static double insertionAopc(double[] curve) {
		return -deletionAopc(curve);
	}

	/** The area under a curve by the trapezoidal rule, the steps spread evenly over [0, 1]. */
	public static double area(double[] curve) {
		double sum = 0;
		for (int k = 1; k < curve.length; k++) sum += (curve[k - 1] + curve[k]) / 2;
		return sum / (curve.length - 1);
	}
}
