package ijxai.ij1;

import java.nio.file.Path;
import java.util.Map;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import ijxai.engine.method.CommonOptions;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelInfo;
import ijxai.image.ModelReport;
import ijxai.image.ModelSource;
import ijxai.isolation.IsolatedEngine;

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
		if (IsolatedEngine.rerun(this, argument)) return;
		GenericDialog dialog = new GenericDialog(TITLE);
		ModelFields modelFields = new ModelFields(dialog);
		OptionFields fields = new OptionFields(dialog, modelFields, "model-info", null, Map.of());
		fields.add(CommonOptions.MODEL);
		dialog.addHelp("<html>" + ModelFields.MODEL_HELP + fields.help());
		dialog.showDialog();
		if (dialog.wasCanceled()) return;
		String model = modelFields.nextFolder();
		OptionFields.Given given = fields.read();
		ExplainPlugin.withProgress(TITLE, progress -> {
			try (ModelSource.Lease lease = ModelSource.lease(ModelCache.SHARED, Path.of(model), CommonOptions.parse(given.texts()).model())) {
				tables(lease.model().info()).show();
				// a bioimage.io package's name, authors, licence and citation
				lease.pack().ifPresent(pack -> pack.describe().forEach(line -> IJ.log("ij-xai: " + line)));
			}
		});
	}

	/** The two tables of {@link ModelReport}, titled after the model folder. */
	static Tables tables(ModelInfo info) {
		return new Tables(ModelReport.title(info, "model info"), ModelReport.layers(info), ModelReport.title(info, "classes"), ModelReport.classes(info));
	}
}
