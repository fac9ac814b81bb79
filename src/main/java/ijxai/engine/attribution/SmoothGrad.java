package ijxai.engine.attribution;

import java.lang.ref.SoftReference;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ijxai.engine.FloatBatch;
import ijxai.engine.method.ChannelReduction;
import ijxai.engine.method.ExplainJob;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.method.SampleChunks;

/**
 * SmoothGrad (Smilkov et al. 2017): gradients averaged over noisy copies of each slice, noise
 * σ = noise level × (max − min of the slice). Variants: SmoothGrad² (mean of the squared
 * gradients) and VarGrad (their variance, Adebayo et al.). All noisy copies go through TensorFlow
 * in batches. The noise is {@code new java.util.Random(seed).nextGaussian()}, drawn anew for each
 * slice (sample by sample, values in H·W·C order): every slice gets the same noise pattern, scaled
 * by its own σ, so a result can be reproduced exactly, whatever the slice's position in a stack.
 */
public final class SmoothGrad implements Explainer {

	static final String NOISE = "noise", SAMPLES = "samples", VARIANT = "variant", SEED = "seed";
	/** At most this many noise values (doubles) are kept for reuse by the slices. */
	private static final long PATTERN_CACHE = 1 << 22;

	/** Noise patterns as every slice draws them: {@code samples} × {@code size} values of one generator. */
	private record NoisePatterns(int seed, int samples, int size, double[] values) {}

	/**
	 * The last patterns drawn, kept (softly) for the next call with the same seed, samples and
	 * slice size: a stack explained in batches, or one image at a time, would draw them again, and
	 * drawing takes longer than TensorFlow's work on small images.
	 */
	private static SoftReference<NoisePatterns> lastPatterns = new SoftReference<>(null);

	@Override public String name() { return "smoothgrad"; }

	@Override public String title() { return "SmoothGrad"; }

	@Override
	public List<MethodParameter> parameters() {
		return List.of(
			MethodParameter.number(NOISE, "Noise level", 0.15, 0, 10, "noise σ as a fraction of the slice's value range (0.1–0.2 suit most images)"),
			MethodParameter.integer(SAMPLES, "Samples", 50, 1, 100000, "noisy copies per slice"),
			MethodParameter.choice(VARIANT, "Variant", "smoothgrad: mean gradient; squared: mean of squared gradients (SmoothGrad²); vargrad: their variance",
				"smoothgrad", "squared", "vargrad"),
			MethodParameter.integer(SEED, "Random seed", 0, Integer.MIN_VALUE, Integer.MAX_VALUE, "the same seed gives the same noise"));
	}

	@Override
	public Explanation explain(ExplainJob job) {
		FloatBatch input = job.input();
		MethodSettings.Values settings = job.settings();
		int samples = settings.integer(SAMPLES), size = input.sampleSize();
		String variant = settings.text(VARIANT);
		SampleChunks.Scores scores = SampleChunks.scores(job);
		double[] sum = new double[input.count() * size], squares = new double[sum.length];
		float[] sigma = new float[input.count()];
		for (int n = 0; n < input.count(); n++) {
			float[] range = SampleChunks.range(input, n);
			sigma[n] = (float) (settings.number(NOISE) * (range[1] - range[0]));
		}
		double[] patterns = (long) samples * size <= PATTERN_CACHE ? patterns(settings.integer(SEED), samples, size) : null;
		SampleChunks.Samples noisy = new SampleChunks.Samples() {
			// without kept patterns: one generator per slice, consumed in sample order (SampleChunks asks for samples in order)
			private Random random;
			private int next = -1;

			@Override public int count() { return input.count() * samples; }

			@Override public void fill(int index, float[] into, int offset) {
				int slice = index / samples, sample = index % samples;
				if (patterns == null) {
					if (sample == 0) random = new Random(settings.integer(SEED));
					else if (index != next) throw new IllegalStateException("noisy samples must be drawn in order");
					next = index + 1;
				}
				for (int i = 0; i < size; i++) {
					double z = patterns != null ? patterns[sample * size + i] : random.nextGaussian();
					into[offset + i] = input.data()[slice * size + i] + (float) (sigma[slice] * z);
				}
			}

			@Override public int target(int index) { return scores.targets()[index / samples]; }
		};
		SampleChunks.gradients(job, noisy, null, null, title(), (index, pass, row) -> {
			float[] g = pass.gradient().data();
			int at = (index / samples) * size;
			for (int i = 0; i < size; i++) {
				float value = g[row * size + i];
				sum[at + i] += value;
				squares[at + i] += (double) value * value;
			}
		});
		FloatBatch raw = FloatBatch.zeros(input.count(), input.height(), input.width(), input.channels());
		for (int i = 0; i < sum.length; i++) {
			double mean = sum[i] / samples, meanSquare = squares[i] / samples;
			raw.data()[i] = (float) (variant.equals("smoothgrad") ? mean : variant.equals("squared") ? meanSquare : Math.max(0, meanSquare - mean * mean));
		}
		String details = String.format(java.util.Locale.ROOT, "%s, noise %s, %d samples", variant, settings.text(NOISE), samples);
		return SampleChunks.result(this, job, job.options().raw() ? raw : ChannelReduction.MAX_ABS.reduceAll(raw), List.of(), scores,
			Explanation.Display.of(job.options().raw() && variant.equals("smoothgrad")), Map.of(), details);
	}

	/** Every slice restarts the generator, so the slices share these patterns. */
	private static synchronized double[] patterns(int seed, int samples, int size) {
		NoisePatterns last = lastPatterns.get();
		if (last != null && last.seed() == seed && last.samples() == samples && last.size() == size) return last.values();
		Random random = new Random(seed);
		double[] values = new double[samples * size];
		for (int i = 0; i < values.length; i++) values[i] = random.nextGaussian();
		lastPatterns = new SoftReference<>(new NoisePatterns(seed, samples, size, values));
		return values;
	}
}
