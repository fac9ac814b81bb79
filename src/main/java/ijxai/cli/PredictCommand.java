package ijxai.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import ijxai.engine.FloatBatch;
import ijxai.engine.method.CommonOptions;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.model.LoadedModel;
import ijxai.image.ExplainImage;
import ijxai.image.ImageBridge;

/** {@code predict}: the three most probable classes of every image slice, one line each. */
final class PredictCommand implements Command {

	@Override public String name() { return "predict"; }

	@Override public String summary() { return "the top-3 classes of every image slice"; }

	@Override public List<Input> inputs() { return List.of(Input.MODEL, Input.IMAGES, Input.SHARD); }

	@Override
	public List<MethodParameter> options() {
		return INPUT_AND_MODEL_OPTIONS;
	}

	@Override
	public void run(Arguments arguments, Session session) {
		CommonOptions.Values values = arguments.common();
		ExplainImage.Settings settings = arguments.settings(values);
		LoadedModel model = session.model(settings);
		for (Path file : ImageFiles.of(arguments.required(Input.IMAGES.name()), arguments.shard())) {
			ImagePlus image = ImageFiles.open(file);
			FloatBatch batch = ImageBridge.toBatch(image, model.info(), settings.normalization(), settings.resize());
			ResultsTable table = ExplainImage.predictions(image, model, batch, null, settings.batchSize(model, batch, values.batch()));
			for (int row = 0; row < table.size(); row++) {
				StringBuilder line = new StringBuilder(file.getFileName() + "\tslice " + (int) table.getValue("slice", row));
				for (int k = 1; k <= Math.min(3, model.info().classCount()); k++) {
					line.append(String.format(Locale.ROOT, "\t%s %.4f", table.getStringValue("class " + k, row), table.getValue("p " + k, row)));
				}
				session.out().println(line);
			}
		}
	}
}
