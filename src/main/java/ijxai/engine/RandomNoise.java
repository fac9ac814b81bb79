package ijxai.engine;

import java.util.List;
import java.util.Random;

/**
 * The control of the attacks: random noise of the same size (random signs of ±ε, L∞, or a random
 * direction of length ε, L2), to show that noise of that size rarely changes the answer.
 */
public final class RandomNoise extends AttackMethod {

	static final String NORM = "norm";

	@Override public String name() { return "noise"; }

	@Override public String title() { return "Random noise control"; }

	@Override
	protected List<MethodParameter> ownParameters() {
		return List.of(MethodParameter.choice(NORM, "Norm", "random signs of ±epsilon (linf) or a random direction of length epsilon (l2)", "linf", "l2"));
	}

	@Override
	protected Result attack(Context context) {
		FloatBatch input = context.input();
		boolean l2 = context.settings().text(NORM).equals("l2");
		Random random = new Random(context.settings().integer(SEED) + 1);
		int size = input.sampleSize();
		FloatBatch noisy = FloatBatch.zeros(input.count(), input.height(), input.width(), input.channels());
		for (int n = 0; n < input.count(); n++) {
			double[] drawn = new double[size];
			double norm = 0;
			for (int i = 0; i < size; i++) {
				drawn[i] = l2 ? random.nextGaussian() : (random.nextBoolean() ? 1 : -1);
				norm += drawn[i] * drawn[i];
			}
			double factor = context.epsilon(n) / (l2 ? Math.max(Math.sqrt(norm), 1e-30) : 1);
			for (int i = 0; i < size; i++) noisy.data()[n * size + i] = (float) context.space().clip(n, input.data()[n * size + i] + factor * drawn[i]);
		}
		int[] iterations = new int[input.count()];
		java.util.Arrays.fill(iterations, 1);
		return new Result(noisy, iterations, l2);
	}
}
