package ijxai.engine.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ijxai.engine.Explainers;
import ijxai.engine.FloatBatch;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.attribution.IntegratedGradients;
import ijxai.engine.method.DatasetTool;
import ijxai.engine.method.ExplainJob;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.ImageSet;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.method.SampleChunks;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ScoreKind;
import ijxai.engine.model.Target;

/**
 * Which explanation can be trusted: several methods, each with its default settings, explain every
 * image of a set for its predicted class, and faithfulness metrics measure each map, next to a
 * random map (uniform per pixel, seeded) reported as the method {@value #RANDOM}. Every method is
 * measured with the same perturbations (subsets, noise) of each image, made for a block of images
 * at a time so that their memory stays that of a few images.
 */
public final class Evaluation implements DatasetTool<Evaluation.Result> {

	public static final String RANDOM = "random";
	public static final String DELETION_AOPC = "deletion-aopc", INSERTION_AOPC = "insertion-aopc", DELETION_AUC = "deletion-auc",
		INSERTION_AUC = "insertion-auc", FAITHFULNESS_CORRELATION = "faithfulness-correlation", MAX_SENSITIVITY = "max-sensitivity",
		INFIDELITY = "infidelity";
	/** The metrics option's names: the deletion and insertion curves give two numbers each. */
	static final List<String> METRIC_GROUPS = List.of("deletion", "insertion", FAITHFULNESS_CORRELATION, MAX_SENSITIVITY, INFIDELITY);

	static final String METHODS = "methods", METRICS = "metrics", STEPS = "steps", PATCH = "patch", FILL = "fill", SEED = "seed", PREDICTION = "prediction",
		CORRELATION_RUNS = "correlation-runs", CORRELATION_SUBSET = "correlation-subset", SENSITIVITY_RADIUS = "sensitivity-radius",
		SENSITIVITY_SAMPLES = "sensitivity-samples", INFIDELITY_SIGMA = "infidelity-sigma", INFIDELITY_SAMPLES = "infidelity-samples",
		INFIDELITY_NORMALIZE = "infidelity-normalize";

	/**
	 * One method's numbers.
	 *
	 * @param values per metric name, one value per image (NaN where it is undefined)
	 * @param deletion per image, its deletion curve (empty without the curves)
	 */
	public record MethodResult(String method, Map<String, double[]> values, double[][] deletion, double[][] insertion) {

		public double[] meanDeletion() {
			return meanCurve(deletion);
		}

		public double[] meanInsertion() {
			return meanCurve(insertion);
		}

		private static double[] meanCurve(double[][] curves) {
			if (curves.length == 0) return new double[0];
			double[] mean = new double[curves[0].length];
			for (double[] curve : curves) for (int k = 0; k < mean.length; k++) mean[k] += curve[k] / curves.length;
			return mean;
		}

		/** Mean, standard error of the mean and count of a metric over the images where it is defined. */
		public Summary summary(String metric) {
			double[] defined = Arrays.stream(values.get(metric)).filter(Double::isFinite).toArray();
			int n = defined.length;
			double mean = Arrays.stream(defined).average().orElse(Double.NaN), squares = 0;
			for (double v : defined) squares += (v - mean) * (v - mean);
			return new Summary(method, metric, mean, n > 1 ? Math.sqrt(squares / (n - 1) / n) : Double.NaN, n);
		}
	}

	/** A metric of a method over the images. */
	public record Summary(String method, String metric, double mean, double sem, int n) {}

	/**
	 * What an evaluation finds.
	 *
	 * @param methods the methods asked for, then {@value #RANDOM}
	 * @param metrics the metric names measured, in order
	 */
	public record Result(List<MethodResult> methods, List<String> metrics, int images) {

		public List<Summary> summaries() {
			List<Summary> all = new ArrayList<>();
			for (MethodResult method : methods) for (String metric : metrics) all.add(method.summary(metric));
			return all;
		}
	}

	@Override public String name() { return "evaluate"; }

	@Override public String title() { return "Compare methods"; }

