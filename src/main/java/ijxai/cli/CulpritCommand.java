package ijxai.cli;

import java.nio.file.Path;
import java.util.List;

import ijxai.engine.Progress;
import ijxai.engine.features.CulpritLayers;
import ijxai.engine.method.CommonOptions;
import ijxai.engine.method.MethodParameter;
import ijxai.image.CulpritResults;
import ijxai.image.ExplainImage;

/** {@code culprit}: which layers an adversarial image fools, as OUT/culprit.csv and the Plot OUT/culprit.tif. */
final class CulpritCommand implements Command {

	private static final Input IMAGE = new Input("image", "FILE", "the clean image", true);
	private static final Input ADVERSARIAL = new Input("adversarial", "FILE", "its adversarial version (e.g. an attack's _adversarial.tif), or any second image", true);
	private static final Input CLASS_FOLDER = new Input("class-folder", "DIR", "images of the class the attack aims at: their mean activation per layer", false);
	private static final String TABLE = "culprit.csv", PLOT = "culprit.tif";

	@Override public String name() { return "culprit"; }

	@Override
	public String summary() {
		return "Culprit layers: per layer the cosine of the adversarial image's activations to the clean image's and to the class mean: OUT/" + TABLE + ", OUT/" + PLOT;
	}

	@Override public List<Input> inputs() { return List.of(Input.MODEL, IMAGE, ADVERSARIAL, CLASS_FOLDER, Input.OUT); }

	@Override
	public List<MethodParameter> options() {
		return INPUT_AND_MODEL_OPTIONS;
	}

	@Override
	public void run(Arguments arguments, Session session) {
		CommonOptions.Values values = arguments.common();
		ExplainImage.Settings settings = arguments.settings(values);
		Path folder = Session.outputFolder(arguments.required(Input.OUT.name()));
		String classFolder = arguments.get(CLASS_FOLDER.name());
		CulpritResults.Found found = CulpritResults.run(settings, ImageFiles.open(Path.of(arguments.required(IMAGE.name()))),
			ImageFiles.open(Path.of(arguments.required(ADVERSARIAL.name()))), classFolder == null ? null : Path.of(classFolder), values.batch(), Progress.NONE);
		session.save(CulpritResults.table(found), folder.resolve(TABLE));
		session.save(CulpritResults.plot(found).getImagePlus(), folder.resolve(PLOT));
		CulpritLayers.Layer flipped = found.result().firstFlipped();
		session.out().println("clean: " + found.info().className(found.result().cleanClass()) + ", adversarial: " + found.info().className(found.result().adversarialClass())
			+ (found.result().classImages() == 0 ? "" : flipped == null ? "; no layer comes nearer the class than the clean image" : "; first flipped layer: " + flipped.name()));
	}
}
