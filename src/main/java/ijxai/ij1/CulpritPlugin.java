package ijxai.ij1;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import ijxai.engine.XaiException;
import ijxai.engine.method.CommonOptions;
import ijxai.engine.method.MethodParameter;
import ijxai.image.CulpritResults;
import ijxai.image.ExplainImage;
import ijxai.isolation.IsolatedEngine;

/**
 * ImageJ 1.x: which layers an adversarial image fools, for the current image and a second open
 * image; the table "Culprit layers" and the Plot over the layers. Macro:
 * {@code run("Culprit layers", "model=[/path/to/model] adversarial=[image-fgsm-adversarial] classfolder=[/path/to/sandals]");}
 */
public class CulpritPlugin implements PlugIn {

	private static final String TITLE = "Culprit layers";
	static final List<MethodParameter> OPTIONS = Stream.of(List.of(CulpritResults.ADVERSARIAL, CulpritResults.CLASS_FOLDER), CommonOptions.INPUT,
		CommonOptions.MODEL).flatMap(List::stream).toList();

	@Override
	public void run(String argument) {
		if (IsolatedEngine.rerun(this, argument)) return;
		ImagePlus image = IJ.getImage();
		GenericDialog dialog = new GenericDialog(TITLE);
		ModelFields modelFields = new ModelFields(dialog);
		OptionFields fields = new OptionFields(dialog, modelFields, "culprit", image, Map.of());
		fields.add(OPTIONS);
		dialog.addHelp("<html>" + ModelFields.MODEL_HELP + fields.help());
		dialog.showDialog();
		if (dialog.wasCanceled()) return;
		String model = modelFields.nextFolder();
		OptionFields.Given given = fields.read();
		ExplainPlugin.withProgress(TITLE, progress -> {
			ImagePlus adversarial = given.images().get(CulpritResults.ADVERSARIAL.name());
			if (adversarial == null) throw new XaiException("choose the adversarial image among the open images");
			CommonOptions.Values values = CommonOptions.parse(given.texts());
			String classFolder = given.texts().getOrDefault(CulpritResults.CLASS_FOLDER.name(), "").trim();
			ExplainImage.Settings settings = new ExplainImage.Settings(Path.of(model), values.model(), values.normalization(), values.resize(), 0, values.memory());
			CulpritResults.Found found = CulpritResults.run(settings, image, adversarial, classFolder.isEmpty() ? null : Path.of(classFolder), values.batch(), progress);
			CulpritResults.table(found).show(TITLE);
			CulpritResults.plot(found).show();
		});
	}
}
