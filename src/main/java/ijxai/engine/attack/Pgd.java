package ijxai.engine.attack;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import ijxai.engine.FloatBatch;
import ijxai.engine.ImageSpace;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.model.Predictions;

/**
 * Iterative FGSM / projected gradient descent (Kurakin et al. 2017; Madry et al. 2018) in an L∞
 * or L2 ball of radius ε: steps along the sign (L∞) or the direction (L2) of the loss gradient,
 * projected back into the ball and the image's value range, optionally from a random start. A
 * sample stops as soon as it reaches its goal (untargeted: another class; targeted: the target).
 */
public final class Pgd extends AttackMethod {

	static final String NORM = "norm", STEP = "step", STEPS = "steps", RANDOM_START = "random-start";

	@Override public String name() { return "pgd"; }

	@Override public String title() { return "PGD / iterative FGSM"; }

	@Override
	protected List<MethodParameter> ownParameters() {
		return List.of(
			MethodParameter.choice(NORM, "Norm", "the ball the perturbation stays in", "linf", "l2"),
			MethodParameter.number(STEP, "Step size (0: epsilon / 4)", 0, 0, 1e30, "step size in epsilon's units; 0: epsilon / 4"),
			MethodParameter.integer(STEPS, "Steps", 20, 1, 100000, "at most this many steps"),
			MethodParameter.choice(RANDOM_START, "Random start", "start from a random point in the ball", "no", "yes"));
	}

	@Override
	protected Result attack(Context context) {
		FloatBatch input = context.input();
		ImageSpace space = context.space();
		boolean l2 = context.settings().text(NORM).equals("l2");
		int count = input.count(), size = input.sampleSize(), steps = context.settings().integer(STEPS);
		double[] epsilon = new double[count], step = new double[count];
		for (int n = 0; n < count; n++) {
			epsilon[n] = context.epsilon(n);
			double given = context.settings().number(STEP);
			boolean model = context.settings().text(UNITS).equals("model");
			step[n] = given > 0 ? (model ? given : context.space().lengthToModel(n, given)) : epsilon[n] / 4;
		}
		FloatBatch x = FloatBatch.zeros(count, input.height(), input.width(), input.channels());
		System.arraycopy(input.data(), 0, x.data(), 0, x.data().length);
		if (context.settings().text(RANDOM_START).equals("yes")) {
			Random random = new Random(context.settings().integer(SEED));
			for (int n = 0; n < count; n++) {
				double[] delta = new double[size];
				for (int i = 0; i < size; i++) delta[i] = l2 ? random.nextGaussian() : (2 * random.nextDouble() - 1) * epsilon[n];
				if (l2) scaleTo(delta, epsilon[n] * Math.pow(random.nextDouble(), 1.0 / size));
				for (int i = 0; i < size; i++) x.data()[n * size + i] = (float) space.clip(n, input.data()[n * size + i] + delta[i]);
			}
		}
		int[] iterations = new int[count];
		boolean[] done = new boolean[count];
		// at the clean input the explanation's own TensorFlow call already gave probabilities and gradient
		LossGradient here = context.settings().text(RANDOM_START).equals("yes") ? null : context.clean();
		for (int t = 0; t < steps; t++) {
			context.progress().checkCanceled();
			context.progress().report(t, steps, title());
			// one TensorFlow call per step: whether each sample reached its goal, and the loss gradient there
			if (here == null) here = lossGradient(context.model(), x, context.goal(), context.options());
			int open = 0;
			for (int n = 0; n < count; n++) {
				done[n] |= context.goal().reached(n, Predictions.mostProbable(here.probabilities(), n, context.model().info().classCount()));
				if (!done[n]) open++;
			}
			if (open == 0) break;
			FloatBatch gradient = here.gradient();
			here = null;
			// samples step independently: on all cores, between two TensorFlow calls
			IntStream.range(0, count).parallel().forEach(n -> {
				if (done[n]) return;
				iterations[n]++;
				double[] delta = new double[size];
				double norm = 0;
				if (l2) {
					for (int i = 0; i < size; i++) norm += (double) gradient.data()[n * size + i] * gradient.data()[n * size + i];
					norm = Math.sqrt(norm);
				}
				for (int i = 0; i < size; i++) {
					int at = n * size + i;
					double g = gradient.data()[at];
					double moved = x.data()[at] + step[n] * (l2 ? (norm > 0 ? g / norm : 0) : signOf(g));
					delta[i] = moved - input.data()[at];
					if (!l2) delta[i] = ImageSpace.clamp(delta[i], -epsilon[n], epsilon[n]);
				}
				if (l2 && norm(delta) > epsilon[n]) scaleTo(delta, epsilon[n]);
				for (int i = 0; i < size; i++) x.data()[n * size + i] = (float) space.clip(n, input.data()[n * size + i] + delta[i]);
			});
		}
		context.progress().report(steps, steps, title());
		return new Result(x, iterations, l2);
	}

	private static double norm(double[] v) {
		return Math.sqrt(Arrays.stream(v).map(a -> a * a).sum());
	}

	private static void scaleTo(double[] v, double length) {
		double norm = norm(v);
		if (norm > 0) for (int i = 0; i < v.length; i++) v[i] *= length / norm;
	}
}
