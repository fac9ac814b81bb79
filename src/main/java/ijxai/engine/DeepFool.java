package ijxai.engine;

import java.util.List;

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
		LoadedModel model = context.model();
		int count = input.count(), size = input.sampleSize(), classes = model.info().classCount();
		double overshoot = context.settings().number(OVERSHOOT);
		int maxIterations = context.settings().integer(MAX_ITERATIONS);
		FloatBatch adversarial = FloatBatch.zeros(count, input.height(), input.width(), input.channels());
		System.arraycopy(input.data(), 0, adversarial.data(), 0, adversarial.data().length);
		int[] iterations = new int[count];
		for (int n = 0; n < count; n++) {
			context.progress().checkCanceled();
			context.progress().report(n, count, title());
			double[] total = new double[size];
			FloatBatch x = input.slice(n, n + 1);
			int origin = context.goal().targeted() ? -1 : context.goal().classes()[n];
			for (int t = 0; t < maxIterations; t++) {
				// every class's gradient at once: the sample repeated, seeded with each class
				float[] repeated = new float[classes * size];
				int[] all = new int[classes];
				for (int k = 0; k < classes; k++) {
					System.arraycopy(x.data(), 0, repeated, k * size, size);
					all[k] = k;
				}
				LoadedModel.Pass pass = model.gradients(new FloatBatch(classes, input.height(), input.width(), input.channels(), repeated), all,
					ScoreKind.LOGIT, null, null);
				float[] logits = java.util.Arrays.copyOf(pass.logits(), classes);
				int current = Predictions.predictedClass(model.info(), logits, 0, 1);
				if (context.goal().reached(n, current)) break;
				int from = context.goal().targeted() ? current : origin;
				double best = Double.POSITIVE_INFINITY, bestF = 0;
				double[] bestW = null;
				for (int k = 0; k < classes; k++) {
					if (k == from || context.goal().targeted() && k != context.goal().classes()[n]) continue;
					double[] w = new double[size];
					double norm = 0;
					for (int i = 0; i < size; i++) {
						w[i] = pass.gradient().data()[k * size + i] - pass.gradient().data()[from * size + i];
						norm += w[i] * w[i];
					}
					double f = logits[k] - logits[from];
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
				for (int i = 0; i < size; i++) x.data()[i] = (float) context.space().clip(n, input.data()[n * size + i] + (1 + overshoot) * total[i]);
				iterations[n] = t + 1;
			}
			adversarial.put(n, x);
		}
		context.progress().report(count, count, title());
		return new Result(adversarial, iterations, true);
	}
}
