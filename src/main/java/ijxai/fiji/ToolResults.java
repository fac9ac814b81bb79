package ijxai.fiji;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import ijxai.engine.Progress;
import ijxai.engine.attack.AdversarialTraining;
import ijxai.engine.attack.RobustnessSweep;
import ijxai.engine.attack.UniversalPerturbation;
import ijxai.engine.evaluation.Evaluation;
import ijxai.engine.evaluation.SanityChecks;
import ijxai.engine.features.FeatureSpaceTool;
import ijxai.engine.features.FirstLayerFilters;
import ijxai.engine.features.FirstLayerKernels;
import ijxai.engine.method.CommonOptions;
import ijxai.engine.method.DatasetTool;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelInfo;
import ijxai.image.EvaluationResults;
import ijxai.image.ExplainImage;
import ijxai.image.FeatureSpaceResults;
import ijxai.image.Montage;
import ijxai.image.ImageSets;
import ijxai.image.ModelSource;
import ijxai.image.SanityResults;
import ijxai.image.AttackResults;

/**
 * How a dataset tool runs and how what it finds is shown: the outputs of its Fiji module (tables
 * and images) and how a result fills them. The ImageJ 1.x plugin ({@code ijxai.ij1.ToolPlugin})
 * shows the same outputs as windows.
 */
public final class ToolResults {

	/** One output item of a tool's module. */
	public record Output(String name, Class<?> type, String label, String description) {}

	/**
	 * What a run gives to show.
	 *
	 * @param set the images it read (null for a tool that reads none)
	 * @param image the stack the user gave, or null
	 */
	public record Run(Object result, ImageSets.LabelledSet set, String source, ModelInfo model, MethodSettings.Values settings) {}

	/** A tool's outputs and how a run's result becomes their values, by output name. */
	public record Presenter(List<Output> outputs, Function<Run, Map<String, Object>> show) {}

	private ToolResults() {}

	/**
	 * Runs a tool: loads the model, reads the images the tool takes (the slices of {@code image}, or
	 * for a tool of a set the images of the folder or stack file {@code images} when given, or the
	 * labelled {@code images} folder or stack with the optional {@code labels} CSV) and runs it with
	 * batches the memory budget allows.
	 */
	public static Run run(DatasetTool<?> tool, Path model, CommonOptions.Values values, MethodSettings.Values settings, ImagePlus image, Path images,
		Path labels, Progress progress)
	{
		ExplainImage.Settings run = new ExplainImage.Settings(model, values.model(), values.normalization(), values.resize(), 0, values.memory());
		try (ModelSource.Lease lease = ModelSource.lease(ModelCache.SHARED, model, values.model())) {
			LoadedModel loaded = lease.model();
			ImageSets.LabelledSet set = switch (tool.images()) {
				case NONE -> null;
				case SET -> images == null ? ImageSets.unlabelled(image, loaded.info(), values.normalization(), values.resize())
					: ImageSets.load(Files.isDirectory(images) ? ImageSets.filesIn(images) : List.of(images), loaded.info(), run);
				case LABELLED -> ImageSets.load(images, labels, loaded.info(), run);
			};
			String source = images != null ? images.getFileName().toString() : image != null ? image.getTitle() : model.getFileName().toString();
			return new Run(ImageSets.run(tool, loaded, set, run, values.batch(), settings, progress), set, source, loaded.info(), settings);
		}
	}

