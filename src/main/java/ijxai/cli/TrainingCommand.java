package ijxai.cli;

import java.nio.file.Path;
import java.util.List;

import ijxai.engine.Explainers;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.method.CommonOptions;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.training.Checkpoints;
import ijxai.engine.training.WeightCheckpoints;
import ijxai.image.ExplainImage;
import ijxai.image.TrainingResults;

/**
 * {@code training}: one method's maps at every checkpoint of a training run, as the hyperstack
 * OUT/&lt;image&gt;_&lt;method&gt;_training.tif (a frame per checkpoint), the integrated loss gradient
 * OUT/&lt;image&gt;_training_gradient.tif, the table OUT/training.csv and its Plot OUT/training_plot.tif.
 */
final class TrainingCommand implements Command {

	private static final Input MODELS = new Input("models", "FOLDER", "one SavedModel folder per checkpoint, in the natural order of their names (cp-2 before cp-10)", false);
	private static final Input MODEL = new Input("model", "DIR", "with --checkpoints: the SavedModel the checkpoints' weights are restored into", false);
	private static final Input CHECKPOINTS = new Input("checkpoints", "DIR",
		"instead of --models: Keras weight files (cp-0005.ckpt.index/.data-*) or tf.train.Checkpoint files written during training, in the natural order of their names", false);
	private static final Input METHOD = new Input("method", "M", "the attribution method (its name as a command, e.g. saliency), run with its default settings", true);
	private static final String TABLE = "training.csv", PLOT = "training_plot.tif";

	@Override public String name() { return "training"; }

	@Override
	public String summary() {
		return "Explanations across training: a method's maps per checkpoint, the training-integrated loss gradient, loss, accuracy and |∇J|–input correlation per checkpoint: "
			+ "OUT/<image>_<method>_training.tif, OUT/<image>_training_gradient.tif, OUT/" + TABLE + ", OUT/" + PLOT;
	}

	@Override public List<Input> inputs() { return List.of(MODELS, MODEL, CHECKPOINTS, Input.LABELLED_IMAGES, METHOD, Input.OUT); }

	@Override
	public List<MethodParameter> options() {
		return INPUT_AND_MODEL_OPTIONS;
	}

	@Override
	public void run(Arguments arguments, Session session) {
		CommonOptions.Values values = arguments.common();
		String checkpointFolder = arguments.get(CHECKPOINTS.name());
		if ((checkpointFolder == null) == (arguments.get(MODELS.name()) == null)) throw new UsageException("give --models FOLDER, or --model DIR with --checkpoints DIR");
		Path models = Path.of(checkpointFolder == null ? arguments.get(MODELS.name()) : arguments.required(MODEL.name()));
		ExplainImage.Settings settings = new ExplainImage.Settings(models, values.model(), values.normalization(), values.resize(), 0, values.memory());
		Checkpoints checkpoints = checkpointFolder == null ? Checkpoints.savedModels(models, values.model())
			: WeightCheckpoints.of(session.source(settings).model(), Path.of(checkpointFolder));
		Explainer method = method(arguments.required(METHOD.name()));
		Path images = Path.of(arguments.required(Input.LABELLED_IMAGES.name()));
		Path folder = Session.outputFolder(arguments.required(Input.OUT.name()));
		TrainingResults.Found found = TrainingResults.run(checkpoints, images, settings, method,
			values.explainOptions(MethodSettings.NONE), Progress.NONE);
		String base = ExplainImage.baseName(images.getFileName().toString());
		session.save(TrainingResults.movie(found, base + "_" + method.name() + "_training"), folder.resolve(base + "_" + method.name() + "_training.tif"));
		session.save(TrainingResults.integratedGradient(found, base + "_training_gradient"), folder.resolve(base + "_training_gradient.tif"));
		session.save(TrainingResults.table(found), folder.resolve(TABLE));
		session.save(TrainingResults.plot(found).getImagePlus(), folder.resolve(PLOT));
	}

	private static Explainer method(String name) {
		try {
			return Explainers.byName(name);
		}
		catch (XaiException e) {
			throw new UsageException("--" + METHOD.name() + ": " + e.getMessage());
		}
	}
}
