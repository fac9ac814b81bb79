package ijxai.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ij.ImagePlus;
import ijxai.engine.Progress;
import ijxai.engine.method.CommonOptions;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.image.ExplainImage;
import ijxai.image.ModelSource;

/**
 * An explanation method as a command: every image explained, its maps written as
 * {@code OUT/<image>_<method>.tif}, with the overlay, the adversarial image and the channels'
 * montage beside them when the run makes them; the maps' slice labels on stdout.
 */
final class ExplainCommand implements Command {

	/** Also writes the model's own output for a per-pixel model, what is being explained. */
	static final MethodParameter SAVE_PREDICTION = MethodParameter.flag("save-prediction", "Save the prediction",
		"also write the model's dense prediction (the mask, the denoised image) as OUT/<image>_prediction.tif, to see what is explained and draw regions on it");

	private final Explainer method;

	ExplainCommand(Explainer method) {
		this.method = method;
	}

	@Override public String name() { return method.name(); }

	@Override public String summary() { return method.title() + ": OUT/<image>_" + method.name() + ".tif"; }

	@Override public List<Input> inputs() { return List.of(Input.MODEL, Input.IMAGES, Input.SHARD, Input.OUT); }

	@Override
	public List<MethodParameter> options() {
		return Stream.concat(Stream.concat(CommonOptions.ofMethods().stream(), method.parameters().stream()), Stream.of(SAVE_PREDICTION)).toList();
	}

	@Override
	public void run(Arguments arguments, Session session) {
		CommonOptions.Values values = arguments.common();
		ExplainImage.Settings settings = arguments.settings(values);
		Map<String, String> methodValues = new HashMap<>();
		Map<String, ImagePlus> methodImages = new HashMap<>();
		for (MethodParameter parameter : method.parameters()) {
			String value = arguments.get(parameter.name());
			if (value == null) continue;
			if (parameter.kind() == MethodParameter.Kind.IMAGE) methodImages.put(parameter.name(), ImageFiles.open(Path.of(value)));
			else methodValues.put(parameter.name(), value);
		}
		ExplainOptions explainOptions = values.explainOptions(new MethodSettings(methodValues, Map.of()));
		List<Path> files = ImageFiles.of(arguments.required(Input.IMAGES.name()), arguments.shard());
		Path outDir = Session.outputFolder(arguments.required(Input.OUT.name()));
		ModelSource.Lease model = session.source(settings);
		boolean savePrediction = arguments.get(SAVE_PREDICTION.name()) != null;
		for (Path file : files) {
			ImagePlus image = ImageFiles.open(file);
			if (savePrediction) {
				session.save(ExplainImage.prediction(image, settings, model.model()), outDir.resolve(ExplainImage.baseName(file.getFileName().toString()) + "_prediction.tif"));
			}
			ExplainImage.Output result = ExplainImage.explain(image, settings, method, explainOptions, methodImages, model.model(),
				model.pack().orElse(null), arguments.get(CommonOptions.NORMALIZE.name()) != null, Progress.NONE);
			String base = ExplainImage.baseName(file.getFileName().toString()) + "_" + method.name();
			ImagePlus maps = result.maps();
			for (int slice = 1; slice <= maps.getStackSize(); slice++) session.out().println(file.getFileName() + "\t" + maps.getStack().getSliceLabel(slice));
			session.save(maps, outDir.resolve(base + ".tif"));
			if (result.overlay() != null) session.save(result.overlay(), outDir.resolve(base + "_overlay.tif"));
			if (result.input() != null) session.save(result.input(), outDir.resolve(base + "_adversarial.tif"));
			if (result.montage() != null) session.save(result.montage(), outDir.resolve(base + "_montage.tif"));
		}
	}
}
