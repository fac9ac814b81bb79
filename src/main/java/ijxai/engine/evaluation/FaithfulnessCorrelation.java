package ijxai.engine.evaluation;

import java.util.Random;

import ijxai.engine.FloatBatch;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.method.SampleChunks;

/**
 * Faithfulness correlation (Bhatt et al. 2020, as Quantus's {@code FaithfulnessCorrelation}): over
 * many random subsets of pixels, the Pearson correlation between the subset's summed relevance and
 * the drop of the score when the subset is replaced by the fill.
 */
public final class FaithfulnessCorrelation {

	private FaithfulnessCorrelation() {}

	/** Per image and run, {@code size} distinct pixel indices drawn uniformly (partial Fisher–Yates). */
	public static int[][][] subsets(int count, int pixels, int runs, int size, Random random) {
		if (size < 1 || size > pixels) throw new XaiException("the subset size must be between 1 and the " + pixels + " pixels of an image, not " + size);
		int[][][] subsets = new int[count][runs][size];
		int[] shuffled = new int[pixels];
		for (int n = 0; n < count; n++) {
			for (int r = 0; r < runs; r++) {
				for (int p = 0; p < pixels; p++) shuffled[p] = p;
				for (int i = 0; i < size; i++) {
					int j = i + random.nextInt(pixels - i), swap = shuffled[i];
					shuffled[i] = shuffled[j];
					shuffled[j] = swap;
				}
				System.arraycopy(shuffled, 0, subsets[n][r], 0, size);
			}
		}
		return subsets;
	}

	/**
	 * The correlation per image (NaN where the relevance sums or the drops do not vary).
	 *
	 * @param subsets per image and run, the pixels replaced by the fill
	 */
	public static double[] run(ModelScores scores, FloatBatch input, FloatBatch maps, FloatBatch fills, int[] targets, int[][][] subsets, Progress progress) {
		int count = input.count(), runs = subsets[0].length, size = input.sampleSize(), channels = input.channels(), pixels = input.height() * input.width();
		// sample (n, 0) is the image itself, (n, 1 + r) the image with subset r filled
		SampleChunks.Samples samples = new SampleChunks.Samples() {
			@Override public int count() { return count * (runs + 1); }

			@Override public void fill(int index, float[] into, int offset) {
				int n = index / (runs + 1), r = index % (runs + 1) - 1;
				System.arraycopy(input.data(), n * size, into, offset, size);
				if (r < 0) return;
				for (int p : subsets[n][r]) System.arraycopy(fills.data(), n * size + p * channels, into, offset + p * channels, channels);
			}

			@Override public int target(int index) { return targets[index / (runs + 1)]; }
		};
		double[] all = scores.of(input, samples, progress, "faithfulness correlation");
		double[] correlations = new double[count];
		for (int n = 0; n < count; n++) {
			double[] relevance = new double[runs], drops = new double[runs];
			for (int r = 0; r < runs; r++) {
				for (int p : subsets[n][r]) relevance[r] += maps.data()[n * pixels + p];
				drops[r] = all[n * (runs + 1)] - all[n * (runs + 1) + 1 + r];
			}
			correlations[n] = pearson(relevance, drops);
		}
		return correlations;
	}

	/** Pearson's correlation, NaN when either side is constant. */
	static double pearson(double[] a, double[] b) {
		double meanA = 0, meanB = 0;
		for (int i = 0; i < a.length; i++) {
			meanA += a[i] / a.length;
			meanB += b[i] / b.length;
		}
		double ab = 0, aa = 0, bb = 0;
		for (int i = 0; i < a.length; i++) {
			ab += (a[i] - meanA) * (b[i] - meanB);
			aa += (a[i] - meanA) * (a[i] - meanA);
			bb += (b[i] - meanB) * (b[i] - meanB);
		}
		return aa == 0 || bb == 0 ? Double.NaN : ab / Math.sqrt(aa * bb);
	}
}
