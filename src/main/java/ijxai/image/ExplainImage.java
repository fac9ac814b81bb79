package ijxai.image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;
import ij.process.FloatProcessor;
import ijxai.engine.FloatBatch;
import ijxai.engine.Normalization;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.bioimage.ModelPackage;
import ijxai.engine.method.CommonOptions;
import ijxai.engine.method.ExplainJob;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.Explanation;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.MemoryBudget;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.ModelOptions;
import ijxai.engine.model.Placement;
import ijxai.engine.model.Predictions;
import ijxai.engine.model.Region;
import ijxai.engine.model.Target;

/**
 * What every entry point (Fiji command, ImageJ 1.x plugin, command line) does with one image:
 * load the model (cached), turn the image into a batch, explain, and make the result image, the
 * optional overlay and the predictions table. The entry points only collect these settings and
 * show the results.
 */
public final class ExplainImage {

	/**
	 * The settings a user picks in a dialog, a macro or on the command line.
	 *
	 * @param overlay opacity of the heatmap overlay on the image, 0 for no overlay
	 * @param memory what a run may take; batches are sized from it
	 */
	public record Settings(Path model, ModelOptions modelOptions, Normalization normalization, boolean resize, double overlay, MemoryBudget memory) {

		/** Settings with the automatic memory budget. */
		public Settings(Path model, ModelOptions modelOptions, Normalization normalization, boolean resize, double overlay) {
			this(model, modelOptions, normalization, resize, overlay, MemoryBudget.automatic());
		}

		/** The batch size for {@code batch} under the memory budget, at most {@code requested}. */
		public int batchSize(LoadedModel model, FloatBatch batch, int requested) {
			return memory.batchSize(model.info(), batch.height(), batch.width(), batch.channels(), requested);
		}
	}

	/**
	 * The map stack, the overlay (or null), the predictions of one image, the input the method
	 * made (the adversarial image, in the source's type and bit depth; or null), for maps that
	 * are a layer's channels a montage of them per image (or null), and where the model ran.
	 */
	public record Output(ImagePlus maps, ImagePlus overlay, ResultsTable predictions, ImagePlus input, ImagePlus montage, Placement placement) {}

	private ExplainImage() {}

	/**
	 * Explains one image. {@code images} are the images given for the method's image parameters
	 * (e.g. an Integrated Gradients baseline); they go through the same normalization.
	 */
	public static Output explain(ImagePlus image, Settings settings, Explainer method, ExplainOptions options, Map<String, ImagePlus> images,
		ModelCache cache, Progress progress)
	{
		// a dialog always has a normalization: only one other than the default overrides a package's preprocessing
		boolean normalizationGiven = settings.normalization() != Normalization.parse(CommonOptions.NORMALIZE.defaultValue());
		try (ModelSource.Lease lease = ModelSource.lease(cache, settings.model(), settings.modelOptions())) {
			return explain(image, settings, method, options, images, lease.model(), lease.pack().orElse(null), normalizationGiven, progress);
		}
	}

	/** Explains one image with a model already loaded (and kept open by the caller). */
	public static Output explain(ImagePlus image, Settings settings, Explainer method, ExplainOptions options, Map<String, ImagePlus> images,
		LoadedModel model, Progress progress)
	{
		return explain(image, settings, method, options, images, model, null, true, progress);
	}

	/**
	 * Explains one image with a model already loaded from a bioimage.io package ({@code pack}; null
	 * for a SavedModel folder). Unless {@code normalizationGiven}, the package's preprocessing
	 * replaces the normalization and pads the image to a valid size; the maps are cropped back.
	 */
	public static Output explain(ImagePlus image, Settings settings, Explainer method, ExplainOptions options, Map<String, ImagePlus> images,
		LoadedModel model, ModelPackage pack, boolean normalizationGiven, Progress progress)
	{
		ImageBridge.checkMemory(image, model.info(), settings.resize(), settings.memory());
		boolean packaged = PackageInput.feeds(pack), preprocess = packaged && PackageInput.preprocesses(pack, normalizationGiven);
		Normalization normalization = preprocess ? Normalization.NONE : settings.normalization();
		ImageBridge.Input input = ImageBridge.toInput(image, model.info(), normalization, settings.resize());
		ModelPackage.ModelInput fed = packaged ? PackageInput.prepare(pack, input.batch(), preprocess) : null;
		FloatBatch batch = fed == null ? input.batch() : fed.batch();
		options = options.withBatchSize(settings.batchSize(model, batch, options.batchSize()));
		Map<String, FloatBatch> batches = new HashMap<>();
		images.forEach((name, other) -> {
			FloatBatch given = ImageBridge.toBatch(other, model.info(), normalization, settings.resize());
			batches.put(name, packaged ? PackageInput.prepare(pack, given, preprocess).batch() : given);
		});
		options = options.withTarget(Regions.resolve(options.target(), image));
		// bound once: the title names the class the target resolved to
		ExplainJob job = ExplainJob.bind(method, model, batch, options.withSettings(options.settings().withImages(batches)).withSpace(input.space()), progress);
		List<Region> regions = new ArrayList<>();
		if (job.regions() != null) for (int s = 0; s < job.input().count(); s++) regions.add(job.regions().region(s));
		Explanation explanation = method.explain(job);
		if (fed != null) explanation = PackageInput.cropped(explanation, fed, pack);
		String title = title(image, method, model.info(), job.targets(), explanation.targets());
		// maps at the layer's resolution (Grad-CAM raw, activations) or in model-input space (raw) keep their size
		FloatBatch imageSized = input.batch();
		boolean keepSize = options.raw() || explanation.maps().height() != imageSized.height() || explanation.maps().width() != imageSized.width();
		ImagePlus maps = ImageBridge.toImage(explanation, image, title, keepSize);
		for (String note : model.info().resultNotes()) maps.setProperty("Info", maps.getProperty("Info") + "model: " + note + "\n");
		if (pack != null) {
			List<String> lines = new ArrayList<>(pack.describe());
			PackageInput.notes(pack, fed, preprocess, settings.normalization().key()).forEach(note -> lines.add("note: " + note));
			maps.setProperty("Info", maps.getProperty("Info") + String.join("\n", lines) + "\n");
		}
		if (!regions.isEmpty() && maps.getWidth() == regions.get(0).width() && maps.getHeight() == regions.get(0).height()) {
			Regions.drawOutlines(maps, regions, explanation.maps().channels());
		}
		ImagePlus overlaid = regions.isEmpty() ? image : Regions.eachSliceRepeated(image, job.regions().count());
		ImagePlus overlay = settings.overlay() > 0 ? ImageBridge.overlay(maps, overlaid, settings.overlay(), title + "-overlay") : null;
		ImagePlus made = explanation.input() == null ? null
			: ImageBridge.toSourceType(explanation.input(), input.space(), image, title + "-adversarial", explanation.labels());
		ImagePlus montage = method.tiled() ? Montage.featureMaps(maps, explanation.maps().channels(), title + "-montage") : null;
		ResultsTable table = predictions(image, model, regions.isEmpty() ? batch : job.input(), explanation, options.batchSize());
		for (int row = 0; row < regions.size(); row++) {
			table.setValue("slice", row, row / job.regions().count() + 1);
			table.setValue("region", row, regions.get(row).name());
		}
		return new Output(maps, overlay, table, made, montage, model.placement());
	}

