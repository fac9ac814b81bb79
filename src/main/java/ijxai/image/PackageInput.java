package ijxai.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ijxai.engine.FloatBatch;
import ijxai.engine.bioimage.ModelPackage;
import ijxai.engine.bioimage.Processing;
import ijxai.engine.bioimage.TensorData;
import ijxai.engine.method.Explanation;

/**
 * An image fed to a bioimage.io package's model the package's way: its preprocessing instead of
 * ij-xai's normalization, padded to a valid size, and the maps cropped back to the image's size.
 */
final class PackageInput {

	private static final List<String> BRIDGE_AXES = List.of("byxc", "byx");

	private PackageInput() {}

	/** True when ij-xai feeds the package's model the package's way: its input's axes are those of the image bridge's batches (byxc, byx). */
	static boolean feeds(ModelPackage pack) {
		return pack != null && BRIDGE_AXES.contains(pack.input().axisLetters());
	}

	/** True when the package's preprocessing replaces the normalization: the package has some, and no normalization was given. */
	static boolean preprocesses(ModelPackage pack, boolean normalizationGiven) {
		return !normalizationGiven && !pack.input().processing().isEmpty();
	}

	/** An image's batch (N·H·W·C) padded to a valid size, and preprocessed first when {@code preprocess}. */
	static ModelPackage.ModelInput prepare(ModelPackage pack, FloatBatch batch, boolean preprocess) {
		return preprocess ? pack.prepare(batch) : pack.modelInput(TensorData.of(batch));
	}

	/** The names of the package's preprocessing steps, "scale_range, clip". */
	static String steps(ModelPackage pack) {
		return String.join(", ", pack.input().processing().stream().map(Processing::name).toList());
	}

	/** The lines the results' notes get about how the image reached the model ({@code fed} null: not the package's way). */
	static List<String> notes(ModelPackage pack, ModelPackage.ModelInput fed, boolean preprocessed, String normalization) {
		List<String> notes = new ArrayList<>();
		if (fed == null) {
			notes.add("input " + pack.input().id() + " has axes " + pack.input().axisLetters() + ": fed with normalize " + normalization +
				", without the package's preprocessing or padding");
			return notes;
		}
		if (preprocessed) notes.add("input: the package's preprocessing (" + steps(pack) + ") instead of normalize");
		else if (!pack.input().processing().isEmpty()) notes.add("normalize " + normalization + " given: it replaces the package's preprocessing (" + steps(pack) + ")");
		if (!Arrays.equals(fed.original(), fed.padded())) {
			notes.add("input padded (reflect) from " + Arrays.toString(fed.original()) + " to " + Arrays.toString(fed.padded()) + ", maps cropped back");
		}
		return notes;
	}

	/** The explanation with maps (and a made input) of the padded size cropped back to the image's size. */
	static Explanation cropped(Explanation explanation, ModelPackage.ModelInput fed, ModelPackage pack) {
		if (Arrays.equals(fed.original(), fed.padded())) return explanation;
		return new Explanation(explanation.method(), crop(explanation.maps(), fed, pack), explanation.channelNames(), explanation.targets(), explanation.scores(),
			explanation.probabilities(), explanation.labels(), explanation.display(), explanation.measures(),
			explanation.input() == null ? null : crop(explanation.input(), fed, pack));
	}

	/** A batch of the padded height and width cropped to the image's; maps of another size (a layer's resolution) stay as they are. */
	private static FloatBatch crop(FloatBatch maps, ModelPackage.ModelInput fed, ModelPackage pack) {
		int height = fed.padded()[1], width = fed.padded()[2];
		if (maps.height() != height || maps.width() != width) return maps;
		int top = TensorData.padBefore(fed.original()[1], height), left = TensorData.padBefore(fed.original()[2], width);
		int[] shape = { maps.count(), maps.height(), maps.width(), maps.channels() };
		TensorData cropped = new TensorData("byxc", shape, maps.data())
			.crop(new int[] { 0, top, left, 0 }, new int[] { maps.count(), fed.original()[1], fed.original()[2], maps.channels() });
		return new FloatBatch(maps.count(), cropped.shape()[1], cropped.shape()[2], maps.channels(), cropped.data());
	}
}
