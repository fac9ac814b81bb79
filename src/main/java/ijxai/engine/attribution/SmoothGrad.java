package ijxai.engine.attribution;

import java.util.List;
import java.util.Locale;

import ijxai.engine.method.ExplainJob;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.method.NoiseTunnel;

/**
 * SmoothGrad (Smilkov et al. 2017): gradients averaged over noisy copies of each slice, noise
 * σ = noise level × (max − min of the slice). Variants: SmoothGrad² (mean of the squared
 * gradients) and VarGrad (their variance, Adebayo et al.). This is the saliency map in the
 * {@link NoiseTunnel} (with its noise: {@code new java.util.Random(seed).nextGaussian()}, the same
 * pattern for every slice, scaled by its σ), under its own name, options and labels.
 */
public final class SmoothGrad implements Explainer {

	static final String NOISE = NoiseTunnel.NOISE, SAMPLES = NoiseTunnel.SAMPLES, VARIANT = "variant", SEED = NoiseTunnel.SEED;
	private static final Saliency SALIENCY = new Saliency();

	@Override public String name() { return "smoothgrad"; }

	@Override public String title() { return "SmoothGrad"; }

	@Override
	public List<MethodParameter> parameters() {
		return List.of(NoiseTunnel.NOISE_LEVEL, MethodParameter.integer(SAMPLES, "Samples", 50, 1, 100000, "noisy copies per slice"),
			MethodParameter.choice(VARIANT, "Variant", "smoothgrad: mean gradient; squared: mean of squared gradients (SmoothGrad²); vargrad: their variance",
				"smoothgrad", "squared", "vargrad"),
			NoiseTunnel.NOISE_SEED);
	}

	@Override
	public Explanation explain(ExplainJob job) {
		MethodSettings.Values settings = job.settings();
		String variant = settings.text(VARIANT), noise = settings.text(NOISE);
		int samples = settings.integer(SAMPLES);
		NoiseTunnel.Settings smoothing = new NoiseTunnel.Settings(NoiseTunnel.Smoothing.of(variant), noise, samples, settings.integer(SEED));
		String details = String.format(Locale.ROOT, "%s, noise %s, %d samples", variant, noise, samples);
		return NoiseTunnel.smooth(this, SALIENCY, job, smoothing, saliencyDetails -> details);
	}
}
