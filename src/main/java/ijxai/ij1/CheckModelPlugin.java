package ijxai.ij1;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import ijxai.engine.bioimage.PackageCheck;
import ijxai.engine.method.CommonOptions;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.model.ModelCache;
import ijxai.image.PackageChecks;
import ijxai.isolation.IsolatedEngine;

/**
 * ImageJ 1.x: a bioimage.io package's own test, its test input through preprocessing, the model
 * and postprocessing against its test output; the result as the table "NAME check" (passed, the
 * largest absolute and relative differences) and a line in the Log. Macro:
 * {@code run("Check model", "model=[/path/to/package.zip] absolutetolerance=1.5E-4 relativetolerance=1.0E-4");}
 */
public class CheckModelPlugin implements PlugIn {

	private static final String TITLE = "Check model";
	/** The options of the dialog, after the model field. */
	static final List<MethodParameter> OPTIONS = Stream.concat(PackageChecks.TOLERANCES.stream(), Stream.of(CommonOptions.TRUST_MODEL)).toList();

	@Override
	public void run(String argument) {
		if (IsolatedEngine.rerun(this, argument)) return;
		GenericDialog dialog = new GenericDialog(TITLE);
		ModelFields modelFields = new ModelFields(dialog);
		OptionFields fields = new OptionFields(dialog, modelFields, "check-model", null, Map.of());
		fields.add(OPTIONS);
		dialog.addHelp("<html>model: a bioimage.io model package, a .zip or a folder holding rdf.yaml or model.yaml (remembered for every ij-xai command)."
			+ fields.help());
		dialog.showDialog();
		if (dialog.wasCanceled()) return;
		String model = modelFields.nextFolder();
		Map<String, String> given = fields.read().texts();
		ExplainPlugin.withProgress(TITLE, progress -> {
			PackageCheck.Result result = check(Path.of(model), given);
			result.notes().forEach(note -> IJ.log("ij-xai: note: " + note));
			IJ.log("ij-xai: " + result.summary());
			PackageChecks.table(result).show(title(result));
		});
	}

	/** The check of the package at {@code model} with the options given by name. */
	static PackageCheck.Result check(Path model, Map<String, String> given) {
		return PackageChecks.run(model, CommonOptions.parse(given).model(), PackageChecks.tolerance(given), ModelCache.SHARED);
	}

	/** "NAME check", after the package's file or folder. */
	static String title(PackageCheck.Result result) {
		return result.file().getFileName() + " check";
	}
}
