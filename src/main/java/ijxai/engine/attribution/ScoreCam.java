package ijxai.engine.attribution;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import ijxai.engine.Filters;
import ijxai.engine.FloatBatch;
import ijxai.engine.method.ExplainJob;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.LayerMethod;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.SampleChunks;
import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.Predictions;

/**
 * Score-CAM (Wang et al. 2020), as tf-keras-vis 0.8.7 computes it: every channel A_k of the layer,
 * upsampled bilinearly to the input and scaled to [0,1], masks the input; its weight w_k is the
 * softmax probability of the explained class for that masked copy (no baseline subtracted, as in
 * the authors' code and tf-keras-vis); the map is relu(Σ_k w_k A_k). With {@code max-channels} N
 * (Faster Score-CAM) only the N channels of largest spatial standard deviation take part, chosen
 * per slice (tf-keras-vis takes the union over its batch). The masks are upsampled like the other
 * CAMs' maps, or, with {@code mask-upsampling=corners}, with the corners aligned as tf-keras-vis
 * does. The masked copies go through TensorFlow in batches.
 */
public final class ScoreCam extends LayerMethod {

	static final String MAX_CHANNELS = "max-channels", MASK_UPSAMPLING = "mask-upsampling";

	@Override public String name() { return "scorecam"; }

	@Override public String title() { return "Score-CAM"; }

	@Override
	public List<MethodParameter> parameters() {
		List<MethodParameter> parameters = new ArrayList<>(super.parameters());
		parameters.add(MethodParameter.integer(MAX_CHANNELS, "Channels (0: all)", 0, 0, 1_000_000,
			"Faster Score-CAM: mask with only this many channels, those whose values vary most over the layer (standard deviation); 0: every channel"));
		parameters.add(MethodParameter.choice(MASK_UPSAMPLING, "Mask upsampling",
			"bilinear with half-pixel centres, as the other CAMs and the authors' code upsample; corners: bilinear with the corners aligned, as tf-keras-vis (scipy's zoom) does",
			"half-pixel", "corners"));
		return List.copyOf(parameters);
	}

	@Override
	public Explanation explain(ExplainJob job) {
		ModelInfo info = job.info();
		ModelInfo.Layer layer = layer(job);
		SampleChunks.Scores scores = SampleChunks.scores(job);
		FloatBatch activations = SampleChunks.activations(job, job.input(), info.scoreSideTensor(layer));
		int[][] channels = new int[activations.count()][];
		for (int n = 0; n < channels.length; n++) channels[n] = mostVarying(activations, n, job.settings().integer(MAX_CHANNELS));
		int perSample = channels[0].length;
		float[] weights = new float[activations.count() * perSample];
		float[][] chunkProbabilities = new float[1][];
		boolean corners = job.settings().text(MASK_UPSAMPLING).equals("corners");
		SampleChunks.forward(job, masked(job.input(), activations, channels, scores.targets(), corners), job.progress(), title(), (index, pass, row) -> {
			if (row == 0) chunkProbabilities[0] = Predictions.probabilities(info, pass, pass.count());
			weights[index] = chunkProbabilities[0][row * info.classCount() + scores.targets()[index / perSample]];
		});
		FloatBatch cams = FloatBatch.zeros(activations.count(), activations.height(), activations.width(), 1);
		int positions = activations.height() * activations.width(), depth = activations.channels();
		for (int n = 0; n < cams.count(); n++) {
			for (int p = 0; p < positions; p++) {
				double sum = 0;
				for (int j = 0; j < perSample; j++) sum += weights[n * perSample + j] * activations.data()[(n * positions + p) * depth + channels[n][j]];
				cams.data()[n * positions + p] = (float) Math.max(0, sum);
			}
		}
		String details = "layer " + layer.name() + (perSample < depth ? ", " + perSample + " of " + depth + " channels" : "");
		return CamMethod.explanation(this, job, cams, scores, details);
	}

