package ijxai.engine.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ijxai.engine.Explainers;
import ijxai.engine.FloatBatch;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
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
 * The sanity checks of Adebayo et al. (2018), model-parameter randomization: an explanation that
 * stays the same when the model's weights are destroyed does not explain the model. The layers with
 * weights are re-initialized from the logits towards the input, one step per layer, either
 * cumulatively (cascading) or one at a time (independent), in copies of the model's flat graph
 * (the model and its files are untouched), as Quantus re-initializes a TensorFlow model
 * ({@link LayerWeights#randomized}). At each step every method explains every image again, for the
 * class the original model predicts, and each map is compared with the original one.
 */
public final class SanityChecks implements DatasetTool<SanityChecks.Result> {

	/** The name of step 0, the model as it is (as Quantus's results call it). */
	public static final String ORIGINAL = "original";
	/** How many images' maps are kept for the montage. */
	public static final int MONTAGE_IMAGES = 8;

	static final String METHODS = "methods", MODE = "mode", SEED = "seed", HOG_CELL = "hog-cell", HOG_BLOCK = "hog-block";

	/** What a map is compared with the original by; the names are the CSV's columns. */
	public enum Measure {
		/** Spearman's rank correlation of the absolute values. */
		SPEARMAN_ABS("spearman_abs"),
		/** Spearman's rank correlation of the signed values. */
		SPEARMAN("spearman"),
		/** SSIM of the absolute maps, each divided by its maximum. */
		SSIM("ssim"),
		/** Pearson correlation of the HOG features of the absolute maps, each divided by its maximum. */
		HOG("hog");

		public final String column;

		Measure(String column) {
			this.column = column;
		}
	}

	/** A step: 0 is the original model, step k has the k-th layer from the logits randomized (and, cascading, all before it). */
	public record Step(int index, String layer) {}

	/**
	 * One method at every step.
	 *
	 * @param values per step, per measure (in {@link Measure} order), one value per image
	 * @param maps per step, the maps of the first {@value #MONTAGE_IMAGES} images (row-major planes)
	 */
	public record MethodResult(String method, double[][][] values, float[][][] maps) {

		/** A measure's mean at a step over the images where it is defined. */
		public double mean(int step, Measure measure) {
			return Arrays.stream(values[step][measure.ordinal()]).filter(Double::isFinite).average().orElse(Double.NaN);
		}
	}

	/** What the checks find: the steps, each method's similarities, the maps' size. */
	public record Result(String mode, List<Step> steps, List<MethodResult> methods, int images, int height, int width) {}

	@Override public String name() { return "sanity"; }

	@Override public String title() { return "Sanity checks"; }

	@Override public Images images() { return Images.SET; }

	@Override
	public List<MethodParameter> parameters() {
		return List.of(
			MethodParameter.text(METHODS, "Methods", "attribution methods to check, comma-separated, each with its default settings")
				.withDefault("saliency,integrated-gradients"),
			MethodParameter.choice(MODE, "Randomization", "cascading: the layers with weights re-initialized one more at each step, from the logits "
				+ "towards the input; independent: one layer at a time, the others as trained", "cascading", "independent"),
			MethodParameter.integer(SEED, "Random seed", 42, 0, Integer.MAX_VALUE, "Quantus's seed: every layer's weights are permuted after "
				+ "numpy's np.random.seed(seed + 1)"),
			MethodParameter.integer(HOG_CELL, "HOG cell (pixels)", 4, 1, 100000, "side of skimage.feature.hog's cells (pixels_per_cell)"),
			MethodParameter.integer(HOG_BLOCK, "HOG block (cells)", 3, 1, 1000, "side of the blocks normalized together (cells_per_block)"));
	}

	@Override
	public Result run(LoadedModel model, ImageSet set, MethodSettings.Values settings, int batchSize, Progress progress) {
		FloatBatch input = set.images();
		List<Explainer> methods = Arrays.stream(settings.text(METHODS).split(",")).map(String::trim).filter(m -> !m.isEmpty()).map(Explainers::byName).toList();
		if (methods.isEmpty()) throw new XaiException("option 'methods' names no method");
		boolean cascading = settings.text(MODE).equals("cascading");
		long seed = settings.integer(SEED);
		int cell = settings.integer(HOG_CELL), block = settings.integer(HOG_BLOCK);
		ExplainOptions options = new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, batchSize, false, MethodSettings.NONE, set.space());
		int[] targets = SampleChunks.scores(ExplainJob.ofModel(model, input, options, progress)).targets();

		List<LayerWeights> layers = new ArrayList<>(LayerWeights.of(model));
		java.util.Collections.reverse(layers);
		List<Step> steps = new ArrayList<>(List.of(new Step(0, ORIGINAL)));
		for (LayerWeights layer : layers) steps.add(new Step(steps.size(), layer.layer()));

		Map<String, FloatBatch> original = new LinkedHashMap<>();
		Map<String, MethodResult> results = new LinkedHashMap<>();
		for (Explainer method : methods) {
			original.put(method.name(), Evaluation.explainEach(method, model, input, targets, options, progress));
			results.put(method.name(), new MethodResult(method.name(), new double[steps.size()][][], new float[steps.size()][][]));
		}
		Map<String, float[]> randomized = new LinkedHashMap<>();
		for (Step step : steps) {
			progress.checkCanceled();
			progress.report(step.index(), steps.size(), step.index() == 0 ? "original model" : "randomized " + step.layer());
			if (step.index() == 0) {
				measureStep(model, step, methods, input, targets, options, original, results, cell, block, progress);
				continue;
			}
			if (!cascading) randomized.clear();
			randomized.putAll(layers.get(step.index() - 1).randomized(model, seed));
			try (LoadedModel copy = model.withConstants(randomized)) {
				measureStep(copy, step, methods, input, targets, options, original, results, cell, block, progress);
			}
		}
		progress.report(steps.size(), steps.size(), "sanity checks done");
		return new Result(cascading ? "cascading" : "independent", steps, List.copyOf(results.values()), input.count(), input.height(), input.width());
	}

	/** Every method's maps from {@code model} at one step, compared with the original maps. */
	private static void measureStep(LoadedModel model, Step step, List<Explainer> methods, FloatBatch input, int[] targets, ExplainOptions options,
		Map<String, FloatBatch> original, Map<String, MethodResult> results, int cell, int block, Progress progress)
	{
		int pixels = input.height() * input.width();
		for (Explainer method : methods) {
			FloatBatch before = original.get(method.name());
			FloatBatch maps = step.index() == 0 ? before : Evaluation.explainEach(method, model, input, targets, options, progress);
			MethodResult result = results.get(method.name());
			double[][] values = new double[Measure.values().length][input.count()];
			for (int n = 0; n < input.count(); n++) {
				float[] a = Arrays.copyOfRange(before.data(), n * pixels, (n + 1) * pixels), b = Arrays.copyOfRange(maps.data(), n * pixels, (n + 1) * pixels);
				double[] measured = compare(a, b, input.height(), input.width(), cell, block);
				for (Measure measure : Measure.values()) values[measure.ordinal()][n] = measured[measure.ordinal()];
			}
			result.values()[step.index()] = values;
			float[][] kept = new float[Math.min(MONTAGE_IMAGES, input.count())][];
			for (int n = 0; n < kept.length; n++) kept[n] = Arrays.copyOfRange(maps.data(), n * pixels, (n + 1) * pixels);
			result.maps()[step.index()] = kept;
		}
	}

	/** Every measure of map {@code b} against the original map {@code a}, in {@link Measure} order. */
	static double[] compare(float[] a, float[] b, int height, int width, int cell, int block) {
		float[] absA = absolute(a), absB = absolute(b), scaledA = byMaximum(absA), scaledB = byMaximum(absB);
		return new double[] { MapSimilarity.spearman(absA, absB), MapSimilarity.spearman(a, b), MapSimilarity.ssim(scaledA, scaledB, height, width),
			MapSimilarity.hogCorrelation(scaledA, scaledB, height, width, cell, block) };
	}

	private static float[] absolute(float[] map) {
		float[] abs = new float[map.length];
		for (int i = 0; i < map.length; i++) abs[i] = Math.abs(map[i]);
		return abs;
	}

	/** Quantus's normalise_by_max of a non-negative map (an all-zero map stays zero). */
	private static float[] byMaximum(float[] map) {
		float max = 0;
		for (float v : map) max = Math.max(max, v);
		float[] scaled = map.clone();
		if (max > 0) for (int i = 0; i < scaled.length; i++) scaled[i] /= max;
		return scaled;
	}
}