	@Override public Images images() { return Images.SET; }

	@Override
	public List<MethodParameter> parameters() {
		return List.of(
			MethodParameter.text(METHODS, "Methods", "attribution methods to compare, comma-separated, each with its default settings; the random "
				+ "baseline is always added").withDefault("saliency,integrated-gradients"),
			MethodParameter.text(METRICS, "Metrics", "comma-separated, any of " + String.join(", ", METRIC_GROUPS)).withDefault(String.join(",", METRIC_GROUPS)),
			MethodParameter.integer(STEPS, "Steps", 100, 1, 100000, "steps of the deletion and insertion curves (at most one per patch)"),
			MethodParameter.integer(PATCH, "Patch size (pixels)", 4, 1, 100000, "side of the square regions removed together; 1 is pixel flipping"),
			MethodParameter.choice(FILL, "Fill", "what removed pixels show (the baselines of Integrated Gradients): black/white = the slice's "
				+ "smallest/largest value per channel, zero, a blurred copy, uniform noise", fills()),
			MethodParameter.choice(PREDICTION, "Prediction", "what the model's answer is measured by: the class's probability (as Quantus), or its logit",
				"probability", "logit"),
			MethodParameter.integer(SEED, "Random seed", 0, Integer.MIN_VALUE, Integer.MAX_VALUE, "seed of the random maps, subsets and noise"),
			MethodParameter.integer(CORRELATION_RUNS, "Faithfulness correlation: runs", 100, 2, 100000, "random subsets per image"),
			MethodParameter.integer(CORRELATION_SUBSET, "Faithfulness correlation: subset size (pixels)", 224, 1, Integer.MAX_VALUE, "pixels per subset"),
			MethodParameter.number(SENSITIVITY_RADIUS, "Max-sensitivity: radius (model units)", 0.02, 0, 1e9, "noise uniform in [-r, r] (Captum's default)"),
			MethodParameter.integer(SENSITIVITY_SAMPLES, "Max-sensitivity: samples", 10, 1, 100000, "perturbed copies per image"),
			MethodParameter.number(INFIDELITY_SIGMA, "Infidelity: noise sigma (model units)", 0.1, 0, 1e9, "Gaussian perturbations of this standard deviation"),
			MethodParameter.integer(INFIDELITY_SAMPLES, "Infidelity: samples", 10, 1, 100000, "perturbations per image"),
			MethodParameter.flag(INFIDELITY_NORMALIZE, "Infidelity: normalize", "scale each map by the factor that fits best first (Captum's normalize), "
				+ "so that maps of any scale compare").withDefault("true"));
	}

	/** The fills: the baselines of Integrated Gradients that need no second image. */
	private static String[] fills() {
		return new IntegratedGradients().parameters().stream().filter(p -> p.name().equals(IntegratedGradients.BASELINE)).findFirst().orElseThrow()
			.choices().stream().filter(kind -> !kind.equals("image")).toArray(String[]::new);
	}

	/** How many images are measured together: their perturbations (subsets, noise) are made for them and dropped before the next. */
	static final int BLOCK = 16;

	/** The random perturbations of a block of images, the same for every method. */
	record Perturbations(int[][][] subsets, FloatBatch infidelityNoise, FloatBatch sensitivityNoise) {}