	/** The {@code count} channels (0 or more than there are: all) of sample {@code n} with the largest standard deviation over the positions, the first of equal ones first. */
	static int[] mostVarying(FloatBatch activations, int n, int count) {
		int depth = activations.channels(), positions = activations.height() * activations.width();
		if (count <= 0 || count >= depth) return IntStream.range(0, depth).toArray();
		double[] sums = new double[depth], squares = new double[depth];
		for (int p = 0; p < positions; p++) {
			for (int k = 0; k < depth; k++) {
				double value = activations.data()[(n * positions + p) * depth + k];
				sums[k] += value;
				squares[k] += value * value;
			}
		}
		double[] variances = new double[depth];
		for (int k = 0; k < depth; k++) variances[k] = squares[k] / positions - (sums[k] / positions) * (sums[k] / positions);
		return IntStream.range(0, depth).boxed().sorted(Comparator.comparingDouble((Integer k) -> -variances[k])).limit(count).mapToInt(Integer::intValue).toArray();
	}

	/** Sample n's input times each of its chosen channels, upsampled to the input and scaled to [0,1], in the order of {@code channels[n]}. */
	private static SampleChunks.Samples masked(FloatBatch input, FloatBatch activations, int[][] channels, int[] targets, boolean corners) {
		int perSample = channels[0].length, size = input.sampleSize(), inputChannels = input.channels();
		return new SampleChunks.Samples() {
			@Override public int count() { return input.count() * perSample; }

			@Override public void fill(int index, float[] into, int offset) {
				int n = index / perSample;
				float[] mask = mask(activations, n, channels[n][index % perSample], input.height(), input.width(), corners);
				for (int i = 0; i < size; i++) into[offset + i] = input.data()[n * size + i] * mask[i / inputChannels];
			}

			@Override public int target(int index) { return targets[index / perSample]; }
		};
	}

	/**
	 * Channel k of sample n upsampled bilinearly to height × width (with half-pixel centres, or with
	 * the corners aligned) and min-max scaled to [0,1] (0 where the channel is constant).
	 */
	static float[] mask(FloatBatch activations, int n, int k, int height, int width, boolean corners) {
		FloatBatch plane = FloatBatch.zeros(1, activations.height(), activations.width(), 1);
		for (int y = 0; y < plane.height(); y++) for (int x = 0; x < plane.width(); x++) plane.set(0, y, x, 0, activations.get(n, y, x, k));
		FloatBatch upsampled = corners ? resizeCornersAligned(plane, height, width) : Filters.resizeBilinear(plane, height, width);
		float[] mask = upsampled.data(), range = SampleChunks.range(upsampled, 0);
		for (int i = 0; i < mask.length; i++) mask[i] = range[1] > range[0] ? (mask[i] - range[0]) / (range[1] - range[0]) : 0;
		return mask;
	}

	/** A single plane resized bilinearly with the first and last pixels' centres on the output's (scipy.ndimage.zoom, order 1). */
	private static FloatBatch resizeCornersAligned(FloatBatch plane, int height, int width) {
		FloatBatch out = FloatBatch.zeros(1, height, width, 1);
		for (int y = 0; y < height; y++) {
			double fy = height > 1 ? y * (plane.height() - 1.0) / (height - 1) : 0;
			int y0 = (int) fy, y1 = Math.min(y0 + 1, plane.height() - 1);
			for (int x = 0; x < width; x++) {
				double fx = width > 1 ? x * (plane.width() - 1.0) / (width - 1) : 0;
				int x0 = (int) fx, x1 = Math.min(x0 + 1, plane.width() - 1);
				double top = plane.get(0, y0, x0, 0) * (1 - (fx - x0)) + plane.get(0, y0, x1, 0) * (fx - x0);
				double bottom = plane.get(0, y1, x0, 0) * (1 - (fx - x0)) + plane.get(0, y1, x1, 0) * (fx - x0);
				out.set(0, y, x, 0, (float) (top * (1 - (fy - y0)) + bottom * (fy - y0)));
			}
		}
		return out;
	}
}
