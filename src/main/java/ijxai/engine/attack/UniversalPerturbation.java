package ijxai.engine.attack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import ijxai.engine.FloatBatch;
import ijxai.engine.ImageSpace;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.method.DatasetTool;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.ImageSet;
import ijxai.engine.method.InputCheck;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.Predictions;
import ijxai.engine.model.ScoreKind;
import ijxai.engine.model.Target;

/**
 * A universal adversarial perturbation (Moosavi-Dezfooli et al. 2017): one perturbation v, within
 * a norm bound ξ, that changes the model's answer on as many images of a set as possible. Passes
 * over the building images (in random order) add the DeepFool step of every image v does not fool
 * yet and project v back into the ξ-ball, until the fooling rate reaches the goal. The last share
 * of the images is held out and only measured. ξ is in image units of the first image.
 */
public final class UniversalPerturbation implements DatasetTool<UniversalPerturbation.Result> {

	/**
	 * @param perturbation v, in model-input units (one sample)
	 * @param foolingRate share of the building images whose answer v changes
	 * @param heldOutRate the same on the held-out images (NaN without any)
	 */
	public record Result(FloatBatch perturbation, double foolingRate, double heldOutRate, int passes, int building, int heldOut, double linf, double l2) {}

	public static final String EPSILON = "epsilon", NORM = "norm", FOOLING = "fooling", PASSES = "passes", HELD_OUT = "held-out", SEED = "seed";

	@Override public String name() { return "universal"; }

	@Override public String title() { return "Universal perturbation"; }

	@Override public Images images() { return Images.SET; }

	@Override
	public List<MethodParameter> parameters() {
		return List.of(MethodParameter.number(EPSILON, "Epsilon (xi, image units)", 32, 0, 1e30, "largest size of the perturbation, in the images' own units "
				+ "(32 = 32 gray levels of 255)"),
			MethodParameter.choice(NORM, "Norm", "linf: no pixel changes by more than epsilon; l2: the total change is at most epsilon", "linf", "l2"),
			MethodParameter.number(FOOLING, "Fooling goal", 0.8, 0, 1, "stop once this share of the images changes its predicted class"),
			MethodParameter.integer(PASSES, "Passes", 5, 1, 10000, "at most this many passes over the images"),
			MethodParameter.number(HELD_OUT, "Held-out share", 0.2, 0, 0.9, "share of the images kept aside to test whether the perturbation generalizes"),
			MethodParameter.integer(SEED, "Random seed", 0, Integer.MIN_VALUE, Integer.MAX_VALUE, "the same seed gives the same held-out images and order"));
	}

	@Override
	public Result run(LoadedModel model, ImageSet set, MethodSettings.Values settings, int batchSize, Progress progress) {
		return run(model, set.images(), set.space(), settings.number(EPSILON), settings.text(NORM).equals("l2"), settings.number(FOOLING), settings.integer(PASSES),
			settings.number(HELD_OUT), settings.integer(SEED), batchSize, progress);
	}

