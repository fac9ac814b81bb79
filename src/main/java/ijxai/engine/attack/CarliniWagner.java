package ijxai.engine.attack;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import ijxai.engine.FloatBatch;
import ijxai.engine.ImageSpace;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.model.LoadedModel;

/**
 * Carlini–Wagner L2 (Carlini and Wagner 2017): minimizes ‖x' − x‖² + c·f(x') with Adam, where f is
 * the hinge on the logits (pre-activation scores) max(Z_t − max_{i≠t} Z_i + κ, 0) away from the
 * label t (untargeted) or max(max_{i≠t} Z_i − Z_t + κ, 0) towards the target t, in the tanh
 * variables x' = low + (high − low)(tanh(w)/s + 1)/2 that keep x' inside the box (the values the
 * image type holds, in model units, as ART's clip values; a 32-bit image: its own value range;
 * s = 0.999999 keeps arctanh finite, as in ART). A binary search over c per sample: after a
 * success c is bisected towards the lower bound, after a failure it grows tenfold until a success
 * bounds it (the authors' implementation). The smallest successful x' of all searches is the
 * result; a sample never fooled keeps its input. All samples step together, one forward and one
 * gradient call per chunk and Adam step; ε is not a bound: the resulting L2 norm is reported.
 */
public final class CarliniWagner extends AttackMethod {

	static final String SEARCH_STEPS = "search-steps", INITIAL_C = "initial-c", LEARNING_RATE = "learning-rate", MAX_ITERATIONS = "max-iterations",
		CONFIDENCE = "confidence";
	/** Keeps arctanh of the box's bounds finite (ART's tanh smoother). */
	private static final double SMOOTHER = 0.999999;

	@Override public String name() { return "cw"; }

	@Override public String title() { return "Carlini–Wagner L2"; }

	@Override
	protected List<MethodParameter> ownParameters() {
		return List.of(
			MethodParameter.integer(SEARCH_STEPS, "Binary search steps", 5, 1, 1000, "how many values of the constant c are tried per sample"),
			MethodParameter.number(INITIAL_C, "Initial c", 1, 1e-10, 1e10, "the first weight of the classification term against the squared L2 norm"),
			MethodParameter.number(LEARNING_RATE, "Learning rate", 0.01, 1e-10, 1e10, "Adam's step size in the tanh variables"),
			MethodParameter.integer(MAX_ITERATIONS, "Max iterations", 100, 1, 100000, "Adam steps per binary search step"),
			MethodParameter.number(CONFIDENCE, "Confidence (kappa)", 0, 0, 1e10, "logit margin the adversarial class must win by"));
	}

	/** Sample n's box [low, high] in model units and its input in the tanh variables. */
	private record Box(double[] low, double[] high, double[] w0) {

		/** Clamped: tanh(w) / s rounds a little past ±1 at the box's bounds. */
		double toInput(int n, double w) {
			return ImageSpace.clamp(low[n] + (high[n] - low[n]) * (Math.tanh(w) / SMOOTHER + 1) / 2, low[n], high[n]);
		}
	}

	@Override
	protected Result attack(Context context) {
		FloatBatch input = context.input();
		int count = input.count(), size = input.sampleSize(), classes = context.model().info().classCount();
		int searchSteps = context.settings().integer(SEARCH_STEPS), maxIterations = context.settings().integer(MAX_ITERATIONS);
		double rate = context.settings().number(LEARNING_RATE), confidence = context.settings().number(CONFIDENCE);
		Box box = box(input, context.space());
		double[] c = new double[count], lower = new double[count], upper = new double[count], best = new double[count];
		Arrays.fill(c, context.settings().number(INITIAL_C));
		Arrays.fill(upper, Double.POSITIVE_INFINITY);
		Arrays.fill(best, Double.POSITIVE_INFINITY);
		FloatBatch adversarial = input.slice(0, count);
		int[] iterations = new int[count];
		String logits = context.model().logitsTensor().op().name() + ":" + context.model().logitsTensor().index();
		for (int step = 0; step < searchSteps; step++) {
			double[] w = box.w0().clone(), m = new double[w.length], v = new double[w.length];
			boolean[] fooled = new boolean[count];
			FloatBatch x = FloatBatch.zeros(count, input.height(), input.width(), input.channels());
			// the last pass only scores the final iterate: no Adam step after it
			for (int t = 0; t <= maxIterations; t++) {
				context.progress().checkCanceled();
				context.progress().report(step * maxIterations + Math.min(t, maxIterations - 1), searchSteps * maxIterations, title());
				IntStream.range(0, count).parallel().forEach(n -> {
					for (int i = n * size; i < (n + 1) * size; i++) x.data()[i] = (float) box.toInput(n, w[i]);
				});
				float[] seed = new float[count * classes];
				FloatBatch gradient = t < maxIterations ? FloatBatch.zeros(count, input.height(), input.width(), input.channels()) : null;
				for (int from = 0; from < count; from += context.options().batchSize()) {
					int to = Math.min(count, from + context.options().batchSize());
					FloatBatch chunk = x.samples(from, to);
					float[] z = context.model().predict(chunk).logits();
					for (int n = from; n < to; n++) {
						double l2 = squaredDistance(x, input, n);
						int goal = context.goal().classes()[n], other = strongestOther(z, n - from, classes, goal);
						double margin = z[(n - from) * classes + goal] - z[(n - from) * classes + other];
						// f = max(±margin + κ, 0): the goal's logit above (targeted) or below (untargeted) every other by κ
						double hinge = (context.goal().targeted() ? -margin : margin) + confidence;
						if (hinge <= 0) {
							fooled[n] = true;
							if (l2 < best[n]) {
								best[n] = l2;
								for (int i = n * size; i < (n + 1) * size; i++) adversarial.data()[i] = x.data()[i];
							}
						}
						else {
							float sign = context.goal().targeted() ? -1 : 1;
							seed[n * classes + goal] = (float) (sign * c[n]);
							seed[n * classes + other] = (float) (-sign * c[n]);
						}
					}
					if (gradient != null) gradient.put(from, context.model().layerGradient(chunk, logits, Arrays.copyOfRange(seed, from * classes, to * classes)));
				}
				if (gradient == null) break;
				adamStep(t + 1, rate, box, input, x, gradient, w, m, v);
				for (int n = 0; n < count; n++) iterations[n]++;
			}
			for (int n = 0; n < count; n++) {
				if (fooled[n]) upper[n] = Math.min(upper[n], c[n]);
				else lower[n] = Math.max(lower[n], c[n]);
				c[n] = upper[n] < Double.POSITIVE_INFINITY ? (lower[n] + upper[n]) / 2 : c[n] * 10;
			}
		}
		context.progress().report(searchSteps * maxIterations, searchSteps * maxIterations, title());
		return new Result(adversarial, iterations, true);
	}

