package ijxai.engine.attack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import ijxai.engine.FloatBatch;
import ijxai.engine.ImageSpace;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.method.DatasetTool;
import ijxai.engine.method.ImageSet;
import ijxai.engine.method.InputCheck;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.ModelOptions;
import ijxai.engine.model.Predictions;
import ijxai.engine.model.SavedModelLoader;
import ijxai.engine.model.TrainableModel;

/**
 * Adversarial fine-tuning (Goodfellow et al. 2015; Madry et al. 2018 with PGD): the classifier's
 * weights trained on L = α J(x) + (1 − α) J(x_adv), x_adv made against the current weights by FGSM
 * (x + ε sign ∇ₓJ) or PGD, over a labelled set split into training and held-out images. The
 * hardened model is exported as a new SavedModel beside the original (which is never written
 * over); the robustness curves of both on the held-out images come out alongside.
 */
public final class AdversarialTraining implements DatasetTool<AdversarialTraining.Result> {

	static final String EPSILON = "epsilon", ALPHA = "alpha", ATTACK = "attack", EPOCHS = "epochs", LEARNING_RATE = "learning-rate", HELD_OUT = "held-out",
		SEED = "seed", OUTPUT_MODEL = "output-model", SWEEP = "sweep-epsilons";
	private static final int PGD_STEPS = 10;

	/** One epoch: the held-out images' mean cross-entropy, clean accuracy and accuracy under the training attack at ε. */
	public record Epoch(int epoch, double heldOutLoss, double heldOutAccuracy, double heldOutAttackedAccuracy) {}

	/**
	 * @param exported the hardened SavedModel's folder
	 * @param before the original model's robustness on the held-out images (FGSM, PGD, noise)
	 * @param after and the hardened model's
	 */
	public record Result(List<Epoch> epochs, Path exported, List<RobustnessSweep.Point> before, List<RobustnessSweep.Point> after, int trained, int heldOut,
		String attack, double epsilon) {}

	@Override public String name() { return "adversarial-training"; }

	@Override public String title() { return "Adversarial fine-tuning"; }

	@Override public Images images() { return Images.LABELLED; }

	@Override
	public List<MethodParameter> parameters() {
		return List.of(MethodParameter.number(EPSILON, "Epsilon (image units)", 8, 0, 1e9, "the training attack's L∞ size, in the images' own units (8 = 8 gray levels of 255)"),
			MethodParameter.number(ALPHA, "Alpha", 0.5, 0, 1, "the clean images' share of the loss: α J(x) + (1 − α) J(x_adv)"),
			MethodParameter.choice(ATTACK, "Attack", "how the training images are attacked against the current weights: FGSM, or PGD (" + PGD_STEPS
				+ " steps of 2.5ε/" + PGD_STEPS + ")", "fgsm", "pgd"),
			MethodParameter.integer(EPOCHS, "Epochs", 3, 1, 10_000, "passes over the training images"),
			MethodParameter.number(LEARNING_RATE, "Learning rate", 1e-3, 1e-9, 10, "Adam's step size (β₁ 0.9, β₂ 0.999, as Keras)"),
			MethodParameter.number(HELD_OUT, "Held-out share", 0.2, 0, 0.9, "the share of the images kept out of training, for the accuracies and curves"),
			MethodParameter.integer(SEED, "Seed", 0, Integer.MIN_VALUE, Integer.MAX_VALUE, "of the split and the order of the training images"),
			MethodParameter.text(OUTPUT_MODEL, "Output model folder", "where the hardened SavedModel goes; empty: beside the original, named after it and ε "
				+ "(a number is added rather than write over anything)"),
			MethodParameter.text(SWEEP, "Curve epsilons (image units)", "the strengths of the robustness curves of both models").withDefault("0,2,4,8,16"));
	}

