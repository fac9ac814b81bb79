package ijxai.engine.method;

import java.util.Arrays;
import java.util.Map;

import ijxai.engine.FloatBatch;
import ijxai.engine.ImageSpace;
import ijxai.engine.Progress;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelInfo;

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
 */
public record ExplainJob(LoadedModel model, FloatBatch input, int[] targets, MethodSettings.Values settings, ExplainOptions options, ImageSpace space,
	Progress progress) {

	/** Checks the input against the model and the options against {@code method}, and resolves the target for every sample. */
	public static ExplainJob bind(Explainer method, LoadedModel model, FloatBatch input, ExplainOptions options, Progress progress) {
		ModelInfo info = model.info();
		InputCheck.check(info, input);
		int[] targets = null;
		if (!options.target().isPredicted()) {
			targets = new int[input.count()];
			Arrays.fill(targets, options.target().resolve(info));
		}
		return new ExplainJob(model, input, targets, options.settings().forMethod(method), options, options.spaceFor(input), progress);
	}

	/**
	 * A job of no method, for the model's own scores of {@code input} for its predicted classes
	 * (evaluations score perturbed copies this way).
	 */
	public static ExplainJob ofModel(LoadedModel model, FloatBatch input, ExplainOptions options, Progress progress) {
		InputCheck.check(model.info(), input);
		return new ExplainJob(model, input, null, MethodSettings.check("model", java.util.List.of(), Map.of(), Map.of()), options, options.spaceFor(input),
			progress);
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
		return new ExplainJob(model, input, targets, methodOptions.settings().forMethod(method), methodOptions, space, progress);
	}
}
