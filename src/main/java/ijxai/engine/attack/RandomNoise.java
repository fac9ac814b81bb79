package ijxai.engine.attack;

import java.util.List;
import java.util.Random;

import ijxai.engine.FloatBatch;
import ijxai.engine.method.MethodParameter;

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
		double[] norms = new double[input.count()];
		for (int n = 0; n < norms.length; n++) norms[n] = context.epsilon(n);
		// seed + 1: not the noise control's draw
		FloatBatch noisy = randomPerturbation(input, context.space(), norms, context.settings().text(NORM).equals("l2"), new Random(context.settings().integer(SEED) + 1));
		int[] iterations = new int[input.count()];
		java.util.Arrays.fill(iterations, 1);
		return new Result(noisy, iterations, context.settings().text(NORM).equals("l2"));
	}
}
