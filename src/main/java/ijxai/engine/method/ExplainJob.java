package ijxai.engine.method;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ijxai.engine.FloatBatch;
import ijxai.engine.ImageSpace;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.Predictions;
import ijxai.engine.model.Region;
import ijxai.engine.model.ScoreKind;

/**
 * One explanation run, bound once before a method sees it: the input checked against the model,
 * the target resolved to a class per sample, the method's own settings checked, the image space
 * chosen. A method reads what it needs from here and resolves nothing again.
 *
 * @param targets the class each sample is explained for, or null to explain each sample's
 *     predicted class (found by the same TensorFlow call as the explanation, in the graph); not to
 *     be modified
 * @param settings the method's own options, checked
 * @param options the options every method shares (score, batch size, raw, ...)
 * @param space how the input's values map to the image's
 * @param regions the samples' regions on the model's output, or null: the whole output
 */
public record ExplainJob(LoadedModel model, FloatBatch input, int[] targets, MethodSettings.Values settings, ExplainOptions options, ImageSpace space,
	Progress progress, RegionMasks regions) {

	/**
	 * Checks the input against the model and the options against {@code method}, and resolves the
	 * target for every sample. A target in regions explains every image once per region (image n
	 * with region r is sample n·R + r of the job's input); its predicted class is the channel the
	 * region's score favours.
	 */
	public static ExplainJob bind(Explainer method, LoadedModel model, FloatBatch input, ExplainOptions options, Progress progress) {
		ModelInfo info = model.info();
		InputCheck.check(info, input);
		if (options.score() == ScoreKind.LOG_SOFTMAX && info.classCount() < 2) {
			throw new XaiException("score log-softmax needs two classes or more; the model in " + info.folder() + " has " + info.classCount());
		}
		List<Region> regions = RegionMasks.regions(options.target(), input.width(), input.height());
		RegionMasks masks = regions.isEmpty() ? null : RegionMasks.of(model, input, regions, options.target().mean());
		FloatBatch samples = masks == null ? input : masks.expand(input);
		ImageSpace space = options.spaceFor(input);
		if (masks != null) space = repeated(space, masks.count());
		int[] targets = null;
		if (!options.target().isPredicted()) {
			targets = new int[samples.count()];
			Arrays.fill(targets, options.target().resolve(info));
		}
		else if (masks != null) targets = masks.predicted(model, samples, options.score(), options.batchSize());
		return new ExplainJob(model, samples, targets, options.settings().forMethod(method), options, space, progress, masks);
	}

	/** Each image's space once per region, as the samples are laid out. */
	private static ImageSpace repeated(ImageSpace space, int times) {
		ImageSpace.Affine[] affines = new ImageSpace.Affine[space.affines().length * times];
		for (int s = 0; s < affines.length; s++) affines[s] = space.affines()[s / times];
		return new ImageSpace(affines, space.minimum(), space.maximum(), space.integer());
	}

	/**
	 * A job of no method, for the model's own scores of {@code input} for its predicted classes
	 * (evaluations score perturbed copies this way).
	 */
	public static ExplainJob ofModel(LoadedModel model, FloatBatch input, ExplainOptions options, Progress progress) {
		InputCheck.check(model.info(), input);
		return new ExplainJob(model, input, null, MethodSettings.check("model", List.of(), Map.of(), Map.of()), options, options.spaceFor(input),
			progress, null);
	}

	/** True when every sample is explained for its own predicted class. */
	public boolean predicted() {
		return targets == null;
	}

	public ModelInfo info() {
		return model.info();
	}

	/**
	 * This job for a method this one builds on (Guided Grad-CAM on guided backpropagation and
	 * Grad-CAM): the same input and targets, bound already, with that method's options.
	 */
	public ExplainJob forMethod(Explainer method, ExplainOptions methodOptions) {
		return new ExplainJob(model, input, targets, methodOptions.settings().forMethod(method), methodOptions, space, progress, regions);
	}

	/**
	 * Sample {@code sample}'s score of class {@code k} from row {@code row} of a pass, in the job's
	 * score kind: over its region for a region target, else as {@link Predictions#score}.
	 */
	public float score(LoadedModel.Pass pass, int row, int k, int sample) {
		float[] values = Predictions.values(info(), pass, options.score());
		return regions == null ? Predictions.score(info(), values, row, pass.count(), k) : regions.score(values, row, k, sample);
	}
}