	/**
	 * The model's own output for the image: for a per-pixel model the mask or denoised image, one
	 * channel per output channel (named by its class), a slice per image slice.
	 */
	public static ImagePlus prediction(ImagePlus image, Settings settings, LoadedModel model) {
		ModelInfo info = model.info();
		if (!info.isDenseOutput()) throw new XaiException("the model in " + info.folder() + " has no per-pixel output to save as an image");
		FloatBatch batch = ImageBridge.toInput(image, info, settings.normalization(), settings.resize()).batch();
		ImageStack stack = null;
		for (int n = 0; n < batch.count(); n++) {
			FloatBatch output = model.activations(batch.samples(n, n + 1), info.outputTensor());
			if (stack == null) stack = new ImageStack(output.width(), output.height());
			for (int k = 0; k < output.channels(); k++) {
				float[] plane = new float[output.width() * output.height()];
				for (int p = 0; p < plane.length; p++) plane[p] = output.data()[p * output.channels() + k];
				stack.addSlice(info.className(k), new FloatProcessor(output.width(), output.height(), plane));
			}
		}
		ImagePlus prediction = new ImagePlus(baseName(image.getTitle()) + "-prediction", stack);
		prediction.setDimensions(stack.getSize() / batch.count(), batch.count(), 1);
		return prediction;
	}

	/**
	 * Top-3 classes of every slice (in TensorFlow calls of at most {@code batchSize} slices); with an
	 * explanation, also the class explained, its score and the method's measures.
	 */
	public static ResultsTable predictions(ImagePlus image, LoadedModel model, FloatBatch batch, Explanation explanation, int batchSize) {
		float[] probabilities = Predictions.probabilities(model, batch, batchSize);
		List<List<Predictions.Ranked>> top = Predictions.top(model.info(), probabilities, 3);
		ResultsTable table = new ResultsTable();
		for (int n = 0; n < top.size(); n++) {
			table.incrementCounter();
			table.addValue("image", image.getTitle());
			table.addValue("slice", n + 1);
			for (int k = 0; k < top.get(n).size(); k++) {
				table.addValue("class " + (k + 1), top.get(n).get(k).className());
				table.addValue("p " + (k + 1), top.get(n).get(k).probability());
			}
			if (!model.info().resultNotes().isEmpty()) table.addValue("model", String.join("; ", model.info().resultNotes()));
			if (explanation != null) {
				table.addValue("explained", model.info().className(explanation.targets()[n]));
				table.addValue("score", explanation.scores()[n]);
				for (Map.Entry<String, float[]> measure : explanation.measures().entrySet()) table.addValue(measure.getKey(), measure.getValue()[n]);
			}
		}
		return table;
	}

	/**
	 * {@code <image>-<method>-<class>}: the target class (of the bound job, null: the predicted class), or for the predicted target the class
	 * every slice was explained for, or "predicted" when the slices of a stack were explained for
	 * their own, different classes. By name: an attack's maps are about the class it started from.
	 * Characters that file names cannot hold become "_".
	 */
	public static String title(ImagePlus image, Explainer method, ModelInfo info, int[] targets, int[] explained) {
		String explainedClass;
		if (targets != null) explainedClass = info.className(targets[0]);
		else if (Arrays.stream(explained).distinct().count() == 1) explainedClass = info.className(explained[0]);
		else explainedClass = Target.PREDICTED_NAME;
		// class names such as "T-shirt/top" must not turn a title saved as a file name into a folder
		return baseName(image.getTitle()) + "-" + method.name() + "-" + explainedClass.replaceAll("[/\\\\:*?\"<>|]", "_");
	}

	public static String baseName(String title) {
		int dot = title.lastIndexOf('.');
		return dot > 0 ? title.substring(0, dot) : title;
	}
}
