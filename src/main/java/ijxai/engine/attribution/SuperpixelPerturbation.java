package ijxai.engine.attribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import ijxai.engine.FloatBatch;
import ijxai.engine.XaiException;
import ijxai.engine.method.ExplainJob;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.method.SampleChunks;
import ijxai.engine.model.Predictions;
import ijxai.engine.model.ScoreKind;

/**
 * What LIME and KernelSHAP share: SLIC superpixels of every slice, copies with some superpixels
 * "off" (showing a fill) scored by the model in batches, a weighted least-squares solver, and one
 * value per superpixel painted on its pixels.
 */
final class SuperpixelPerturbation {

	static final String SEGMENTS = "segments", COMPACTNESS = "compactness", SAMPLES = "samples", FILL = "fill", BLUR_SIGMA = "blur-sigma",
		SEED = "seed";
	/** scikit-image's default number of k-means rounds. */
	static final int SLIC_ITERATIONS = 10;

	private SuperpixelPerturbation() {}

	/** The options both methods have, with {@code samples} as default number of perturbed copies, then the method's own. */
	static List<MethodParameter> parameters(int samples, String samplesHelp, MethodParameter... own) {
		List<MethodParameter> parameters = new ArrayList<>(List.of(
			MethodParameter.integer(SEGMENTS, "Superpixels (about)", 50, 1, 100000, "the number of SLIC superpixels asked for"),
			MethodParameter.number(COMPACTNESS, "Compactness", 0.1, 1e-6, 1e6,
				"SLIC's balance of value and space, on values rescaled to [0, 1]: larger gives squarer superpixels"),
			MethodParameter.integer(SAMPLES, "Samples", samples, 1, 10000000, samplesHelp),
			MethodParameter.choice(FILL, "Fill", "what an 'off' superpixel shows: the mean of its own pixels (as lime), the slice's mean per channel, "
				+ "zero, or a blurred copy", "segment-mean", "mean", "zero", "blur"),
			MethodParameter.number(BLUR_SIGMA, "Blur sigma (pixels)", 5, 0, 1000, "Gaussian blur of the blur fill"),
			MethodParameter.integer(SEED, "Random seed", 0, Integer.MIN_VALUE, Integer.MAX_VALUE, "seed of the sampled masks")));
		parameters.addAll(List.of(own));
		return parameters;
	}

	/** The SLIC superpixels of every slice of the job's input. */
	static List<Slic.Superpixels> superpixels(ExplainJob job) {
		FloatBatch input = job.input();
		MethodSettings.Values settings = job.settings();
		Slic slic = new Slic(settings.integer(SEGMENTS), settings.number(COMPACTNESS), SLIC_ITERATIONS);
		List<Slic.Superpixels> superpixels = new ArrayList<>();
		for (int n = 0; n < input.count(); n++) {
			float[] slice = Arrays.copyOfRange(input.data(), n * input.sampleSize(), (n + 1) * input.sampleSize());
			superpixels.add(slic.segment(slice, input.height(), input.width(), input.channels()));
		}
		return superpixels;
	}

	/**
	 * The model's score of each slice's class {@code targets[n]} for every row of {@code masks.get(n)}
	 * (1: the superpixel shows the image, 0: the fill): all copies of all slices in batches of the
	 * job's batch size, with progress and cancellation between batches.
	 */
	static double[][] scores(ExplainJob job, String what, List<Slic.Superpixels> superpixels, List<double[][]> masks, int[] targets) {
		FloatBatch input = job.input();
		int count = input.count(), size = input.sampleSize(), channels = input.channels();
		FloatBatch fills = fills(job, superpixels);
		int[] firsts = new int[count + 1];
		for (int n = 0; n < count; n++) {
			Slic.Superpixels pixels = superpixels.get(n);
			if (pixels.height() != input.height() || pixels.width() != input.width()) {
				throw new XaiException("superpixels of " + pixels.width() + "x" + pixels.height() + " for an image of " + input.width() + "x" + input.height());
			}
			for (double[] mask : masks.get(n)) {
				if (mask.length != pixels.count()) throw new XaiException("a mask of " + mask.length + " values for " + pixels.count() + " superpixels");
			}
			firsts[n + 1] = firsts[n] + masks.get(n).length;
		}
		double[][] scores = new double[count][];
		int[] owners = new int[firsts[count]];
		for (int n = 0; n < count; n++) {
			scores[n] = new double[masks.get(n).length];
			Arrays.fill(owners, firsts[n], firsts[n + 1], n);
		}
		SampleChunks.Samples copies = new SampleChunks.Samples() {
			@Override public int count() { return firsts[count]; }

			@Override public void fill(int index, float[] into, int offset) {
				int n = owners[index];
				double[] mask = masks.get(n)[index - firsts[n]];
				int[] labels = superpixels.get(n).labels();
				for (int p = 0; p < labels.length; p++) {
					float[] from = mask[labels[p]] != 0 ? input.data() : fills.data();
					System.arraycopy(from, n * size + p * channels, into, offset + p * channels, channels);
				}
			}

			@Override public int target(int index) { return targets[owners[index]]; }
		};
		SampleChunks.forward(job, copies, job.progress(), what, (index, pass, row) -> {
			int n = owners[index];
			float[] values = job.options().score() == ScoreKind.LOGIT ? pass.logits() : pass.outputs();
			scores[n][index - firsts[n]] = Predictions.score(job.info(), values, row, pass.count(), targets[n]);
		});
		return scores;
	}

