package ijxai.engine.attack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

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
 * Accuracy versus ε over a labelled set: each attack (untargeted, away from the true label) at
 * each ε, and the share of images the model still classifies correctly. ε = 0 is the clean accuracy.
 */
public final class RobustnessSweep implements DatasetTool<List<RobustnessSweep.Point>> {

	/** One point of a curve. */
	public record Point(String attack, double epsilon, int correct, int total) {
		public double accuracy() {
			return total == 0 ? 0 : (double) correct / total;
		}
	}

	/** The attacks a sweep can run, with the settings it runs them with. */
	private static final Map<String, AttackMethod> ATTACK_METHODS = Map.of("fgsm", GradientStep.FGSM, "pgd", new Pgd(), "noise", new RandomNoise());

	public static final String EPSILONS = "epsilons", ATTACKS = "attacks";

	@Override public String name() { return "sweep"; }

	@Override public String title() { return "Robustness curve"; }

	@Override public Images images() { return Images.LABELLED; }

	@Override
	public List<MethodParameter> parameters() {
		return List.of(MethodParameter.text(EPSILONS, "Epsilons (image units)", "attack strengths to test, comma-separated, in the images' own units "
				+ "(8 = 8 gray levels of 255)").withDefault("0,1,2,4,8,16,32"),
			MethodParameter.text(ATTACKS, "Attacks", "comma-separated, any of fgsm, pgd and noise (random noise of the same size, as the control)")
				.withDefault("fgsm,pgd,noise"));
	}

	@Override
	public List<Point> run(LoadedModel model, ImageSet set, MethodSettings.Values settings, int batchSize, Progress progress) {
		return run(model, set.images(), set.requireLabels("a robustness sweep"), set.space(), attacks(settings.text(ATTACKS)), epsilons(settings.text(EPSILONS)),
			batchSize, progress);
	}

	/** Comma-separated numbers. */
	static double[] epsilons(String text) {
		try {
			return Arrays.stream(text.split(",")).mapToDouble(e -> Double.parseDouble(e.trim())).toArray();
		}
		catch (NumberFormatException e) {
			throw new XaiException("epsilons are numbers separated by commas, not '" + text + "'");
		}
	}

	static List<String> attacks(String text) {
		return Arrays.stream(text.split(",")).map(String::trim).toList();
	}

	/**
	 * @param images the labelled images, in model-input space
	 * @param labels the true class of every image
	 * @param space how model values map to image values (ε is in image units)
	 * @param epsilons ε values in image units
	 */
	public static List<Point> run(LoadedModel model, FloatBatch images, int[] labels, ImageSpace space, List<String> attacks, double[] epsilons,
		int batchSize, Progress progress)
	{
		for (String attack : attacks) {
			if (!ATTACK_METHODS.containsKey(attack)) throw new XaiException("the sweep runs " + String.join(", ", ATTACK_METHODS.keySet().stream().sorted().toList()) + ", not '" + attack + "'");
		}
		InputCheck.check(model.info(), images);
		AttackMethod.checkClassifier(model.info(), "a robustness sweep");
		if (labels.length != images.count()) throw new XaiException(labels.length + " labels for " + images.count() + " images");
		for (int label : labels) {
			if (label < 0 || label >= model.info().classCount()) throw new XaiException("label " + label + " is not a class of the model in " + model.info().folder());
		}
		ExplainOptions options = new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, batchSize, true, MethodSettings.NONE, space);
		AttackMethod.Goal goal = new AttackMethod.Goal(labels, false);
		// the loss gradient at the images is the same at every epsilon
		AttackMethod.LossGradient clean = AttackMethod.lossGradient(model, images, goal, options);
		List<Point> points = new ArrayList<>();
		int done = 0, total = attacks.size() * epsilons.length;
		for (String name : attacks) {
			AttackMethod attack = ATTACK_METHODS.get(name);
			for (double epsilon : epsilons) {
				progress.checkCanceled();
				progress.report(done++, total, "robustness: " + name + " at epsilon " + epsilon);
				FloatBatch attacked = images;
				if (epsilon > 0) {
					MethodSettings settings = new MethodSettings(Map.of(AttackMethod.EPSILON, Double.toString(epsilon)), Map.of());
					attacked = attack.attack(new AttackMethod.Context(model, images, space, goal, clean, settings.forMethod(attack), options, Progress.NONE)).adversarial();
				}
				float[] probabilities = Predictions.probabilities(model, attacked, options.batchSize());
				int correct = 0;
				for (int n = 0; n < labels.length; n++) if (Predictions.mostProbable(probabilities, n, model.info().classCount()) == labels[n]) correct++;
				points.add(new Point(name, epsilon, correct, labels.length));
			}
		}
		progress.report(total, total, "robustness");
		return points;
	}
}
