package ijxai.engine.method;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ijxai.engine.FloatBatch;
import ijxai.engine.XaiException;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.Predictions;
import ijxai.engine.model.Region;
import ijxai.engine.model.ScoreKind;
import ijxai.engine.model.Target;

/**
 * The regions of a bound job on the model's per-pixel output: one weight per output pixel for
 * each sample of the job (image n of the given input with region r is sample n·R + r), the
 * weights divided by their sum when the region's mean is explained. What turns a channel into a
 * region target: the seed of the backward pass and the scores the labels show.
 */
public final class RegionMasks {

	private static final Pattern RECTANGLE = Pattern.compile("\\s*(-?\\d+)\\s*,\\s*(-?\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*");

	private final List<Region> regions;
	private final float[][] weights;
	private final int outHeight, outWidth, classes;

	private RegionMasks(List<Region> regions, float[][] weights, int outHeight, int outWidth, int classes) {
		this.regions = regions;
		this.weights = weights;
		this.outHeight = outHeight;
		this.outWidth = outWidth;
		this.classes = classes;
	}

	/** The target's regions on an input of {@code width} × {@code height}: those resolved, or the rectangle "x,y,w,h" it names; empty for the whole image. */
	static List<Region> regions(Target target, int width, int height) {
		if (!target.regions().isEmpty() || target.regionSpec().isEmpty()) return target.regions();
		Matcher rectangle = RECTANGLE.matcher(target.regionSpec());
		if (!rectangle.matches()) {
			throw new XaiException("region '" + target.regionSpec() + "' is not x,y,w,h; a file or an ImageJ selection is read by ImageJ, Fiji or the command line");
		}
		try {
			return List.of(Region.rectangle(Integer.parseInt(rectangle.group(1)), Integer.parseInt(rectangle.group(2)), Integer.parseInt(rectangle.group(3)),
				Integer.parseInt(rectangle.group(4)), width, height));
		}
		catch (NumberFormatException e) {
			throw new XaiException("region '" + target.regionSpec() + "' has a number out of range");
		}
	}

	/** The regions on the output the model gives for {@code input} (which the regions must fit), one sample per image and region. */
	static RegionMasks of(LoadedModel model, FloatBatch input, List<Region> regions, boolean mean) {
		ModelInfo info = model.info();
		if (!info.isDenseOutput() || info.outputShape().length != 4) {
			throw new XaiException("a region target needs a per-pixel output [N,h,w,k]; the model in " + info.folder() + " gives " + ModelInfo.shapeString(info.outputShape()));
		}
		for (Region region : regions) {
			if (region.width() != input.width() || region.height() != input.height()) {
				throw new XaiException("region '" + region.name() + "' is " + region.width() + "x" + region.height() + " pixels, the model input " + input.width() + "x" +
					input.height());
			}
		}
		FloatBatch output = model.activations(input.samples(0, 1), info.outputTensor());
		float[][] weights = new float[input.count() * regions.size()][];
		for (int r = 0; r < regions.size(); r++) {
			float[] mapped = regions.get(r).onOutput(output.height(), output.width());
			double sum = 0;
			for (float w : mapped) sum += w;
			if (sum == 0) throw new XaiException("region '" + regions.get(r).name() + "' covers no pixel of the model's " + output.width() + "x" + output.height() + " output");
			if (mean) for (int p = 0; p < mapped.length; p++) mapped[p] /= sum;
			for (int n = 0; n < input.count(); n++) weights[n * regions.size() + r] = mapped;
		}
		return new RegionMasks(List.copyOf(regions), weights, output.height(), output.width(), output.channels());
	}

	/** Every image of {@code input} once per region, in sample order. */
	FloatBatch expand(FloatBatch input) {
		int count = regions.size(), size = input.sampleSize();
		FloatBatch expanded = FloatBatch.zeros(input.count() * count, input.height(), input.width(), input.channels());
		for (int s = 0; s < expanded.count(); s++) System.arraycopy(input.data(), (s / count) * size, expanded.data(), s * size, size);
		return expanded;
	}

	/** The channel each sample's region favours most: the largest weighted sum of {@code kind}'s values, from one forward pass per chunk. */
	int[] predicted(LoadedModel model, FloatBatch samples, ScoreKind kind, int batchSize) {
		int[] targets = new int[samples.count()];
		for (int from = 0; from < samples.count(); from += batchSize) {
			int to = Math.min(samples.count(), from + batchSize);
			LoadedModel.Pass pass = model.predict(samples.samples(from, to));
			float[] values = Predictions.values(model.info(), pass, kind);
			for (int row = 0; row < to - from; row++) {
				int best = 0;
				for (int k = 1; k < classes; k++) if (score(values, row, k, from + row) > score(values, row, best, from + row)) best = k;
				targets[from + row] = best;
			}
		}
		return targets;
	}

	/** These regions for samples that are copies of the samples {@code sources} (a noise tunnel's noisy copies): copy i has its source's region. */
	RegionMasks forCopies(int[] sources) {
		float[][] copied = new float[sources.length][];
		List<Region> named = new java.util.ArrayList<>();
		for (int i = 0; i < sources.length; i++) {
			copied[i] = weights[sources[i]];
			named.add(region(sources[i]));
		}
		return new RegionMasks(named, copied, outHeight, outWidth, classes);
	}

	/** The region of sample {@code sample}. */
	public Region region(int sample) {
		return regions.get(sample % regions.size());
	}

	/** How many regions each image is explained for. */
	public int count() {
		return regions.size();
	}

	/** The weights of sample {@code sample} on the output's pixels (divided by their sum for the mean). */
	public float[] weights(int sample) {
		return weights[sample].clone();
	}

	/** The output seed of a chunk: for row i, sample {@code sources[i]}'s weights on channel {@code targets[i]}, in [N,h,w,K] order. */
	float[] seed(int[] sources, int[] targets) {
		int pixels = outHeight * outWidth;
		float[] seed = new float[sources.length * pixels * classes];
		for (int i = 0; i < sources.length; i++) {
			float[] w = weights[sources[i]];
			for (int p = 0; p < pixels; p++) seed[(i * pixels + p) * classes + targets[i]] = w[p];
		}
		return seed;
	}

	/** Sample {@code sample}'s score of channel {@code k} from row {@code row} of a pass's output-shaped values. */
	float score(float[] values, int row, int k, int sample) {
		int pixels = outHeight * outWidth;
		float[] w = weights[sample];
		double sum = 0;
		for (int p = 0; p < pixels; p++) sum += (double) w[p] * values[(row * pixels + p) * classes + k];
		return (float) sum;
	}
}
