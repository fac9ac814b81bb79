package ijxai.engine.method;

import java.util.List;
import java.util.Map;

import ijxai.engine.Progress;
import ijxai.engine.model.LoadedModel;

/**
 * A tool that works on a set of images as a whole rather than explaining each one (robustness
 * curve, universal perturbation, feature space, first-layer filters): the same shape as an
 * {@link Explainer}, so that every adapter lists it, renders its options and runs it the same way.
 *
 * @param <R> what it finds; each adapter shows it in its own way (windows, files)
 */
public interface DatasetTool<R> {

	/** What a tool reads besides the model. */
	enum Images {
		/** Nothing: it looks at the model alone. */
		NONE,
		/** A set of images (a stack's slices or a folder); their classes are not needed. */
		SET,
		/** A set of images with the true class of each (class-named subfolders, a labels CSV, or slice labels). */
		LABELLED
	}

	/** The short name used on the command line and in macros. */
	String name();

	/** The name shown in menus and window titles. */
	String title();

	Images images();

	/** The tool's own options. */
	List<MethodParameter> parameters();

	/** The common options it takes: how the model is read, and, when it reads images, how they become model input. */
	default List<MethodParameter> commonOptions() {
		if (images() == Images.NONE) return CommonOptions.MODEL;
		List<MethodParameter> all = new java.util.ArrayList<>(CommonOptions.INPUT);
		all.addAll(CommonOptions.MODEL);
		return List.copyOf(all);
	}

	/** The tool's own options checked, with defaults for what was not given; unknown names are errors naming the option. */
	default MethodSettings.Values settings(Map<String, String> given) {
		return MethodSettings.check(name(), parameters(), given, Map.of());
	}

	/**
	 * Runs the tool.
	 *
	 * @param set the images in model-input space (null when {@link #images()} is NONE; labels null unless LABELLED)
	 * @param batchSize at most this many samples per TensorFlow call
	 */
	R run(LoadedModel model, ImageSet set, MethodSettings.Values settings, int batchSize, Progress progress);
}