	public static Result run(LoadedModel model, FloatBatch images, ImageSpace space, double xi, boolean l2, double goal, int maxPasses, double heldOutShare,
		int seed, int batchSize, Progress progress)
	{
		InputCheck.check(model.info(), images);
		AttackMethod.checkClassifier(model.info(), "a universal perturbation");
		if (!(heldOutShare >= 0 && heldOutShare < 1)) throw new XaiException("the held-out share is from 0 to below 1, not " + heldOutShare);
		if (!(xi >= 0)) throw new XaiException("epsilon (xi) must be at least 0, not " + xi);
		for (ImageSpace.Affine affine : space.affines()) {
			// one perturbation in model units is ξ in image units only if every image is normalized alike
			if (affine.range() != space.affines()[0].range()) {
				throw new XaiException("a universal perturbation needs images normalized alike (0-1 or none); this normalization scales each image on its own");
			}
		}
		int count = images.count(), size = images.sampleSize();
		int heldOut = (int) Math.floor(count * heldOutShare), building = count - heldOut;
		if (building < 1) throw new XaiException("no images left to build the perturbation from: " + count + " image(s), held-out share " + heldOutShare);
		ExplainOptions options = new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, batchSize, true, MethodSettings.NONE, space);
		int classes = model.info().classCount();
		float[] clean = Predictions.probabilities(model, images, options.batchSize());
		int[] answers = new int[count];
		for (int n = 0; n < count; n++) answers[n] = Predictions.mostProbable(clean, n, classes);
		double radius = space.lengthToModel(0, xi);
		float[] v = new float[size];
		List<Integer> order = new ArrayList<>();
		for (int n = 0; n < building; n++) order.add(n);
		Random random = new Random(seed);
		int passes = 0;
		double rate = foolingRate(model, images, space, v, answers, 0, building, options);
		while (passes < maxPasses && rate < goal) {
			passes++;
			Collections.shuffle(order, random);
			for (int step = 0; step < order.size(); step++) {
				progress.checkCanceled();
				progress.report((passes - 1) * building + step, maxPasses * building, "universal perturbation, pass " + passes);
				int n = order.get(step);
				FloatBatch perturbed = perturbed(images, space, v, n, n + 1);
				if (Predictions.mostProbable(Predictions.probabilities(model, perturbed, options.batchSize()), 0, classes) != answers[n]) continue;
				FloatBatch moved = DeepFool.toBoundary(model, perturbed, answers[n], -1, 0.02, 10, x -> (float) space.clip(n, x), new int[1]);
				for (int i = 0; i < size; i++) v[i] += moved.data()[i] - perturbed.data()[i];
				project(v, radius, l2);
			}
			rate = foolingRate(model, images, space, v, answers, 0, building, options);
		}
		progress.report(1, 1, "universal perturbation");
		double heldOutRate = heldOut > 0 ? foolingRate(model, images, space, v, answers, building, count, options) : Double.NaN;
		double linf = 0, norm = 0;
		for (float value : v) {
			linf = Math.max(linf, Math.abs(value));
			norm += (double) value * value;
		}
		double range = space.affines()[0].range();
		return new Result(new FloatBatch(1, images.height(), images.width(), images.channels(), v), rate, heldOutRate, passes, building, heldOut,
			linf * range, Math.sqrt(norm) * range);
	}

	/** Images {@code from..to} with v added, clipped to what each image holds. */
	private static FloatBatch perturbed(FloatBatch images, ImageSpace space, float[] v, int from, int to) {
		FloatBatch part = images.slice(from, to);
		for (int i = 0; i < part.data().length; i++) part.data()[i] = (float) space.clip(from + i / v.length, part.data()[i] + v[i % v.length]);
		return part;
	}

	private static double foolingRate(LoadedModel model, FloatBatch images, ImageSpace space, float[] v, int[] answers, int from, int to, ExplainOptions options) {
		if (to <= from) return 0;
		float[] probabilities = Predictions.probabilities(model, perturbed(images, space, v, from, to), options.batchSize());
		int fooled = 0;
		for (int n = from; n < to; n++) if (Predictions.mostProbable(probabilities, n - from, model.info().classCount()) != answers[n]) fooled++;
		return (double) fooled / (to - from);
	}

	/** Projects v into the ball of the given radius: clipping for L∞, scaling for L2. */
	private static void project(float[] v, double radius, boolean l2) {
		if (!l2) {
			for (int i = 0; i < v.length; i++) v[i] = (float) Math.max(-radius, Math.min(radius, v[i]));
			return;
		}
		double norm = 0;
		for (float value : v) norm += (double) value * value;
		norm = Math.sqrt(norm);
		if (norm > radius) for (int i = 0; i < v.length; i++) v[i] *= (float) (radius / norm);
	}
}
