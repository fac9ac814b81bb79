package ijxai.engine.attack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import ijxai.engine.FloatBatch;
import ijxai.engine.ImageSpace;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.method.ExplainJob;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.Predictions;
import ijxai.engine.model.Target;

/**
 * The base of adversarial attacks: what the model says before and after, the perturbation at true
 * scale and amplified, the adversarial image, the loss gradient, norms, success, whether the
 * example survives being stored at the image's bit depth, and a random-noise control of the same
 * norm. ε and norms are in the image's own units unless {@code units=model}; the adversarial image
 * is clipped to the values the image type holds. The target option picks the attack's goal:
 * {@code predicted} = untargeted (away from {@code label}, by default the predicted class), a class
 * = targeted (towards it). The measures, planes and labels are {@link AttackReport}'s.
 */
public abstract class AttackMethod implements Explainer {

	static final String EPSILON = "epsilon", UNITS = "units", LABEL = "label", SEED = "seed";

	/** The goal of the attack for every sample. */
	protected record Goal(int[] classes, boolean targeted) {
		boolean reached(int sample, int predicted) {
			return targeted ? predicted == classes[sample] : predicted != classes[sample];
		}
	}

	/** What an attack produced: adversarial inputs (model space), iterations per sample, and the norm it bounds (for the noise control). */
	protected record Result(FloatBatch adversarial, int[] iterations, boolean l2) {}

	/** Class probabilities ([N·K]) and the gradient of the attack's loss, of a batch. */
	protected record LossGradient(float[] probabilities, FloatBatch gradient) {}

	/** Everything an attack needs; {@code clean} is the loss gradient at the input, computed once. */
	protected record Context(LoadedModel model, FloatBatch input, ImageSpace space, Goal goal, LossGradient clean, MethodSettings.Values settings,
		ExplainOptions options, Progress progress) {

		/** ε of the settings in model units, per sample. */
		double epsilon(int sample) {
			double epsilon = settings.number(EPSILON);
			return settings.text(UNITS).equals("model") ? epsilon : space.lengthToModel(sample, epsilon);
		}
	}

	protected abstract Result attack(Context context);

	protected List<MethodParameter> ownParameters() {
		return List.of();
	}

	@Override
	public List<MethodParameter> parameters() {
		List<MethodParameter> all = new ArrayList<>(List.of(
			MethodParameter.number(EPSILON, "Epsilon", 8, 0, 1e30, "size of the perturbation (L-inf, or L2 for L2 attacks), in image units (8 = 8 gray levels of 255)"),
			MethodParameter.choice(UNITS, "Units", "epsilon in the image's own values or in model-input values", "image", "model"),
			MethodParameter.className(LABEL, "True label", "", "class the untargeted attack moves away from; empty: the predicted class"),
			MethodParameter.integer(SEED, "Random seed", 0, Integer.MIN_VALUE, Integer.MAX_VALUE, "seed of random starts and of the noise control")));
		all.addAll(ownParameters());
		return all;
	}

	/** The template: the goal, the loss gradient at the input, the attack, then what the model says of its result ({@link AttackReport}). */
	@Override
	public Explanation explain(ExplainJob job) {
		ModelInfo info = job.info();
		checkClassifier(info, title());
		FloatBatch input = job.input();
		int count = input.count(), classes = info.classCount();
		// the goal's class: the target (targeted), the true label, or (null) the predicted class, which the same TensorFlow call finds
		boolean targeted = !job.predicted();
		int[] goalClasses = targeted ? job.targets() : labels(info, job.settings().text(LABEL), count);
		LossGradient clean = lossGradient(job.model(), input, goalClasses, targeted, job.options());
		float[] before = clean.probabilities();
		int[] original = new int[count];
		for (int n = 0; n < count; n++) original[n] = Predictions.mostProbable(before, n, classes);
		Goal goal = new Goal(goalClasses != null ? goalClasses : original, targeted);
		Result result = attack(new Context(job.model(), input, job.space(), goal, clean, job.settings(), job.options(), job.progress()));
		FloatBatch adversarial = result.adversarial();
		FloatBatch stored = map(adversarial, (n, v) -> (float) job.space().stored(n, v));
		FloatBatch noise = noiseControl(input, adversarial, job.space(), result.l2(), job.settings().integer(SEED));
		// the three checks in one series of TensorFlow calls
		float[] checked = Predictions.probabilities(job.model(), concatenate(adversarial, stored, noise), job.options().batchSize());
		int perBatch = count * classes;
		AttackReport.Answers answers = new AttackReport.Answers(before, Arrays.copyOfRange(checked, 0, perBatch), Arrays.copyOfRange(checked, perBatch, 2 * perBatch),
			Arrays.copyOfRange(checked, 2 * perBatch, 3 * perBatch));
		return AttackReport.of(this, job, goal, result, original, clean.gradient(), stored, answers);
	}

	/** The true label option's class for every sample, or null (empty: each sample's predicted class). */
	private static int[] labels(ModelInfo info, String label, int count) {
		Target given = Target.parse(label);
		if (given.isPredicted()) return null;
		int[] labels = new int[count];
		Arrays.fill(labels, given.resolve(info));
		return labels;
	}

	/** Attacks change a classifier's answer: refused for per-pixel outputs and for a single output. */
	static void checkClassifier(ModelInfo info, String what) {
		if (info.isDenseOutput()) throw new XaiException(what + " needs a classifier; the model in " + info.folder() + " has a per-pixel output");
		if (info.classCount() < 2) throw new XaiException(what + " needs at least two classes; the model in " + info.folder() + " has one output");
	}