	@Override
	public Result run(LoadedModel model, ImageSet set, MethodSettings.Values settings, int batchSize, Progress progress) {
		int[] labels = set.requireLabels("adversarial fine-tuning");
		AttackMethod.checkClassifier(model.info(), "adversarial fine-tuning");
		InputCheck.check(model.info(), set.images());
		double epsilon = settings.number(EPSILON), alpha = settings.number(ALPHA), rate = settings.number(LEARNING_RATE);
		String attack = settings.text(ATTACK);
		int epochs = settings.integer(EPOCHS), count = set.images().count();
		int[] order = shuffled(count, new Random(settings.integer(SEED)));
		int heldOut = (int) Math.round(settings.number(HELD_OUT) * count);
		if (count - heldOut < 1) throw new XaiException("no image is left to train on: " + count + " images, " + heldOut + " held out");
		int[] held = java.util.Arrays.copyOfRange(order, 0, heldOut), training = java.util.Arrays.copyOfRange(order, heldOut, count);
		Path target = outputFolder(Path.of(model.info().folder()), settings.text(OUTPUT_MODEL), epsilon);
		List<Epoch> history = new ArrayList<>();
		try (TrainableModel trainable = TrainableModel.of(model)) {
			Random shuffle = new Random(settings.integer(SEED) + 1L);
			int batches = (training.length + batchSize - 1) / batchSize;
			for (int epoch = 1; epoch <= epochs; epoch++) {
				int[] pass = permuted(training, shuffle);
				for (int b = 0; b < batches; b++) {
					progress.checkCanceled();
					progress.report((epoch - 1) * batches + b, epochs * batches, "epoch " + epoch + " of " + epochs);
					int[] indices = java.util.Arrays.copyOfRange(pass, b * batchSize, Math.min(pass.length, (b + 1) * batchSize));
					FloatBatch clean = gather(set.images(), indices);
					int[] truth = gather(labels, indices);
					FloatBatch attacked = attack(trainable, clean, truth, indices, set.space(), epsilon, attack);
					int n = indices.length;
					float[] weights = new float[2 * n];
					for (int i = 0; i < n; i++) {
						weights[i] = (float) (alpha / n);
						weights[n + i] = (float) ((1 - alpha) / n);
					}
					trainable.step(concat(clean, attacked), concat(truth, truth), weights, rate);
				}
				history.add(heldOut == 0 ? new Epoch(epoch, Double.NaN, Double.NaN, Double.NaN)
					: evaluate(trainable, model.info(), set, labels, held, epsilon, attack, epoch, batchSize));
			}
			progress.report(epochs * batches, epochs * batches, "exporting");
			trainable.export(target);
		}
		List<RobustnessSweep.Point> before = List.of(), after = List.of();
		if (heldOut > 0) {
			FloatBatch images = gather(set.images(), held);
			ImageSpace space = gather(set.space(), held);
			double[] strengths = RobustnessSweep.epsilons(settings.text(SWEEP));
			List<String> attacks = List.of("fgsm", "pgd", "noise");
			before = RobustnessSweep.run(model, images, gather(labels, held), space, attacks, strengths, batchSize, progress);
			try (LoadedModel hardened = new SavedModelLoader(ModelOptions.DEFAULTS.withDevice(model.placement().device())).load(target)) {
				after = RobustnessSweep.run(hardened, images, gather(labels, held), space, attacks, strengths, batchSize, progress);
			}
		}
		return new Result(List.copyOf(history), target, before, after, training.length, heldOut, attack, epsilon);
	}

	/** The training attack against the current weights: FGSM, or PGD from the clean image, projected onto the ε-ball and the image's range. */
	private static FloatBatch attack(TrainableModel trainable, FloatBatch clean, int[] truth, int[] indices, ImageSpace space, double epsilon, String attack) {
		int size = clean.sampleSize(), steps = attack.equals("pgd") ? PGD_STEPS : 1;
		float[] adversarial = clean.data().clone();
		for (int step = 0; step < steps; step++) {
			float[] gradient = trainable.inputGradient(new FloatBatch(clean.count(), clean.height(), clean.width(), clean.channels(), adversarial), truth);
			for (int n = 0; n < clean.count(); n++) {
				int sample = indices[n];
				double radius = space.lengthToModel(sample, epsilon), stepSize = steps == 1 ? radius : 2.5 * radius / steps;
				for (int i = n * size; i < (n + 1) * size; i++) {
					double moved = adversarial[i] + stepSize * Math.signum(gradient[i]);
					double projected = ImageSpace.clamp(moved, clean.data()[i] - radius, clean.data()[i] + radius);
					adversarial[i] = (float) space.clip(sample, projected);
				}
			}
		}
		return new FloatBatch(clean.count(), clean.height(), clean.width(), clean.channels(), adversarial);
	}