	/** What an off superpixel shows, per slice: Occlusion's fills, or the mean of the superpixel's own pixels per channel. */
	private static FloatBatch fills(ExplainJob job, List<Slic.Superpixels> superpixels) {
		FloatBatch input = job.input();
		if (!job.settings().text(FILL).equals("segment-mean")) return Occlusion.fills(input, job.settings());
		FloatBatch fills = FloatBatch.zeros(input.count(), input.height(), input.width(), input.channels());
		int size = input.sampleSize(), channels = input.channels();
		for (int n = 0; n < input.count(); n++) {
			int[] labels = superpixels.get(n).labels();
			double[] sums = new double[superpixels.get(n).count() * channels];
			int[] members = new int[superpixels.get(n).count()];
			for (int p = 0; p < labels.length; p++) {
				members[labels[p]]++;
				for (int c = 0; c < channels; c++) sums[labels[p] * channels + c] += input.data()[n * size + p * channels + c];
			}
			for (int p = 0; p < labels.length; p++) {
				for (int c = 0; c < channels; c++) fills.data()[n * size + p * channels + c] = (float) (sums[labels[p] * channels + c] / members[labels[p]]);
			}
		}
		return fills;
	}

	/** One map per slice: superpixel k's value {@code values.get(n)[k]} on each of its pixels. */
	static FloatBatch paint(FloatBatch input, List<Slic.Superpixels> superpixels, List<double[]> values) {
		FloatBatch maps = FloatBatch.zeros(input.count(), input.height(), input.width(), 1);
		int pixels = input.height() * input.width();
		for (int n = 0; n < input.count(); n++) {
			int[] labels = superpixels.get(n).labels();
			for (int p = 0; p < pixels; p++) maps.data()[n * pixels + p] = (float) values.get(n)[labels[p]];
		}
		return maps;
	}

	/**
	 * The coefficients β minimising Σ_i w_i (y_i − x_i·β)² + ridge·|β|² (the normal equations, by
	 * Gaussian elimination with partial pivoting); null when the normal equations are singular.
	 */
	static double[] weightedLeastSquares(double[][] x, double[] w, double[] y, double ridge) {
		int m = x.length == 0 ? 0 : x[0].length;
		double[][] a = new double[m][m + 1];
		for (int i = 0; i < x.length; i++) {
			for (int j = 0; j < m; j++) {
				double wx = w[i] * x[i][j];
				if (wx == 0) continue;
				for (int k = j; k < m; k++) a[j][k] += wx * x[i][k];
				a[j][m] += wx * y[i];
			}
		}
		for (int j = 0; j < m; j++) {
			a[j][j] += ridge;
			for (int k = 0; k < j; k++) a[j][k] = a[k][j];
		}
		for (int col = 0; col < m; col++) {
			int pivot = col;
			for (int r = col + 1; r < m; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
			if (Math.abs(a[pivot][col]) < 1e-12 * (1 + Math.abs(a[col][col]))) return null;
			double[] swap = a[col];
			a[col] = a[pivot];
			a[pivot] = swap;
			for (int r = col + 1; r < m; r++) {
				double factor = a[r][col] / a[col][col];
				if (factor != 0) for (int k = col; k <= m; k++) a[r][k] -= factor * a[col][k];
			}
		}
		double[] beta = new double[m];
		for (int r = m - 1; r >= 0; r--) {
			double sum = a[r][m];
			for (int k = r + 1; k < m; k++) sum -= a[r][k] * beta[k];
			beta[r] = sum / a[r][r];
		}
		return beta;
	}

	/** The part of every slice label that says how the superpixels and copies were made. */
	static String details(MethodSettings.Values settings, List<Slic.Superpixels> superpixels, String own) {
		int fewest = Integer.MAX_VALUE, most = 0;
		for (Slic.Superpixels pixels : superpixels) {
			fewest = Math.min(fewest, pixels.count());
			most = Math.max(most, pixels.count());
		}
		String count = fewest == most ? Integer.toString(most) : fewest + "-" + most;
		return String.format(Locale.ROOT, "%s superpixels, %d samples, fill %s%s", count, settings.integer(SAMPLES), settings.text(FILL), own);
	}
}
