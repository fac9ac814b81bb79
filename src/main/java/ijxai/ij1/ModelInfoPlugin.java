package ijxai.ij1;

import java.nio.file.Path;

import ij.Prefs;
import ij.gui.GenericDialog;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import ijxai.engine.ModelCache;
import ijxai.engine.ModelInfo;
import ijxai.engine.ModelOptions;

/**
 * ImageJ 1.x: what a model takes and gives, as two tables: "NAME model info" with its input,
 * its layers in graph order and its output, and "NAME classes". Only tables, so it suits batch
 * macros. Macro: {@code run("Model info", "model=[/path/to/model]");}
 */
public class ModelInfoPlugin implements PlugIn {

	private static final String TITLE = "Model info";

	/** The two tables and their window titles, named after the model folder. */
	record Tables(String infoTitle, ResultsTable info, String classesTitle, ResultsTable classes) {
		void show() {
			info.show(infoTitle);
			classes.show(classesTitle);
		}
	}

	@Override
	public void run(String argument) {
		GenericDialog dialog = new GenericDialog(TITLE);
		ModelFields modelFields = new ModelFields(dialog);
		modelFields.addModelOptionFields();
		dialog.addHelp("<html>" + ModelFields.MODEL_HELP + "<br>" + ModelFields.MODEL_OPTIONS_HELP);
		dialog.showDialog();
		if (dialog.wasCanceled()) return;
		String model = modelFields.nextFolder();
		ModelOptions options = modelFields.nextModelOptions();
		Prefs.set(ExplainPlugin.MODEL_PREF, model);
		ExplainPlugin.withProgress(TITLE, progress -> {
			try (ModelCache.Lease lease = ModelCache.SHARED.lease(Path.of(model), options)) {
				tables(lease.model().info()).show();
			}
		});
	}

	/**
	 * One row for the input (its layout), one per layer (its op and whether its output is
	 * spatial, as Grad-CAM needs), one for the output (its activation); and the class names by index.
	 */
	static Tables tables(ModelInfo info) {
		ResultsTable table = new ResultsTable();
		row(table, "input", new ModelInfo.Layer(info.inputName(), "", info.inputTensor(), info.inputShape()));
		table.addValue("layout", info.layout());
		for (ModelInfo.Layer layer : info.layers()) row(table, "layer", layer);
		row(table, "output", new ModelInfo.Layer(info.outputName(), "", info.outputTensor(), info.outputShape()));
		table.addValue("activation", info.outputActivation());
		ResultsTable classes = new ResultsTable();
		for (int i = 0; i < info.classCount(); i++) {
			classes.incrementCounter();
			classes.addValue("index", i);
			classes.addValue("class", info.className(i));
		}
		String name = Path.of(info.folder()).getFileName().toString();
		return new Tables(name + " model info", table, name + " classes", classes);
	}

	private static void row(ResultsTable table, String role, ModelInfo.Layer layer) {
		table.incrementCounter();
		table.addValue("role", role);
		table.addValue("name", layer.name());
		table.addValue("op", layer.op());
		table.addValue("shape", ModelInfo.shapeString(layer.shape()));
		table.addValue("spatial", ModelInfo.isSpatial(layer) ? "yes" : "no");
	}
}