	/** A tool's outputs and how its results fill them. */
	@SuppressWarnings("unchecked")
	public static Presenter of(DatasetTool<?> tool) {
		if (tool instanceof RobustnessSweep) {
			return new Presenter(List.of(new Output("robustness", ResultsTable.class, "Robustness", "accuracy per attack and epsilon"),
				new Output("plot", ImagePlus.class, "Robustness curve", "accuracy versus epsilon, one curve per attack")), run -> {
					List<RobustnessSweep.Point> points = (List<RobustnessSweep.Point>) run.result();
					return Map.of("robustness", AttackResults.table(points), "plot", AttackResults.plot(points).getImagePlus());
				});
		}
		if (tool instanceof UniversalPerturbation) {
			return new Presenter(List.of(new Output("perturbation", ImagePlus.class, "Perturbation", "the one perturbation, in gray levels, to add to any image"),
				new Output("rates", ResultsTable.class, "Fooling rates", "how often the perturbation changes the prediction, on the fitted and the held-out slices")),
				run -> {
					UniversalPerturbation.Result result = (UniversalPerturbation.Result) run.result();
					return Map.of("rates", AttackResults.table(result), "perturbation", AttackResults.perturbationImage(result.perturbation(), run.set().space(),
						ExplainImage.baseName(run.source()) + "-universal"));
				});
		}
		if (tool instanceof FeatureSpaceTool) {
			return new Presenter(List.of(new Output("features", ResultsTable.class, "Features", "per slice: its predicted class and its first principal components"),
				new Output("neighbours", ResultsTable.class, "Neighbours", "the query slice's nearest slices and their distances"),
				new Output("neighbourMontage", ImagePlus.class, "Neighbour montage", "the query slice and its nearest slices side by side"),
				new Output("pca", ImagePlus.class, "PCA plot", "the slices on the first two principal components, coloured by predicted class"),
				new Output("colours", ImagePlus.class, "Slices by colour", "the slices framed in their class colour of the plot"),
				new Output("tsne", ImagePlus.class, "t-SNE plot", "with t-SNE ticked: the slices' t-SNE embedding, coloured by predicted class")), run -> {
					FeatureSpaceResults.Output shown = FeatureSpaceResults.show((FeatureSpaceTool.Result) run.result(), run.set(), run.model(),
						run.settings().integer(FeatureSpaceTool.QUERY), run.settings().integer(FeatureSpaceTool.K));
					Map<String, Object> outputs = new HashMap<>(Map.of("features", shown.images(), "neighbours", shown.neighbours(), "neighbourMontage",
						shown.neighbourMontage(), "pca", shown.plot().getImagePlus(), "colours", shown.colourMontage()));
					if (shown.tsnePlot() != null) outputs.put("tsne", shown.tsnePlot().getImagePlus());
					return outputs;
				});
		}
		if (tool instanceof FirstLayerFilters) {
			return new Presenter(List.of(new Output("filters", ImagePlus.class, "Filters", "the first convolution's kernels, one tile per filter and input channel")),
				run -> Map.of("filters", Montage.filters((FirstLayerKernels) run.result(), tool.title())));
		}
		if (tool instanceof Evaluation) {
			return new Presenter(List.of(new Output("evaluation", ResultsTable.class, "Evaluation", "each metric per method: mean, standard error, number of images"),
				new Output("evaluationImages", ResultsTable.class, "Evaluation per image", "every image's value of each metric and method"),
				new Output("curves", ImagePlus.class, "Deletion and insertion curves", "the mean curves of every method, the random baseline in gray")), run -> {
					Evaluation.Result result = (Evaluation.Result) run.result();
					return Map.of("evaluation", EvaluationResults.table(result), "evaluationImages", EvaluationResults.imageTable(result), "curves",
						EvaluationResults.plot(result).getImagePlus());
				});
		}
		if (tool instanceof SanityChecks) {
			return new Presenter(List.of(new Output("sanity", ResultsTable.class, "Sanity checks", "each similarity to the original map per method and step "
				+ "(mean over the images)"),
				new Output("sanityPlot", ImagePlus.class, "Sanity checks plot", "the similarities over the steps of randomization, per method and measure"),
				new Output("sanityMontage", ImagePlus.class, "Sanity checks montage", "the maps per step (columns) and method (rows), one slice per image")),
				run -> {
					SanityChecks.Result result = (SanityChecks.Result) run.result();
					return Map.of("sanity", SanityResults.table(result), "sanityPlot", SanityResults.plot(result).getImagePlus(), "sanityMontage",
						SanityResults.montage(result));
				});
		}
		if (tool instanceof AdversarialTraining) {
			return new Presenter(List.of(new Output("epochs", ResultsTable.class, "Fine-tuning epochs", "per epoch: the held-out loss, accuracy and accuracy under the attack"),
				new Output("curves", ResultsTable.class, "Robustness before and after", "accuracy versus epsilon of the original and the hardened model, held-out images"),
				new Output("plot", ImagePlus.class, "Robustness plot", "both models' robustness curves in one Plot"),
				new Output("exported", String.class, "Hardened model", "the folder of the fine-tuned SavedModel")), run -> {
					AdversarialTraining.Result result = (AdversarialTraining.Result) run.result();
					List<RobustnessSweep.Point> curves = AttackResults.beforeAndAfter(result);
					Map<String, Object> outputs = new HashMap<>(Map.of("epochs", AttackResults.epochs(result), "curves", AttackResults.table(curves),
						"exported", result.exported().toString()));
					if (!curves.isEmpty()) outputs.put("plot", AttackResults.plot(curves).getImagePlus());
					return outputs;
				});
		}
		throw new IllegalStateException("Fiji does not know how to show what the dataset tool '" + tool.name() + "' finds");
	}
}