	@Override
	public Result run(LoadedModel model, ImageSet set, MethodSettings.Values settings, int batchSize, Progress progress) {
		FloatBatch input = set.images();
		List<String> groups = Arrays.stream(settings.text(METRICS).split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList();
		for (String group : groups) {
			if (!METRIC_GROUPS.contains(group)) throw new XaiException("option 'metrics' takes " + String.join(", ", METRIC_GROUPS) + ", not '" + group + "'");
		}
		List<Explainer> methods = Arrays.stream(settings.text(METHODS).split(",")).map(String::trim).filter(m -> !m.isEmpty()).map(Explainers::byName).toList();
		if (methods.isEmpty()) throw new XaiException("option 'methods' names no method");
		ExplainOptions options = new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, batchSize, false, MethodSettings.NONE, set.space());
		int seed = settings.integer(SEED), count = input.count(), height = input.height(), width = input.width();
		ModelScores scores = new ModelScores(model, settings.text(PREDICTION).equals("probability"), batchSize);
		FloatBatch fills = IntegratedGradients.baselines(input,
			new MethodSettings(Map.of(IntegratedGradients.BASELINE, settings.text(FILL), IntegratedGradients.SEED, Integer.toString(seed)), Map.of())
				.forMethod(new IntegratedGradients()));
		PerturbationCurves curves = new PerturbationCurves(height, width, settings.integer(PATCH), settings.integer(STEPS));
		int[] targets = SampleChunks.scores(ExplainJob.ofModel(model, input, options, progress)).targets();

		Random randomMaps = new Random(seed);
		Map<String, FloatBatch> maps = new LinkedHashMap<>();
		Map<String, MaxSensitivity.Explain> explainers = new LinkedHashMap<>();
		for (Explainer method : methods) {
			maps.put(method.name(), Attributions.of(method.explain(model, input, options, progress), input));
			explainers.put(method.name(), (inputs, classes, p) -> explainEach(method, model, inputs, classes, options, p));
		}
		maps.put(RANDOM, Attributions.random(count, height, width, randomMaps));
		explainers.put(RANDOM, (inputs, classes, p) -> Attributions.random(inputs.count(), height, width, randomMaps));

		Map<String, List<MethodResult>> blocks = new LinkedHashMap<>();
		for (int from = 0; from < count; from += BLOCK) {
			int to = Math.min(count, from + BLOCK);
			FloatBatch images = input.slice(from, to), blockFills = fills.slice(from, to);
			int[] blockTargets = Arrays.copyOfRange(targets, from, to);
			Perturbations perturbations = perturbations(images, settings, groups, new Random(seed + 31L * (from + 1)));
			for (Map.Entry<String, FloatBatch> method : maps.entrySet()) {
				blocks.computeIfAbsent(method.getKey(), name -> new ArrayList<>()).add(measure(method.getKey(), method.getValue().slice(from, to),
					explainers.get(method.getKey()), scores, images, blockFills, blockTargets, curves, perturbations, settings.flag(INFIDELITY_NORMALIZE), groups,
					progress));
			}
		}
		List<MethodResult> results = blocks.entrySet().stream().map(method -> concatenate(method.getKey(), method.getValue())).toList();
		List<String> metrics = new ArrayList<>();
		for (String group : groups) {
			if (group.equals("deletion")) metrics.addAll(List.of(DELETION_AOPC, DELETION_AUC));
			else if (group.equals("insertion")) metrics.addAll(List.of(INSERTION_AOPC, INSERTION_AUC));
			else metrics.add(group);
		}
		return new Result(results, metrics, count);
	}

	/** The subsets and noise the metrics of {@code groups} need for these images. */
	private static Perturbations perturbations(FloatBatch images, MethodSettings.Values settings, List<String> groups, Random random) {
		int pixels = images.height() * images.width();
		int[][][] subsets = groups.contains(FAITHFULNESS_CORRELATION) ? FaithfulnessCorrelation.subsets(images.count(), pixels, settings.integer(CORRELATION_RUNS),
			Math.min(settings.integer(CORRELATION_SUBSET), pixels), random) : null;
		FloatBatch infidelityNoise = groups.contains(INFIDELITY)
			? Infidelity.gaussianNoise(images, settings.integer(INFIDELITY_SAMPLES), settings.number(INFIDELITY_SIGMA), random) : null;
		FloatBatch sensitivityNoise = groups.contains(MAX_SENSITIVITY)
			? MaxSensitivity.uniformNoise(images, settings.integer(SENSITIVITY_SAMPLES), settings.number(SENSITIVITY_RADIUS), random) : null;
		return new Perturbations(subsets, infidelityNoise, sensitivityNoise);
	}

