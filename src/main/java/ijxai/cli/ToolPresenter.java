package ijxai.cli;

import java.nio.file.Path;
import java.util.List;

import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.ModelInfo;
import ijxai.image.ImageSets;

/**
 * How the command line shows what one dataset tool finds: what it prints, and the files it
 * writes into the output folder.
 *
 * @param <R> what the tool finds
 */
interface ToolPresenter<R> {

	/**
	 * What a result is shown with.
	 *
	 * @param set the images the tool read, or null for a tool that reads none
	 * @param settings the tool's own options
	 * @param folder the output folder
	 */
	record Context(ImageSets.LabelledSet set, ModelInfo model, MethodSettings.Values settings, Path folder, Session session) {}

	/** The names of the files it writes, for the usage text. */
	List<String> files();

	void present(R result, Context context);
}
