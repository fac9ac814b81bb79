package ijxai.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import ij.ImagePlus;
import ijxai.engine.FloatBatch;
import ijxai.engine.ImageSpace;
import ijxai.engine.Normalization;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.method.DatasetTool;
import ijxai.engine.method.ImageSet;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.Target;

/**
 * The sets of images the dataset tools (sweep, universal perturbation, feature space) run over:
 * a folder or list of files, with classes from a labels CSV, class-named subfolders or slice
 * labels, or the slices of an open stack, all in model-input space.
 */
public final class ImageSets {


	/** Images in model-input space, their classes (−1: none), their image space, and a name per image (file, and slice for stacks). */
	public record LabelledSet(FloatBatch images, int[] labels, ImageSpace space, List<String> names) {}

	private ImageSets() {}

	/**
	 * The images of {@code folder} with classes from a CSV of 'file,class' lines, or from
	 * class-named subfolders (labels null); or the slices of one stack file, classes from their
	 * slice labels.
	 */
	public static LabelledSet load(Path folder, Path labels, ModelInfo info, ExplainImage.Settings settings) {
		if (Files.isRegularFile(folder) && labels == null) return loadStack(folder, info, settings);
		return load(labelledFiles(folder, labels), info, settings);
	}


	private static LabelledSet loadStack(Path file, ModelInfo info, ExplainImage.Settings settings) {
		ImagePlus stack = ImageBridge.open(file);
		ImageBridge.Input input = ImageBridge.toInput(stack, info, settings.normalization(), settings.resize());
		int perSample = stack.getStackSize() / input.batch().count();
		int[] classes = new int[input.batch().count()];
		for (int n = 0; n < classes.length; n++) {
			String label = stack.getStack().getSliceLabel(n * perSample + 1);
			if (label == null || label.isBlank()) throw new XaiException("slice " + (n * perSample + 1) + " of " + file + " has no label naming its class");
			classes[n] = classOf(label.split("\n")[0].trim(), info, "slice " + (n * perSample + 1) + " of " + file);
		}
		return new LabelledSet(input.batch(), classes, input.space(), sliceNames(file.getFileName().toString(), classes.length));
	}


	/** The image files of a folder (not its subfolders), in name order; a folder without images is an error naming it. */
	public static List<Path> filesIn(Path folder) {
		if (!Files.isDirectory(folder)) throw new XaiException("image folder " + folder + " does not exist");
		try (Stream<Path> entries = Files.list(folder)) {
			List<Path> files = entries.filter(Files::isRegularFile).filter(ImageSets::isImage).sorted().toList();
			if (files.isEmpty()) throw new XaiException("folder " + folder + " has no images (" + String.join(", ", ImageBridge.IMAGE_SUFFIXES) + ")");
			return files;
		}
		catch (IOException e) {
			throw new XaiException("cannot list folder " + folder + ": " + e.getMessage());
		}
	}

	private static boolean isImage(Path file) {
		return ImageBridge.IMAGE_SUFFIXES.stream().anyMatch(suffix -> file.toString().toLowerCase(Locale.ROOT).endsWith(suffix));
	}

	/** Images without labels (every label −1), e.g. to build a universal perturbation from. */
	public static LabelledSet load(List<Path> files, ModelInfo info, ExplainImage.Settings settings) {
		Map<Path, String> unlabelled = new LinkedHashMap<>();
		for (Path file : files) unlabelled.put(file, null);
		return load(unlabelled, info, settings);
	}


	/** These images (in this order) with the classes their labels name (null: none). */
	public static LabelledSet load(Map<Path, String> files, ModelInfo info, ExplainImage.Settings settings) {
		List<FloatBatch> batches = new ArrayList<>();
		List<ImageSpace.Affine> affines = new ArrayList<>();
		List<Integer> classes = new ArrayList<>();
		List<String> names = new ArrayList<>();
		ImageSpace first = null;
		for (Map.Entry<Path, String> entry : files.entrySet()) {
			ImagePlus image = ImageBridge.open(entry.getKey());
			ImageBridge.Input input = ImageBridge.toInput(image, info, settings.normalization(), settings.resize());
			if (first == null) first = input.space();
			else if (first.integer() != input.space().integer() || first.maximum() != input.space().maximum()) {
				throw new XaiException("image " + entry.getKey() + " has another bit depth than the first image; a sweep takes images of one type");
			}
			FloatBatch firstBatch = batches.isEmpty() ? null : batches.get(0);
			if (firstBatch != null && (firstBatch.height() != input.batch().height() || firstBatch.width() != input.batch().width()
				|| firstBatch.channels() != input.batch().channels())) {
				throw new XaiException("image " + entry.getKey() + " has another size than the first image; a sweep takes images of one size");
			}
			int label = entry.getValue() == null ? -1 : classOf(entry.getValue(), info, entry.getKey().toString());
			batches.add(input.batch());
			affines.addAll(List.of(input.space().affines()));
			for (int n = 0; n < input.batch().count(); n++) classes.add(label);
			names.addAll(sliceNames(entry.getKey().getFileName().toString(), input.batch().count()));
		}
		FloatBatch all = FloatBatch.zeros(classes.size(), batches.get(0).height(), batches.get(0).width(), batches.get(0).channels());
		int at = 0;
		for (FloatBatch batch : batches) {
			all.put(at, batch);
			at += batch.count();
		}
		ImageSpace space = new ImageSpace(affines.toArray(new ImageSpace.Affine[0]), first.minimum(), first.maximum(), first.integer());
		return new LabelledSet(all, classes.stream().mapToInt(Integer::intValue).toArray(), space, names);
	}


