package ijxai.engine.attribution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import ijxai.engine.method.ExplainJob;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.SampleChunks;

/**
 * LIME for images (Ribeiro et al. 2016), as lime 0.2.0.1's LimeImageExplainer: random on/off masks
 * of the SLIC superpixels (the first all on), each copy scored by the model, weighted by an
 * exponential kernel of its cosine distance to the all-on mask, √exp(−d²/w²), and a weighted ridge
 * regression (α = 1, with intercept, as scikit-learn's Ridge) of the score on the masks; each
 * superpixel's coefficient is painted on its pixels. Every slice reports the fit's weighted R².
 */
public final class Lime implements Explainer {

	static final String KERNEL_WIDTH = "kernel-width";
	public static final String FIT = "fit R²";
	private static final double RIDGE_ALPHA = 1;

	@Override public String name() { return "lime"; }

	@Override public String title() { return "LIME"; }

	@Override
	public List<MethodParameter> parameters() {
		return SuperpixelPerturbation.parameters(1000, "random on/off masks scored by the model (lime's num_samples)",
			MethodParameter.number(KERNEL_WIDTH, "Kernel width", 0.25, 1e-6, 1e6, "width w of the kernel √exp(−d²/w²) on the cosine distance d"));
	}

	@Override
	public Explanation explain(ExplainJob job) {
		return explain(job, SuperpixelPerturbation.superpixels(job), null);
	}

	/** The explanation on given superpixels, with given masks per slice (null: lime's sampling, seeded); a test hook. */
	Explanation explain(ExplainJob job, List<Slic.Superpixels> superpixels, List<double[][]> fixedMasks) {
		int samples = job.settings().integer(SuperpixelPerturbation.SAMPLES);
		List<double[][]> masks = fixedMasks;
		if (masks == null) {
			masks = new ArrayList<>();
			for (Slic.Superpixels pixels : superpixels) masks.add(masks(pixels.count(), samples, new Random(job.settings().integer(SuperpixelPerturbation.SEED))));
		}
		SampleChunks.Scores scores = SampleChunks.scores(job);
		double[][] y = SuperpixelPerturbation.scores(job, title(), superpixels, masks, scores.targets());
		double width = job.settings().number(KERNEL_WIDTH);
		List<double[]> coefficients = new ArrayList<>();
		float[] fits = new float[superpixels.size()];
		for (int n = 0; n < superpixels.size(); n++) {
			double[][] x = masks.get(n);
			double[] weights = new double[x.length];
			for (int i = 0; i < x.length; i++) {
				double d = cosineDistanceToAllOn(x[i]);
				weights[i] = Math.sqrt(Math.exp(-d * d / (width * width)));
			}
			double[] fit = ridge(x, weights, y[n]);
			coefficients.add(Arrays.copyOf(fit, x[0].length));
			fits[n] = (float) fit[x[0].length + 1];
		}
		String details = SuperpixelPerturbation.details(job.settings(), superpixels, String.format(Locale.ROOT, ", kernel width %.3g", width));
		return SampleChunks.result(this, job, SuperpixelPerturbation.paint(job.input(), superpixels, coefficients), List.of(), scores,
			Explanation.Display.SIGNED, Map.of(FIT, fits), details);
	}

	/** lime's masks: {@code samples} rows of independent fair coin flips per superpixel, the first row all on. */
	static double[][] masks(int superpixels, int samples, Random random) {
		double[][] masks = new double[samples][superpixels];
		for (int i = 0; i < samples; i++) for (int k = 0; k < superpixels; k++) masks[i][k] = i == 0 || random.nextBoolean() ? 1 : 0;
		return masks;
	}

	/** 1 − cos(z, 1) for a 0/1 mask z; 1 for the all-off mask (scikit-learn takes a zero vector's norm as 1). */
	private static double cosineDistanceToAllOn(double[] mask) {
		double on = 0;
		for (double value : mask) on += value * value;
		return on == 0 ? 1 : 1 - on / (Math.sqrt(on) * Math.sqrt(mask.length));
	}

	/**
	 * Weighted ridge regression with an intercept, as scikit-learn's Ridge with sample weights: the
	 * masks and scores centred on their weighted means, then (XᵀWX + αI)β = XᵀWy. Returns β, the
	 * intercept and the weighted R².
	 */
	private static double[] ridge(double[][] x, double[] w, double[] y) {
		int m = x[0].length;
		double total = 0, meanY = 0;
		double[] meanX = new double[m];
		for (int i = 0; i < x.length; i++) {
			total += w[i];
			meanY += w[i] * y[i];
			for (int k = 0; k < m; k++) meanX[k] += w[i] * x[i][k];
		}
		meanY /= total;
		for (int k = 0; k < m; k++) meanX[k] /= total;
		double[][] centred = new double[x.length][m];
		double[] centredY = new double[x.length];
		for (int i = 0; i < x.length; i++) {
			centredY[i] = y[i] - meanY;
			for (int k = 0; k < m; k++) centred[i][k] = x[i][k] - meanX[k];
		}
		double[] beta = SuperpixelPerturbation.weightedLeastSquares(centred, w, centredY, RIDGE_ALPHA); // never singular: α > 0
		double intercept = meanY, residual = 0, spread = 0;
		for (int k = 0; k < m; k++) intercept -= meanX[k] * beta[k];
		for (int i = 0; i < x.length; i++) {
			double predicted = intercept;
			for (int k = 0; k < m; k++) predicted += x[i][k] * beta[k];
			residual += w[i] * (y[i] - predicted) * (y[i] - predicted);
			spread += w[i] * centredY[i] * centredY[i];
		}
		double[] fit = Arrays.copyOf(beta, m + 2);
		fit[m] = intercept;
		fit[m + 1] = spread > 0 ? 1 - residual / spread : 1;
		return fit;
	}
}
