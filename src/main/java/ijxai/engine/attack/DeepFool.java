package ijxai.engine.attack;

import java.util.List;

import ijxai.engine.FloatBatch;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.Predictions;
import ijxai.engine.model.ScoreKind;

/**
 * DeepFool (Moosavi-Dezfooli et al. 2016): the smallest L2 step to the nearest decision boundary of
 * the linearized classifier, repeated until the class changes (targeted: towards the target's
 * boundary only), with overshoot. The gradients of all classes of a sample come from one batched
 * TensorFlow call. Its ε is not a bound: the resulting L2 norm is reported.
 */
public final class DeepFool extends AttackMethod {

	static final String OVERSHOOT = "overshoot", MAX_ITERATIONS = "max-iterations";

	@Override public String name() { return "deepfool"; }

	@Override public String title() { return "DeepFool"; }

	@Override
	protected List<MethodParameter> ownParameters() {
		return List.of(
			MethodParameter.number(OVERSHOOT, "Overshoot", 0.02, 0, 10, "how far past the boundary, as a fraction of the step"),
			MethodParameter.integer(MAX_ITERATIONS, "Max iterations", 50, 1, 10000, "give up after this many steps"));
	}

	@Override
	protected Result attack(Context context) {
		FloatBatch input = context.input();
		int count = input.count();
		FloatBatch adversarial = FloatBatch.zeros(count, input.height(), input.width(), input.channels());
		int[] iterations = new int[count];
		for (int n = 0; n < count; n++) {
			context.progress().checkCanceled();
			context.progress().report(n, count, title());
			Goal goal = context.goal();
			int target = goal.targeted() ? goal.classes()[n] : -1;
			int[] used = new int[1];
			int sample = n;
			adversarial.put(n, toBoundary(context.model(), input.slice(n, n + 1), goal.targeted() ? -1 : goal.classes()[n], target,
				context.settings().number(OVERSHOOT), context.settings().integer(MAX_ITERATIONS), v -> (float) context.space().clip(sample, v), used));
			iterations[n] = used[0];
		}
		context.progress().report(count, count, title());
		return new Result(adversarial, iterations, true);
	}

	/** Clips a model value to what the image can hold. */
	interface Clip {
		float apply(float value);
	}

	/**
	 * DeepFool on one sample: steps to the nearest linearized boundary (away from class
	 * {@code from}, or, with {@code target} ≥ 0, towards the target only) until the class changes;
	 * the gradients of all classes come from one batched TensorFlow call per step.
	 *
	 * @param iterations receives the number of steps taken
	 */
	static FloatBatch toBoundary(LoadedModel model, FloatBatch sample, int from, int target, double overshoot, int maxIterations, Clip clip, int[] iterations) {
		int size = sample.sampleSize(), classes = model.info().classCount();
		double[] total = new double[size];
		FloatBatch x = sample.slice(0, 1);
		for (int t = 0; t < maxIterations; t++) {
			// every class's gradient at once: the sample repeated, seeded with each class
			float[] repeated = new float[classes * size];
			int[] all = new int[classes];
			for (int k = 0; k < classes; k++) {
				System.arraycopy(x.data(), 0, repeated, k * size, size);
				all[k] = k;
			}
			LoadedModel.Pass pass = model.gradients(new FloatBatch(classes, x.height(), x.width(), x.channels(), repeated), all, ScoreKind.LOGIT, null, null);
			float[] logits = java.util.Arrays.copyOf(pass.logits(), classes);
			int current = Predictions.predictedClass(model.info(), logits, 0, 1);
			if (target >= 0 ? current == target : current != from) break;
			int source = target >= 0 ? current : from;
			double best = Double.POSITIVE_INFINITY, bestF = 0;
			double[] bestW = null;
			for (int k = 0; k < classes; k++) {
				if (k == source || target >= 0 && k != target) continue;
				double[] w = new double[size];
				double norm = 0;
				for (int i = 0; i < size; i++) {
					w[i] = pass.gradient().data()[k * size + i] - pass.gradient().data()[source * size + i];
					norm += w[i] * w[i];
				}
				double f = logits[k] - logits[source];
				double distance = Math.abs(f) / Math.max(Math.sqrt(norm), 1e-12);
				if (distance < best) {
					best = distance;
					bestF = f;
					bestW = w;
				}
			}
			double wNorm2 = 0;
			for (double v : bestW) wNorm2 += v * v;
			double factor = (Math.abs(bestF) + 1e-4) / Math.max(wNorm2, 1e-24);
			for (int i = 0; i < size; i++) total[i] += factor * bestW[i];
			for (int i = 0; i < size; i++) x.data()[i] = clip.apply((float) (sample.data()[i] + (1 + overshoot) * total[i]));
			iterations[0] = t + 1;
		}
		return x;
	}
}
