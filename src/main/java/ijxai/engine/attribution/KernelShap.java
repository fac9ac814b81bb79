package ijxai.engine.attribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ijxai.engine.XaiException;
import ijxai.engine.method.ExplainJob;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.SampleChunks;

/**
 * KernelSHAP (Lundberg & Lee 2017) over SLIC superpixels, as shap's KernelExplainer with one
 * background (the image with every superpixel showing the fill) and no L1 selection: coalitions of
 * superpixels drawn as shap draws them (whole subset sizes enumerated while the budget allows,
 * the rest sampled by the Shapley kernel, each with its complement), scored by the model, and the
 * Shapley-kernel-weighted least squares solved with Σφ = S(x) − S(fill) enforced by eliminating
 * the last superpixel. With 2^M − 2 ≤ samples every coalition is enumerated and φ is exact. Every
 * slice reports the efficiency gap |Σφ − (S(x) − S(fill))| / |S(x) − S(fill)|.
 */
public final class KernelShap implements Explainer {

	public static final String EFFICIENCY_GAP = "efficiency gap";

	/** Coalition masks (1: the superpixel shows the image) and their kernel weights. */
	record Coalitions(double[][] masks, double[] weights) {}

	@Override public String name() { return "kernelshap"; }

	@Override public String title() { return "KernelSHAP"; }

	@Override
	public List<MethodParameter> parameters() {
		return SuperpixelPerturbation.parameters(2048, "coalitions scored by the model (shap's nsamples); all 2^M − 2 when that is fewer");
	}

	@Override
	public Explanation explain(ExplainJob job) {
		return explain(job, SuperpixelPerturbation.superpixels(job), null);
	}

	/** The explanation on given superpixels, with given coalitions per slice (null: shap's sampling, seeded); a test hook. */
	Explanation explain(ExplainJob job, List<Slic.Superpixels> superpixels, List<Coalitions> fixedCoalitions) {
		int samples = job.settings().integer(SuperpixelPerturbation.SAMPLES);
		List<Coalitions> coalitions = fixedCoalitions;
		if (coalitions == null) {
			coalitions = new ArrayList<>();
			for (Slic.Superpixels pixels : superpixels) {
				coalitions.add(coalitions(pixels.count(), samples, new Random(job.settings().integer(SuperpixelPerturbation.SEED))));
			}
		}
		// each slice's copies: the all-off background first, then its coalitions
		List<double[][]> masks = new ArrayList<>();
		for (int n = 0; n < superpixels.size(); n++) {
			double[][] rows = coalitions.get(n).masks();
			double[][] copies = new double[rows.length + 1][];
			copies[0] = new double[superpixels.get(n).count()];
			System.arraycopy(rows, 0, copies, 1, rows.length);
			masks.add(copies);
		}
		SampleChunks.Scores scores = SampleChunks.scores(job);
		double[][] y = SuperpixelPerturbation.scores(job, title(), superpixels, masks, scores.targets());
		List<double[]> values = new ArrayList<>();
		float[] gaps = new float[superpixels.size()];
		for (int n = 0; n < superpixels.size(); n++) {
			double background = y[n][0], difference = scores.scores()[n] - background;
			double[] phi = solve(coalitions.get(n), Arrays.copyOfRange(y[n], 1, y[n].length), background, difference);
			values.add(phi);
			gaps[n] = IntegratedGradients.completenessGap(Arrays.stream(phi).sum(), difference, scores.scores()[n]);
		}
		return SampleChunks.result(this, job, SuperpixelPerturbation.paint(job.input(), superpixels, values), List.of(), scores, Explanation.Display.SIGNED,
			Map.of(EFFICIENCY_GAP, gaps), SuperpixelPerturbation.details(job.settings(), superpixels, ""));
	}

	/**
	 * shap's KernelExplainer.solve without L1 selection: with e = y − S(fill) and the last superpixel
	 * eliminated by φ_M = (S(x) − S(fill)) − Σ_{j<M} φ_j, the weighted least squares of
	 * e − z_M·(S(x) − S(fill)) on z_j − z_M.
	 */
	static double[] solve(Coalitions coalitions, double[] y, double background, double difference) {
		double[][] z = coalitions.masks();
		int m = z.length == 0 ? 1 : z[0].length;
		double[] phi = new double[m];
		if (m == 1) {
			phi[0] = difference;
			return phi;
		}
		double[][] x = new double[z.length][m - 1];
		double[] adjusted = new double[z.length];
		for (int i = 0; i < z.length; i++) {
			adjusted[i] = y[i] - background - z[i][m - 1] * difference;
			for (int j = 0; j < m - 1; j++) x[i][j] = z[i][j] - z[i][m - 1];
		}
		double[] w = SuperpixelPerturbation.weightedLeastSquares(x, coalitions.weights(), adjusted, 0);
		if (w == null) {
			// too few distinct coalitions: shap falls back to the minimum-norm least squares, the limit of a vanishing ridge
			w = SuperpixelPerturbation.weightedLeastSquares(x, coalitions.weights(), adjusted, 1e-9 * Arrays.stream(coalitions.weights()).sum());
		}
		if (w == null) throw new XaiException("KernelSHAP: the coalitions of " + m + " superpixels do not determine their values; give more samples");
		System.arraycopy(w, 0, phi, 0, m - 1);
		phi[m - 1] = difference - Arrays.stream(w).sum();
		return phi;
	}

