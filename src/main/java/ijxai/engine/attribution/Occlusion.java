package ijxai.engine.attribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ijxai.engine.Filters;
import ijxai.engine.FloatBatch;
import ijxai.engine.Progress;
import ijxai.engine.method.ExplainJob;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.method.SampleChunks;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.Predictions;
import ijxai.engine.model.Region;

/**
 * Occlusion sensitivity (Zeiler & Fergus 2014): a square patch slides over the image; each pixel
 * gets the mean drop of the target score (first plane) and of its probability (second plane)
 * over the patch positions that cover it. Occluded copies go through TensorFlow in batches.
 */
public final class Occlusion implements Explainer {

	static final String PATCH = "patch", STRIDE = "stride", FILL = "fill", BLUR_SIGMA = "blur-sigma";
	public static final List<String> PLANES = List.of("score drop", "probability drop");
	/** For a region target, the measure of the region's score with the whole region occluded. */
	public static final String REGION_SCORE_AFTER = "region score after";

	@Override public String name() { return "occlusion"; }

	@Override public String title() { return "Occlusion sensitivity"; }

	@Override
	public List<MethodParameter> parameters() {
		return List.of(
			MethodParameter.integer(PATCH, "Patch size (pixels)", 8, 1, 100000, "side of the square patch, in model-input pixels"),
			MethodParameter.integer(STRIDE, "Stride (pixels)", 4, 1, 100000, "step between patch positions"),
			MethodParameter.choice(FILL, "Fill", "what the patch shows: zero, the slice's mean per channel, or a blurred copy", "zero", "mean", "blur"),
			MethodParameter.number(BLUR_SIGMA, "Blur sigma (pixels)", 5, 0, 1000, "Gaussian blur of the blur fill"));
	}

	@Override
	public Explanation explain(ExplainJob job) {
		FloatBatch input = job.input();
		MethodSettings.Values settings = job.settings();
		int patch = Math.min(settings.integer(PATCH), Math.min(input.height(), input.width()));
		int[] rows = positions(input.height(), patch, settings.integer(STRIDE)), columns = positions(input.width(), patch, settings.integer(STRIDE));
		int windows = rows.length * columns.length, size = input.sampleSize(), channels = input.channels();
		SampleChunks.Scores scores = SampleChunks.scores(job);
		FloatBatch fills = fills(input, settings);
		SampleChunks.Samples occluded = new SampleChunks.Samples() {
			@Override public int count() { return input.count() * windows; }

			@Override public void fill(int index, float[] into, int offset) {
				int n = index / windows, w = index % windows, top = rows[w / columns.length], left = columns[w % columns.length];
				System.arraycopy(input.data(), n * size, into, offset, size);
				for (int y = top; y < top + patch; y++) {
					int from = ((y * input.width()) + left) * channels;
					System.arraycopy(fills.data(), n * size + from, into, offset + from, patch * channels);
				}
			}

			@Override public int target(int index) { return scores.targets()[index / windows]; }
		};
		double[] drops = new double[input.count() * windows * 2];
		ModelInfo info = job.info();
		Map<LoadedModel.Pass, float[]> chunkProbabilities = new java.util.IdentityHashMap<>();
		SampleChunks.forward(job, occluded, job.progress(), title(), (index, pass, row) -> {
			int target = scores.targets()[index / windows];
			if (row == 0) chunkProbabilities.clear();
			float[] probabilities = chunkProbabilities.computeIfAbsent(pass, p -> Predictions.probabilities(info, p, p.count()));
			float probability = probabilities[row * info.classCount() + target];
			drops[index * 2] = scores.scores()[index / windows] - job.score(pass, row, target, index / windows);
			drops[index * 2 + 1] = scores.probabilities()[index / windows] - probability;
		});
		FloatBatch maps = FloatBatch.zeros(input.count(), input.height(), input.width(), 2);
		int[] covering = new int[input.height() * input.width()];
		for (int w = 0; w < windows; w++) {
			int top = rows[w / columns.length], left = columns[w % columns.length];
			for (int y = top; y < top + patch; y++) for (int x = left; x < left + patch; x++) covering[y * input.width() + x]++;
		}
		for (int n = 0; n < input.count(); n++) {
			for (int w = 0; w < windows; w++) {
				int top = rows[w / columns.length], left = columns[w % columns.length];
				for (int y = top; y < top + patch; y++) {
					for (int x = left; x < left + patch; x++) {
						for (int plane = 0; plane < 2; plane++) {
							float add = (float) (drops[(n * windows + w) * 2 + plane] / covering[y * input.width() + x]);
							maps.set(n, y, x, plane, maps.get(n, y, x, plane) + add);
						}
					}
				}
			}
		}
		String details = String.format(Locale.ROOT, "patch %d, stride %d, fill %s", patch, settings.integer(STRIDE), settings.text(FILL));
		Map<String, float[]> measures = job.regions() == null ? Map.of() : Map.of(REGION_SCORE_AFTER, regionOccluded(job, fills, scores));
		return SampleChunks.result(this, job, maps, PLANES, scores, Explanation.Display.SIGNED, measures, details);
	}

	/** For a region target: the region's score with all of the region filled as a patch is, how much of its score its own pixels make. */
	private static float[] regionOccluded(ExplainJob job, FloatBatch fills, SampleChunks.Scores scores) {
		FloatBatch input = job.input(), hidden = FloatBatch.zeros(input.count(), input.height(), input.width(), input.channels());
		System.arraycopy(input.data(), 0, hidden.data(), 0, input.data().length);
		for (int n = 0; n < input.count(); n++) {
			Region region = job.regions().region(n);
			for (int y = 0; y < input.height(); y++) {
				for (int x = 0; x < input.width(); x++) {
					if (region.weight(x, y) > 0) for (int c = 0; c < input.channels(); c++) hidden.set(n, y, x, c, fills.get(n, y, x, c));
				}
			}
		}
		float[] after = new float[input.count()];
		SampleChunks.forward(job, SampleChunks.each(hidden, scores.targets()), Progress.NONE, "region occluded",
			(index, pass, row) -> after[index] = job.score(pass, row, scores.targets()[index], index));
		return after;
	}

	/** Patch positions along one axis: every stride, plus one flush with the far edge so that every pixel is covered. */
	public static int[] positions(int length, int patch, int stride) {
		List<Integer> starts = new ArrayList<>();
		for (int start = 0; start + patch <= length; start += stride) starts.add(start);
		if (starts.get(starts.size() - 1) + patch < length) starts.add(length - patch);
		return starts.stream().mapToInt(Integer::intValue).toArray();
	}

	/** What an occluded patch (or an off superpixel of LIME and KernelSHAP) shows, per slice. */
	static FloatBatch fills(FloatBatch input, MethodSettings.Values settings) {
		FloatBatch fills = FloatBatch.zeros(input.count(), input.height(), input.width(), input.channels());
		int size = input.sampleSize();
		for (int n = 0; n < input.count(); n++) {
			switch (settings.text(FILL)) {
				case "mean": {
					float[] means = Filters.channelMeans(input, n);
					for (int i = 0; i < size; i++) fills.data()[n * size + i] = means[i % input.channels()];
					break;
				}
				case "blur":
					System.arraycopy(Filters.gaussianBlur(input, n, settings.number(BLUR_SIGMA)), 0, fills.data(), n * size, size);
					break;
				default: // zero
			}
		}
		return fills;
	}
}
