package ijxai.engine.attribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import ijxai.engine.Filters;
import ijxai.engine.FloatBatch;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.method.ChannelReduction;
import ijxai.engine.method.ExplainJob;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.method.NoiseTunnel;
import ijxai.engine.method.SampleChunks;
import ijxai.engine.method.Smoothable;
import ijxai.engine.model.Predictions;
import ijxai.engine.model.ScoreKind;

/**
 * Integrated Gradients (Sundararajan et al. 2017): (x − x₀) · ∫₀¹ ∇S(x₀ + α(x − x₀)) dα, the
 * integral by Gauss–Legendre quadrature (default) or a right Riemann sum. Every result reports its
 * completeness gap |Σ attributions − (S(x) − S(x₀))| / |S(x) − S(x₀)| (the denominator at least
 * 1e-6·(1 + |S(x)|), for a baseline that scores like the image). Can be smoothed by the
 * {@link NoiseTunnel}; its seed then seeds the noise baseline and the smoothing noise.
 */
public final class IntegratedGradients implements Smoothable {

	public static final String BASELINE = "baseline", SEED = "seed";
	static final String STEPS = "steps", INTEGRATION = "integration", BLUR_SIGMA = "blur-sigma", BASELINE_IMAGE = "baseline-image";
	public static final String COMPLETENESS_GAP = "completeness gap";

	@Override public String name() { return "integrated-gradients"; }

	@Override public String title() { return "Integrated Gradients"; }

	@Override
	public List<MethodParameter> parameters() {
		return NoiseTunnel.withParameters(withBaseline("seed of the noise baseline (and of the smoothing noise)",
			MethodParameter.integer(STEPS, "Steps", 64, 1, 10000, "points on the path from baseline to image"),
			MethodParameter.choice(INTEGRATION, "Integration", "Gauss-Legendre quadrature (as Captum), or the right Riemann sum (as tf-explain)",
				"gauss-legendre", "riemann")));
	}

	/** The baseline's kind, a method's own parameters, then what the blur, noise and image baselines need (read by {@link #baselines}). */
	static List<MethodParameter> withBaseline(String seedHelp, MethodParameter... own) {
		List<MethodParameter> parameters = new ArrayList<>();
		parameters.add(MethodParameter.choice(BASELINE, "Baseline", "what 'no signal' is: black/white = the slice's smallest/largest value per channel, zero, "
			+ "a blurred copy, uniform noise in the slice's range, or another image", "black", "white", "zero", "blur", "noise", "image"));
		parameters.addAll(List.of(own));
		parameters.add(MethodParameter.number(BLUR_SIGMA, "Blur sigma (pixels)", 5, 0, 1000, "Gaussian blur of the blur baseline"));
		parameters.add(MethodParameter.integer(SEED, "Random seed", 0, Integer.MIN_VALUE, Integer.MAX_VALUE, seedHelp));
		parameters.add(MethodParameter.image(BASELINE_IMAGE, "Baseline image", "the image used as baseline when baseline=image (same size)"));
		return List.copyOf(parameters);
	}

	@Override
	public Explanation attribute(ExplainJob job) {
		FloatBatch input = job.input();
		MethodSettings.Values settings = job.settings();
		int steps = settings.integer(STEPS), size = input.sampleSize(), count = input.count();
		double[][] quadrature = settings.text(INTEGRATION).equals("riemann") ? riemann(steps) : gaussLegendre(steps);
		FloatBatch baselines = baselines(input, settings);
		SampleChunks.Scores scores = SampleChunks.scores(job);
		double[] integral = new double[count * size];
		SampleChunks.Samples path = new SampleChunks.Samples() {
			@Override public int count() { return count * steps; }

			@Override public void fill(int index, float[] into, int offset) {
				int n = index / steps;
				float alpha = (float) quadrature[0][index % steps];
				for (int i = 0; i < size; i++) {
					float x0 = baselines.data()[n * size + i];
					into[offset + i] = x0 + alpha * (input.data()[n * size + i] - x0);
				}
			}

			@Override public int target(int index) { return scores.targets()[index / steps]; }
		};
		SampleChunks.gradients(job, path, null, null, title(), (index, pass, row) -> {
			double weight = quadrature[1][index % steps];
			int at = (index / steps) * size;
			for (int i = 0; i < size; i++) integral[at + i] += weight * pass.gradient().data()[row * size + i];
		});
		FloatBatch raw = FloatBatch.zeros(count, input.height(), input.width(), input.channels());
		float[] gaps = new float[count];
		float[] baselineScores = baselineScores(job, baselines, scores.targets());
		for (int n = 0; n < count; n++) {
			double total = 0;
			for (int i = n * size; i < (n + 1) * size; i++) {
				raw.data()[i] = (float) ((input.data()[i] - baselines.data()[i]) * integral[i]);
				total += raw.data()[i];
			}
			gaps[n] = completenessGap(total, scores.scores()[n] - baselineScores[n], scores.scores()[n]);
		}
		String details = String.format(Locale.ROOT, "baseline %s, %d %s steps", settings.text(BASELINE), steps, settings.text(INTEGRATION));
		return SampleChunks.result(this, job, job.options().raw() ? raw : shown(job, raw), List.of(), scores, display(job.options().raw()),
			Map.of(COMPLETENESS_GAP, gaps), details);
	}