	/**
	 * shap's coalitions of {@code m} features for {@code samples} (at most 2^m − 2): subset sizes s
	 * and m − s taken whole, smallest first, while the remaining budget covers them at their Shapley
	 * kernel weight (M − 1)/(s(M − s)); the rest drawn by that weight over the remaining sizes, each
	 * with its complement, repeats adding to the weight of the first draw, and the drawn weights
	 * scaled to the remaining sizes' share.
	 */
	static Coalitions coalitions(int m, int samples, Random random) {
		if (m < 2) return new Coalitions(new double[0][], new double[0]);
		int budget = m <= 30 ? (int) Math.min(samples, (1L << m) - 2) : samples;
		int sizes = (m - 1 + 1) / 2, pairedSizes = (m - 1) / 2;
		double[] kernel = new double[sizes];
		for (int s = 1; s <= sizes; s++) kernel[s - 1] = (m - 1.0) / (s * (double) (m - s)) * (s <= pairedSizes ? 2 : 1);
		normalize(kernel);
		List<double[]> masks = new ArrayList<>();
		List<Double> weights = new ArrayList<>();
		double[] remaining = kernel.clone();
		int fullSizes = 0;
		double left = budget;
		for (int s = 1; s <= sizes; s++) {
			double subsets = binomial(m, s) * (s <= pairedSizes ? 2 : 1);
			if (left * remaining[s - 1] / subsets < 1 - 1e-8) break;
			fullSizes++;
			left -= subsets;
			if (remaining[s - 1] < 1) {
				double share = remaining[s - 1];
				for (int i = 0; i < sizes; i++) remaining[i] /= 1 - share;
			}
			double weight = kernel[s - 1] / binomial(m, s) / (s <= pairedSizes ? 2 : 1);
			int[] members = new int[s];
			for (int i = 0; i < s; i++) members[i] = i;
			do {
				double[] mask = new double[m];
				for (int member : members) mask[member] = 1;
				masks.add(mask);
				weights.add(weight);
				if (s <= pairedSizes) {
					masks.add(complement(mask));
					weights.add(weight);
				}
			} while (nextCombination(members, m));
		}
		int fixed = masks.size(), samplesLeft = budget - fixed;
		if (fullSizes != sizes) {
			double[] draw = Arrays.copyOfRange(kernel, fullSizes, sizes);
			for (int i = 0; i < draw.length; i++) if (fullSizes + i < pairedSizes) draw[i] /= 2;
			normalize(draw);
			Map<BitSet, Integer> used = new HashMap<>();
			int[] order = new int[m];
			for (int draws = 4 * samplesLeft; samplesLeft > 0 && draws > 0; draws--) {
				int s = pick(draw, random.nextDouble()) + fullSizes + 1;
				for (int i = 0; i < m; i++) order[i] = i;
				double[] mask = new double[m];
				BitSet key = new BitSet(m);
				for (int i = 0; i < s; i++) {
					int j = i + random.nextInt(m - i);
					int swap = order[i];
					order[i] = order[j];
					order[j] = swap;
					mask[order[i]] = 1;
					key.set(order[i]);
				}
				Integer first = used.get(key);
				if (first == null) {
					used.put(key, masks.size());
					samplesLeft--;
					masks.add(mask);
					weights.add(1.0);
				} else {
					weights.set(first, weights.get(first) + 1);
				}
				if (samplesLeft > 0 && s <= pairedSizes) {
					if (first == null) {
						samplesLeft--;
						masks.add(complement(mask));
						weights.add(1.0);
					} else {
						weights.set(first + 1, weights.get(first + 1) + 1);
					}
				}
			}
			double share = 0, drawn = 0;
			for (int i = fullSizes; i < sizes; i++) share += kernel[i];
			for (int i = fixed; i < weights.size(); i++) drawn += weights.get(i);
			for (int i = fixed; i < weights.size(); i++) weights.set(i, weights.get(i) * share / drawn);
		}
		return new Coalitions(masks.toArray(new double[0][]), weights.stream().mapToDouble(Double::doubleValue).toArray());
	}

	private static void normalize(double[] values) {
		double sum = Arrays.stream(values).sum();
		for (int i = 0; i < values.length; i++) values[i] /= sum;
	}

	/** The index whose cumulative probability first exceeds {@code u}. */
	private static int pick(double[] probabilities, double u) {
		double cumulative = 0;
		for (int i = 0; i < probabilities.length; i++) {
			cumulative += probabilities[i];
			if (u < cumulative) return i;
		}
		return probabilities.length - 1;
	}

	private static double[] complement(double[] mask) {
		double[] complement = new double[mask.length];
		for (int i = 0; i < mask.length; i++) complement[i] = 1 - mask[i];
		return complement;
	}

	/** Advances {@code members} to the next combination in lexicographic order (as itertools.combinations); false after the last. */
	private static boolean nextCombination(int[] members, int m) {
		int i = members.length - 1;
		while (i >= 0 && members[i] == m - members.length + i) i--;
		if (i < 0) return false;
		members[i]++;
		for (int j = i + 1; j < members.length; j++) members[j] = members[j - 1] + 1;
		return true;
	}

	private static double binomial(int n, int k) {
		double result = 1;
		for (int i = 1; i <= k; i++) result = result * (n - k + i) / i;
		return result;
	}
}
