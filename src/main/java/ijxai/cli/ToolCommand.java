package ijxai.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ijxai.engine.Progress;
import ijxai.engine.attack.AdversarialTraining;
import ijxai.engine.attack.RobustnessSweep;
import ijxai.engine.attack.UniversalPerturbation;
import ijxai.engine.evaluation.Evaluation;
import ijxai.engine.evaluation.SanityChecks;
import ijxai.engine.features.FeatureSpaceTool;
import ijxai.engine.features.FirstLayerFilters;
import ijxai.engine.method.CommonOptions;
import ijxai.engine.method.DatasetTool;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.LoadedModel;
import ijxai.image.ExplainImage;
import ijxai.image.ImageSets;

/**
 * A dataset tool ({@link ijxai.engine.DatasetTools}) as a command: its inputs follow from what it
 * reads, its options are the engine's declaration, and its presenter prints and writes what it finds.
 *
 * @param <R> what the tool finds
 */
final class ToolCommand<R> implements Command {

	private final DatasetTool<R> tool;
	private final ToolPresenter<R> presenter;

	private ToolCommand(DatasetTool<R> tool, ToolPresenter<R> presenter) {
		this.tool = tool;
		this.presenter = presenter;
	}

	/** The command of a tool, with the presenter of its kind of result. */
	static ToolCommand<?> of(DatasetTool<?> tool) {
		if (tool instanceof RobustnessSweep sweep) return new ToolCommand<>(sweep, new SweepPresenter());
		if (tool instanceof UniversalPerturbation universal) return new ToolCommand<>(universal, new UniversalPresenter());
		if (tool instanceof FeatureSpaceTool features) return new ToolCommand<>(features, new FeatureSpacePresenter());
		if (tool instanceof FirstLayerFilters filters) return new ToolCommand<>(filters, new FiltersPresenter());
		if (tool instanceof Evaluation evaluation) return new ToolCommand<>(evaluation, EvaluationPresenter.evaluation());
		if (tool instanceof SanityChecks sanity) return new ToolCommand<>(sanity, EvaluationPresenter.sanity());
		if (tool instanceof AdversarialTraining training) return new ToolCommand<>(training, new AdversarialTrainingPresenter());
		throw new IllegalStateException("the command line does not know how to show what the dataset tool '" + tool.name() + "' finds");
	}

	@Override public String name() { return tool.name(); }

	@Override
	public String summary() {
		return tool.title() + ": " + presenter.files().stream().map(file -> "OUT/" + file).collect(Collectors.joining(", "));
	}

	@Override
	public List<Input> inputs() {
		return switch (tool.images()) {
			case NONE -> List.of(Input.MODEL, Input.OUT);
			case SET -> List.of(Input.MODEL, Input.IMAGES, Input.SHARD, Input.OUT);
			case LABELLED -> List.of(Input.MODEL, Input.LABELLED_IMAGES, Input.LABELS, Input.SHARD, Input.OUT);
		};
	}

	@Override
	public List<MethodParameter> options() {
		return Stream.concat(tool.commonOptions().stream(), tool.parameters().stream()).toList();
	}

	@Override
	public void run(Arguments arguments, Session session) {
		CommonOptions.Values values = arguments.common();
		ExplainImage.Settings settings = arguments.settings(values);
		MethodSettings.Values own = tool.settings(arguments.given(tool.parameters()));
		Path folder = Session.outputFolder(arguments.required(Input.OUT.name()));
		LoadedModel model = session.model(settings);
		ImageSets.LabelledSet set = switch (tool.images()) {
			case NONE -> null;
			case SET -> ImageSets.load(ImageFiles.of(arguments.required(Input.IMAGES.name()), arguments.shard()), model.info(), settings);
			case LABELLED -> labelled(arguments, model, settings);
		};
		R result = ImageSets.run(tool, model, set, settings, values.batch(), own, Progress.NONE);
		presenter.present(result, new ToolPresenter.Context(set, model.info(), own, folder, session));
	}

	/** The labelled images; with --shard, its chunk of the labelled files. */
	private static ImageSets.LabelledSet labelled(Arguments arguments, LoadedModel model, ExplainImage.Settings settings) {
		String images = arguments.required(Input.LABELLED_IMAGES.name()), labels = arguments.get(Input.LABELS.name());
		Path folder = Path.of(images), labelsFile = labels == null ? null : Path.of(labels);
		Shard shard = arguments.shard();
		if (shard.equals(Shard.ALL)) return ImageSets.load(folder, labelsFile, model.info(), settings);
		if (labelsFile == null && Files.isRegularFile(folder)) throw new UsageException("--shard splits a folder's files; " + images + " is one stack");
		Map<Path, String> files = ImageSets.labelledFiles(folder, labelsFile), chunk = new LinkedHashMap<>();
		for (Path file : shard.of(List.copyOf(files.keySet()), images)) chunk.put(file, files.get(file));
		return ImageSets.load(chunk, model.info(), settings);
	}
}