	/** Class probabilities and the gradient of the attack's loss: of the cross-entropy of the goal class, descended when targeted. */
	static LossGradient lossGradient(LoadedModel model, FloatBatch batch, Goal goal, ExplainOptions options) {
		return lossGradient(model, batch, goal.classes(), goal.targeted(), options);
	}

	/** The same, for the given classes (null: each sample's predicted class); one TensorFlow call per chunk. */
	static LossGradient lossGradient(LoadedModel model, FloatBatch batch, int[] classes, boolean descend, ExplainOptions options) {
		float[] probabilities = new float[batch.count() * model.info().classCount()];
		FloatBatch gradient = null;
		for (int from = 0; from < batch.count(); from += options.batchSize()) {
			int to = Math.min(batch.count(), from + options.batchSize());
			LoadedModel.Pass pass = model.lossGradients(batch.samples(from, to), classes == null ? null : Arrays.copyOfRange(classes, from, to), descend);
			float[] part = Predictions.probabilities(model.info(), pass, to - from);
			System.arraycopy(part, 0, probabilities, from * model.info().classCount(), part.length);
			// one call for the whole batch (the usual case): its gradient is the result, not a copy
			if (from == 0 && to == batch.count()) gradient = pass.gradient();
			else {
				if (gradient == null) gradient = FloatBatch.zeros(batch.count(), batch.height(), batch.width(), batch.channels());
				gradient.put(from, pass.gradient());
			}
		}
		return new LossGradient(probabilities, gradient);
	}

	/** The samples of several batches of one shape, one after the other. */
	static FloatBatch concatenate(FloatBatch... batches) {
		int count = 0;
		for (FloatBatch batch : batches) count += batch.count();
		FloatBatch all = FloatBatch.zeros(count, batches[0].height(), batches[0].width(), batches[0].channels());
		int at = 0;
		for (FloatBatch batch : batches) {
			all.put(at, batch);
			at += batch.count();
		}
		return all;
	}

	/**
	 * Math.signum, the same values (±0 and NaN included): Java 17 does not compile Math.signum to a
	 * few instructions, and the attacks take it of every value at every step. The sign is copied,
	 * not branched on: gradient signs are random, and a branch on them is mispredicted half the time.
	 */
	static double signOf(double value) {
		return value != 0 && value == value ? Math.copySign(1.0, value) : value;
	}

	/** A per-value map of a batch: value and its sample in, new value out. */
	interface ValueMap {
		float apply(int sample, float value);
	}

	static FloatBatch map(FloatBatch batch, ValueMap f) {
		FloatBatch out = FloatBatch.zeros(batch.count(), batch.height(), batch.width(), batch.channels());
		float[] values = batch.data(), mapped = out.data();
		int size = batch.sampleSize();
		IntStream.range(0, batch.count()).parallel().forEach(n -> {
			for (int i = n * size; i < (n + 1) * size; i++) mapped[i] = f.apply(n, values[i]);
		});
		return out;
	}

	/** Random noise with the adversarial perturbation's L∞ norm (random signs) or L2 norm (random direction), clipped alike. */
	static FloatBatch noiseControl(FloatBatch input, FloatBatch adversarial, ImageSpace space, boolean l2, int seed) {
		int size = input.sampleSize();
		double[] norms = new double[input.count()];
		IntStream.range(0, input.count()).parallel().forEach(n -> {
			double linf = 0, sum = 0;
			for (int i = n * size; i < (n + 1) * size; i++) {
				double delta = Math.abs(adversarial.data()[i] - input.data()[i]);
				if (delta > linf) linf = delta;
				sum += delta * delta;
			}
			norms[n] = l2 ? Math.sqrt(sum) : linf;
		});
		return randomPerturbation(input, space, norms, l2, new Random(seed));
	}

	/**
	 * The input plus random noise of the given norm per sample: random signs of ±norm (L∞) or a
	 * random direction of that length (L2), clipped to what the image holds.
	 */
	static FloatBatch randomPerturbation(FloatBatch input, ImageSpace space, double[] norms, boolean l2, Random random) {
		int size = input.sampleSize(), total = input.count() * size;
		// drawn in sample order (the seed gives the same noise), then scaled and clipped on all cores
		double[] directions = l2 ? new double[total] : null;
		// L∞: 32 signs from every draw, a set bit +1 (one synchronized step of the generator per value took longer than the attack's own work)
		int[] signs = l2 ? null : new int[(total + 31) / 32];
		if (l2) for (int i = 0; i < total; i++) directions[i] = random.nextGaussian();
		else for (int k = 0; k < signs.length; k++) signs[k] = random.nextInt();
		FloatBatch noisy = FloatBatch.zeros(input.count(), input.height(), input.width(), input.channels());
		IntStream.range(0, input.count()).parallel().forEach(n -> {
			double factor = norms[n];
			if (l2) {
				double length = 0;
				for (int i = n * size; i < (n + 1) * size; i++) length += directions[i] * directions[i];
				factor /= Math.max(Math.sqrt(length), 1e-30);
			}
			for (int i = n * size; i < (n + 1) * size; i++) {
				// arithmetic, not a branch on the random bit, which would be mispredicted half the time
				double direction = l2 ? directions[i] : 2 * (signs[i >>> 5] >>> (i & 31) & 1) - 1;
				noisy.data()[i] = (float) space.clip(n, input.data()[i] + factor * direction);
			}
		});
		return noisy;
	}
}