	/** One method's results of consecutive blocks of images as one. */
	private static MethodResult concatenate(String method, List<MethodResult> blocks) {
		Map<String, double[]> values = new LinkedHashMap<>();
		for (String metric : blocks.get(0).values().keySet()) {
			values.put(metric, blocks.stream().flatMapToDouble(block -> Arrays.stream(block.values().get(metric))).toArray());
		}
		return new MethodResult(method, values, blocks.stream().flatMap(block -> Arrays.stream(block.deletion())).toArray(double[][]::new),
			blocks.stream().flatMap(block -> Arrays.stream(block.insertion())).toArray(double[][]::new));
	}

	/** Every metric of {@code groups} for one method's maps of a block of images. */
	static MethodResult measure(String method, FloatBatch maps, MaxSensitivity.Explain explain, ModelScores scores, FloatBatch input, FloatBatch fills,
		int[] targets, PerturbationCurves curves, Perturbations perturbations, boolean normalize, List<String> groups, Progress progress)
	{
		Map<String, double[]> values = new LinkedHashMap<>();
		double[][] deletion = new double[0][], insertion = new double[0][];
		if (groups.contains("deletion") || groups.contains("insertion")) {
			PerturbationCurves.Curves found = curves.run(scores, input, maps, fills, targets, progress);
			deletion = found.deletion();
			insertion = found.insertion();
			if (groups.contains("deletion")) {
				values.put(DELETION_AOPC, Arrays.stream(deletion).mapToDouble(PerturbationCurves::deletionAopc).toArray());
				values.put(DELETION_AUC, Arrays.stream(deletion).mapToDouble(PerturbationCurves::area).toArray());
			}
			if (groups.contains("insertion")) {
				values.put(INSERTION_AOPC, Arrays.stream(insertion).mapToDouble(PerturbationCurves::insertionAopc).toArray());
				values.put(INSERTION_AUC, Arrays.stream(insertion).mapToDouble(PerturbationCurves::area).toArray());
			}
		}
		if (perturbations.subsets() != null) {
			values.put(FAITHFULNESS_CORRELATION, FaithfulnessCorrelation.run(scores, input, maps, fills, targets, perturbations.subsets(), progress));
		}
		if (perturbations.sensitivityNoise() != null) {
			values.put(MAX_SENSITIVITY, MaxSensitivity.run(explain, input, maps, targets, perturbations.sensitivityNoise(), progress));
		}
		if (perturbations.infidelityNoise() != null) {
			values.put(INFIDELITY, Infidelity.run(scores, input, maps, targets, perturbations.infidelityNoise(), normalize, progress));
		}
		return new MethodResult(method, values, deletion, insertion);
	}

	/** The maps of {@code method} for every input, each explaining class {@code classes[i]}: one run per class. */
	static FloatBatch explainEach(Explainer method, LoadedModel model, FloatBatch inputs, int[] classes, ExplainOptions options, Progress progress) {
		FloatBatch maps = FloatBatch.zeros(inputs.count(), inputs.height(), inputs.width(), 1);
		int size = inputs.sampleSize(), pixels = inputs.height() * inputs.width();
		for (int k : Arrays.stream(classes).distinct().toArray()) {
			int[] members = java.util.stream.IntStream.range(0, classes.length).filter(i -> classes[i] == k).toArray();
			FloatBatch group = FloatBatch.zeros(members.length, inputs.height(), inputs.width(), inputs.channels());
			for (int j = 0; j < members.length; j++) System.arraycopy(inputs.data(), members[j] * size, group.data(), j * size, size);
			// no image space: it maps the whole set's images, not this group's
			ExplainOptions forClass = new ExplainOptions(Target.parse(Integer.toString(k)), options.score(), options.batchSize(), false, options.settings(), null);
			FloatBatch groupMaps = Attributions.of(method.explain(model, group, forClass, progress), group);
			for (int j = 0; j < members.length; j++) System.arraycopy(groupMaps.data(), j * pixels, maps.data(), members[j] * pixels, pixels);
		}
		return maps;
	}
}