	/** The slices of an open stack, without labels, named by the stack's title and slice number. */
	public static LabelledSet unlabelled(ImagePlus stack, ModelInfo info, Normalization normalization) {
		return unlabelled(stack, info, normalization, false);
	}


	/** The same, the slices scaled to the model's input size if {@code resize}. */
	public static LabelledSet unlabelled(ImagePlus stack, ModelInfo info, Normalization normalization, boolean resize) {
		ImageBridge.Input input = ImageBridge.toInput(stack, info, normalization, resize);
		int[] none = new int[input.batch().count()];
		java.util.Arrays.fill(none, -1);
		return new LabelledSet(input.batch(), none, input.space(), sliceNames(stack.getTitle(), none.length));
	}


	/** The file's name, with the slice number when it holds several images. */
	private static List<String> sliceNames(String name, int count) {
		List<String> names = new ArrayList<>();
		for (int n = 1; n <= count; n++) names.add(count == 1 ? name : name + ":" + n);
		return names;
	}


	/** The class a label names, or an error naming where it came from. */
	private static int classOf(String label, ModelInfo info, String where) {
		Target target = Target.parse(label);
		if (target.isPredicted()) throw new XaiException(where + ": '" + label + "' is not a class; give a class name or index");
		return target.resolve(info);
	}


	/** The labelled image files {@link #load(Path, Path, ModelInfo, ExplainImage.Settings) load} reads from a folder, in its order, with their labels. */
	public static Map<Path, String> labelledFiles(Path folder, Path labels) {
		Map<Path, String> labelled = new LinkedHashMap<>();
		if (!Files.isDirectory(folder)) throw new XaiException("image folder " + folder + " does not exist");
		try {
			if (labels != null) {
				for (String line : Files.readAllLines(labels)) {
					if (line.isBlank() || line.startsWith("#")) continue;
					int comma = line.lastIndexOf(',');
					if (comma < 0) throw new XaiException("labels file " + labels + ": line '" + line + "' is not 'file,class'");
					Path file = folder.resolve(line.substring(0, comma).trim());
					if (!Files.isRegularFile(file)) throw new XaiException("labels file " + labels + " names " + file + ", which does not exist");
					labelled.put(file, line.substring(comma + 1).trim());
				}
			}
			else {
				try (Stream<Path> classFolders = Files.list(folder)) {
					for (Path classFolder : classFolders.filter(Files::isDirectory).sorted().toList()) {
						try (Stream<Path> files = Files.list(classFolder)) {
							files.filter(ImageSets::isImage).sorted()
								.forEach(f -> labelled.put(f, classFolder.getFileName().toString()));
						}
					}
				}
			}
		}
		catch (IOException e) {
			throw new XaiException("cannot read the labelled images in " + folder + ": " + e.getMessage());
		}
		if (labelled.isEmpty()) throw new XaiException(folder + " has no labelled images: give a labels CSV or one subfolder per class");
		return labelled;
	}

	/**
	 * Runs a dataset tool over {@code set} (null for a tool that reads no images; its labels passed
	 * on only to a tool that takes labelled images) in batches of at most {@code requested} that
	 * the memory budget of {@code settings} allows.
	 */
	public static <R> R run(DatasetTool<R> tool, LoadedModel model, LabelledSet set, ExplainImage.Settings settings, int requested,
		MethodSettings.Values own, Progress progress)
	{
		if (set == null) return tool.run(model, null, own, requested, progress);
		ImageSet images = new ImageSet(set.images(), tool.images() == DatasetTool.Images.LABELLED ? set.labels() : null, set.space());
		return tool.run(model, images, own, settings.batchSize(model, set.images(), requested), progress);
	}
}
