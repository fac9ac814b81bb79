package ijxai.engine.method;

import java.util.List;

import ijxai.engine.FloatBatch;
import ijxai.engine.Progress;
import ijxai.engine.model.LoadedModel;

/** One explanation method: a batch of model inputs in, one attribution map per sample out. */
public interface Explainer {

	/** The short name used on the command line, in macros and in output file names. */
	String name();

	/** The name shown in menus and window titles. */
	String title();

	/** The method's own options, beyond those every method has. */
	default List<MethodParameter> parameters() {
		return List.of();
	}

	/** True when the maps are channels of one layer, best seen side by side (a montage per image). */
	default boolean tiled() {
		return false;
	}

	/** The layers of this model a LAYER_RULES option can name, in graph order. */
	default List<String> ruleLayers(LoadedModel model) {
		return List.of();
	}

	/**
	 * Explains every sample of {@code input}: the input is checked, the target resolved and the
	 * options checked once ({@link ExplainJob#bind}), then the method runs the job.
	 */
	default Explanation explain(LoadedModel model, FloatBatch input, ExplainOptions options, Progress progress) {
		return explain(ExplainJob.bind(this, model, input, options, progress));
	}

	/** Explains a bound job: its input fits the model, its targets are resolved, its settings are this method's. */
	Explanation explain(ExplainJob job);
}