	/**
	 * One Adam step (β1 0.9, β2 0.999, ε 1e-8) on the tanh variables: the gradient of ‖x' − x‖² +
	 * c·f is 2(x' − x) plus the seeded logit gradient, times dx'/dw.
	 */
	private static void adamStep(int t, double rate, Box box, FloatBatch input, FloatBatch x, FloatBatch logitGradient, double[] w, double[] m, double[] v) {
		int size = input.sampleSize();
		double correction1 = 1 - Math.pow(0.9, t), correction2 = 1 - Math.pow(0.999, t);
		IntStream.range(0, input.count()).parallel().forEach(n -> {
			double halfRange = (box.high()[n] - box.low()[n]) / 2;
			for (int i = n * size; i < (n + 1) * size; i++) {
				double tanh = Math.tanh(w[i]);
				double g = (2 * (x.data()[i] - input.data()[i]) + logitGradient.data()[i]) * halfRange * (1 - tanh * tanh) / SMOOTHER;
				m[i] = 0.9 * m[i] + 0.1 * g;
				v[i] = 0.999 * v[i] + 0.001 * g * g;
				w[i] -= rate * (m[i] / correction1) / (Math.sqrt(v[i] / correction2) + 1e-8);
			}
		});
	}

	/** The box of every sample (what the image type holds, or a 32-bit image's own range) and the input's tanh variables. */
	private static Box box(FloatBatch input, ImageSpace space) {
		int count = input.count(), size = input.sampleSize();
		double[] low = new double[count], high = new double[count], w0 = new double[input.data().length];
		for (int n = 0; n < count; n++) {
			boolean bounded = Double.isFinite(space.minimum()) && Double.isFinite(space.maximum());
			double a = bounded ? space.toModel(n, space.minimum()) : Double.POSITIVE_INFINITY, b = bounded ? space.toModel(n, space.maximum()) : Double.NEGATIVE_INFINITY;
			if (!bounded) for (int i = n * size; i < (n + 1) * size; i++) {
				a = Math.min(a, input.data()[i]);
				b = Math.max(b, input.data()[i]);
			}
			low[n] = Math.min(a, b);
			// a constant 32-bit image has no range of its own: one model unit above it
			high[n] = Math.max(a, b) > low[n] ? Math.max(a, b) : low[n] + 1;
			for (int i = n * size; i < (n + 1) * size; i++) {
				double unit = ImageSpace.clamp((input.data()[i] - low[n]) / (high[n] - low[n]), 0, 1);
				w0[i] = atanh((2 * unit - 1) * SMOOTHER);
			}
		}
		return new Box(low, high, w0);
	}

	private static double atanh(double value) {
		return 0.5 * Math.log((1 + value) / (1 - value));
	}

	private static double squaredDistance(FloatBatch a, FloatBatch b, int n) {
		int size = a.sampleSize();
		double sum = 0;
		for (int i = n * size; i < (n + 1) * size; i++) {
			double d = a.data()[i] - b.data()[i];
			sum += d * d;
		}
		return sum;
	}

	/** The class other than {@code goal} with the largest logit, of sample n of a chunk's [N·K] logits. */
	private static int strongestOther(float[] logits, int n, int classes, int goal) {
		int other = goal == 0 ? 1 : 0;
		for (int k = 0; k < classes; k++) if (k != goal && logits[n * classes + k] > logits[n * classes + other]) other = k;
		return other;
	}
}
