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

	Explanation explain(LoadedModel model, FloatBatch input, ExplainOptions options, Progress progress);
}
