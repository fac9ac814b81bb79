package ijxai.engine.attack;

import java.util.stream.IntStream;

import ijxai.engine.FloatBatch;

/**
 * One step along the loss gradient: FGSM (Goodfellow et al. 2015), a' = a + ε·sign(∇J), or the
 * normalized-gradient step a' = a + ε·∇J / max|∇J|, whose perturbation recapitulates input
 * features. Untargeted steps up the loss of the label; targeted steps down the loss of the target.
 */
public final class GradientStep extends AttackMethod {

	public static final GradientStep FGSM = new GradientStep("fgsm", "FGSM", true);
	public static final GradientStep NORMALIZED = new GradientStep("normgrad", "Normalized gradient step", false);

	private final String name, title;
	private final boolean sign;

	private GradientStep(String name, String title, boolean sign) {
		this.name = name;
		this.title = title;
		this.sign = sign;
	}

	@Override public String name() { return name; }

	@Override public String title() { return title; }

	@Override
	protected Result attack(Context context) {
		FloatBatch input = context.input();
		FloatBatch gradient = context.clean().gradient();
		int size = input.sampleSize();
		FloatBatch adversarial = FloatBatch.zeros(input.count(), input.height(), input.width(), input.channels());
		// samples are independent: stepped on all cores
		IntStream.range(0, input.count()).parallel().forEach(n -> {
			double scale = 0;
			// FGSM steps along the sign: only the normalized step needs the gradient's largest magnitude
			if (!sign) for (int i = n * size; i < (n + 1) * size; i++) scale = Math.max(scale, Math.abs(gradient.data()[i]));
			double epsilon = context.epsilon(n);
			for (int i = n * size; i < (n + 1) * size; i++) {
				float g = gradient.data()[i];
				double step = sign ? signOf(g) : scale > 0 ? g / scale : 0;
				adversarial.data()[i] = (float) context.space().clip(n, input.data()[i] + epsilon * step);
			}
		});
		int[] iterations = new int[input.count()];
		java.util.Arrays.fill(iterations, 1);
		return new Result(adversarial, iterations, false);
	}
}