	@Override
	public FloatBatch shown(ExplainJob job, FloatBatch raw) {
		return ChannelReduction.SUM.reduceAll(raw);
	}

	@Override
	public Explanation.Display display(boolean raw) {
		return Explanation.Display.SIGNED;
	}

	/**
	 * |total − difference| / |difference|, difference = S(x) − S(x₀): how far attributions that should add up to the score
	 * difference are from it (IG's completeness, SHAP's efficiency); where baseline and image score
	 * alike, relative to the score's scale, 1e-6·(1 + |S(x)|).
	 */
	public static float completenessGap(double total, double difference, double score) {
		return (float) (Math.abs(total - difference) / Math.max(Math.abs(difference), 1e-6 * (1 + Math.abs(score))));
	}

	private static float[] baselineScores(ExplainJob job, FloatBatch baselines, int[] targets) {
		float[] scores = new float[targets.length];
		SampleChunks.forward(job, SampleChunks.each(baselines, targets), Progress.NONE, "baseline", (index, pass, row) -> {
			scores[index] = job.score(pass, row, targets[index], index);
		});
		return scores;
	}

	/** The baseline of every slice, in model-input space (also the fill of the faithfulness metrics). */
	public static FloatBatch baselines(FloatBatch input, MethodSettings.Values settings) {
		String kind = settings.text(BASELINE);
		int size = input.sampleSize(), channels = input.channels();
		if (!kind.equals("image") && settings.image(BASELINE_IMAGE) != null) {
			throw new XaiException("a baseline image was given, but baseline is " + kind + "; choose baseline=image to use it");
		}
		if (kind.equals("image")) {
			FloatBatch image = settings.image(BASELINE_IMAGE);
			if (image == null) throw new XaiException("baseline=image needs a baseline image (" + BASELINE_IMAGE + ")");
			if (image.height() != input.height() || image.width() != input.width() || image.channels() != channels) {
				throw new XaiException("the baseline image has " + image.width() + "x" + image.height() + "x" + image.channels() + " values, the image "
					+ input.width() + "x" + input.height() + "x" + channels);
			}
			if (image.count() != 1 && image.count() != input.count()) {
				throw new XaiException("the baseline image has " + image.count() + " slices; give one, or as many as the image (" + input.count() + ")");
			}
		}
		FloatBatch baselines = FloatBatch.zeros(input.count(), input.height(), input.width(), channels);
		for (int n = 0; n < input.count(); n++) {
			float[] values = new float[size];
			switch (kind) {
				case "black":
				case "white": {
					float[] extreme = new float[channels];
					java.util.Arrays.fill(extreme, kind.equals("black") ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY);
					for (int i = 0; i < size; i++) {
						float v = input.data()[n * size + i];
						extreme[i % channels] = kind.equals("black") ? Math.min(extreme[i % channels], v) : Math.max(extreme[i % channels], v);
					}
					for (int i = 0; i < size; i++) values[i] = extreme[i % channels];
					break;
				}
				case "blur":
					values = Filters.gaussianBlur(input, n, settings.number(BLUR_SIGMA));
					break;
				case "noise": {
					float[] range = SampleChunks.range(input, n);
					Random random = new Random(settings.integer(SEED));
					for (int i = 0; i < size; i++) values[i] = range[0] + random.nextFloat() * (range[1] - range[0]);
					break;
				}
				case "image": {
					FloatBatch image = settings.image(BASELINE_IMAGE);
					System.arraycopy(image.data(), (image.count() == 1 ? 0 : n) * size, values, 0, size);
					break;
				}
				default: // zero
			}
			System.arraycopy(values, 0, baselines.data(), n * size, size);
		}
		return baselines;
	}

	/** Right Riemann sum: α = k/m, k = 1..m, weights 1/m. */
	static double[][] riemann(int steps) {
		double[][] rule = new double[2][steps];
		for (int k = 0; k < steps; k++) {
			rule[0][k] = (k + 1.0) / steps;
			rule[1][k] = 1.0 / steps;
		}
		return rule;
	}

	/** Gauss–Legendre nodes and weights on [0, 1] (Newton's method on the Legendre polynomial). */
	public static double[][] gaussLegendre(int steps) {
		double[][] rule = new double[2][steps];
		for (int i = 0; i < steps; i++) {
			double t = Math.cos(Math.PI * (i + 0.75) / (steps + 0.5)), derivative = 1;
			for (int iteration = 0; iteration < 100; iteration++) {
				double p0 = 1, p1 = t;
				for (int k = 2; k <= steps; k++) {
					double p2 = ((2 * k - 1) * t * p1 - (k - 1) * p0) / k;
					p0 = p1;
					p1 = p2;
				}
				derivative = steps * (t * p1 - p0) / (t * t - 1);
				double step = p1 / derivative;
				t -= step;
				if (Math.abs(step) < 1e-15) break;
			}
			rule[0][i] = (1 - t) / 2;
			rule[1][i] = 1 / ((1 - t * t) * derivative * derivative);
		}
		return rule;
	}
}