	private static Epoch evaluate(TrainableModel trainable, ModelInfo info, ImageSet set, int[] labels, int[] held, double epsilon, String attack, int epoch, int batchSize) {
		int correct = 0, attackedCorrect = 0;
		double loss = 0;
		for (int from = 0; from < held.length; from += batchSize) {
			int[] indices = java.util.Arrays.copyOfRange(held, from, Math.min(held.length, from + batchSize));
			FloatBatch images = gather(set.images(), indices);
			int[] truth = gather(labels, indices);
			float[] logits = trainable.logits(images), attacked = trainable.logits(attack(trainable, images, truth, indices, set.space(), epsilon, attack));
			int classes = logits.length / indices.length;
			for (int n = 0; n < indices.length; n++) {
				if (Predictions.predictedClass(info, logits, n, indices.length) == truth[n]) correct++;
				if (Predictions.predictedClass(info, attacked, n, indices.length) == truth[n]) attackedCorrect++;
				loss += crossEntropy(logits, n * classes, classes, truth[n]);
			}
		}
		return new Epoch(epoch, loss / held.length, (double) correct / held.length, (double) attackedCorrect / held.length);
	}

	static double crossEntropy(float[] logits, int offset, int classes, int label) {
		double max = Double.NEGATIVE_INFINITY, total = 0;
		for (int k = 0; k < classes; k++) max = Math.max(max, logits[offset + k]);
		for (int k = 0; k < classes; k++) total += Math.exp(logits[offset + k] - max);
		return Math.log(total) - (logits[offset + label] - max);
	}

	/** The folder asked for, or beside the original: NAME-adversarial-eps8, then -2, -3... where that exists. */
	static Path outputFolder(Path original, String asked, double epsilon) {
		if (!asked.isBlank()) {
			Path folder = Path.of(asked.trim());
			if (Files.exists(folder)) throw new XaiException("output model folder " + folder + " exists already: the fine-tuned model is never written over anything");
			return folder;
		}
		String base = original.getFileName() + "-adversarial-eps" + String.format(Locale.ROOT, "%s", epsilon == Math.rint(epsilon) ? Long.toString((long) epsilon)
			: Double.toString(epsilon));
		Path folder = original.resolveSibling(base);
		for (int copy = 2; Files.exists(folder); copy++) folder = original.resolveSibling(base + "-" + copy);
		return folder;
	}

	private static int[] shuffled(int count, Random random) {
		int[] order = new int[count];
		for (int i = 0; i < count; i++) order[i] = i;
		return permuted(order, random);
	}

	/** A Fisher–Yates shuffle of a copy. */
	private static int[] permuted(int[] values, Random random) {
		int[] order = values.clone();
		for (int i = order.length - 1; i > 0; i--) {
			int j = random.nextInt(i + 1), swap = order[i];
			order[i] = order[j];
			order[j] = swap;
		}
		return order;
	}

	private static FloatBatch gather(FloatBatch batch, int[] indices) {
		int size = batch.sampleSize();
		float[] data = new float[indices.length * size];
		for (int i = 0; i < indices.length; i++) System.arraycopy(batch.data(), indices[i] * size, data, i * size, size);
		return new FloatBatch(indices.length, batch.height(), batch.width(), batch.channels(), data);
	}

	private static int[] gather(int[] values, int[] indices) {
		int[] out = new int[indices.length];
		for (int i = 0; i < indices.length; i++) out[i] = values[indices[i]];
		return out;
	}

	private static ImageSpace gather(ImageSpace space, int[] indices) {
		ImageSpace.Affine[] affines = new ImageSpace.Affine[indices.length];
		for (int i = 0; i < indices.length; i++) affines[i] = space.affines()[indices[i]];
		return new ImageSpace(affines, space.minimum(), space.maximum(), space.integer());
	}

	private static FloatBatch concat(FloatBatch first, FloatBatch second) {
		float[] data = new float[first.data().length + second.data().length];
		System.arraycopy(first.data(), 0, data, 0, first.data().length);
		System.arraycopy(second.data(), 0, data, first.data().length, second.data().length);
		return new FloatBatch(first.count() + second.count(), first.height(), first.width(), first.channels(), data);
	}

	private static int[] concat(int[] first, int[] second) {
		int[] out = java.util.Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, out, first.length, second.length);
		return out;
	}
}
