package ijxai.engine.features;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import ijxai.engine.Filters;
import ijxai.engine.FloatBatch;
import ijxai.engine.XaiException;
import ijxai.engine.method.ExplainJob;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.method.SampleChunks;
import ijxai.engine.model.ModelInfo;

/**
 * DeepDream (Mordvintsev et al. 2015): from the image, gradient ascent on the mean squared
 * activation of a layer (or of one of its channels), over octaves: the image is dreamed at
 * smaller scales first and the detail added carried up to the next scale.
 */
public final class DeepDream extends FeatureVisualization {

	static final String LAYER = "layer", CHANNEL = "channel", OCTAVES = "octaves", OCTAVE_SCALE = "octave-scale";
	public static final String GAIN = "activation gain";

	public DeepDream() {
		super("deepdream", "DeepDream", new FeatureAscent.Settings(20, 0.02, 0, 0, 0.5, 2, 0, 0, 0));
	}

	@Override
	protected List<MethodParameter> ownParameters() {
		return List.of(MethodParameter.layer(LAYER, "Layer", "Keras layer name; empty: the last layer with a spatial output"),
			MethodParameter.integer(CHANNEL, "Channel (-1: all)", -1, -1, Integer.MAX_VALUE, "one channel of the layer (from 0); -1: all channels"),
			MethodParameter.integer(OCTAVES, "Octaves", 1, 1, 20, "scales to dream at, smallest first (more than 1 needs a model that takes any image size)"),
			MethodParameter.number(OCTAVE_SCALE, "Octave scale", 1.4, 1, 10, "size ratio between successive octaves"));
	}

	@Override
	public Explanation explain(ExplainJob job) {
		ModelInfo info = job.info();
		MethodSettings.Values values = job.settings();
		String layerName = values.text(LAYER);
		ModelInfo.Layer layer = layerName.isEmpty() ? info.lastSpatialLayer() : info.layer(layerName);
		int channel = values.integer(CHANNEL), octaves = values.integer(OCTAVES);
		long[] shape = info.inputShape();
		if (octaves > 1 && shape.length == 4 && (shape[1] > 0 || shape[2] > 0)) {
			throw new XaiException("DeepDream with " + octaves + " octaves needs a model that takes any image size; the model in " + info.folder() +
				" takes only " + ModelInfo.shapeString(shape) + ": use octaves=1");
		}
		Optimizer optimizer = Optimizer.of(job);
		FloatBatch input = job.input();
		FloatBatch original = SampleChunks.activations(job, input, layer.tensor());
		if (channel >= original.channels()) {
			throw new XaiException("layer '" + layer.name() + "' has " + original.channels() + " channels; channel " + channel + " does not exist");
		}
		FeatureAscent.Objective objective = layerObjective(job.model(), layer.tensor(), (layerValues, first, shift) -> {
			float[] seed = new float[layerValues.data().length];
			for (int i = 0; i < seed.length; i++) if (channel < 0 || i % layerValues.channels() == channel) seed[i] = layerValues.data()[i];
			return seed;
		});
		FloatBatch dream = null, detail = null;
		for (int octave = octaves - 1; octave >= 0; octave--) {
			double scale = Math.pow(values.number(OCTAVE_SCALE), -octave);
			int height = Math.max(1, (int) Math.round(input.height() * scale)), width = Math.max(1, (int) Math.round(input.width() * scale));
			FloatBatch base = octave == 0 ? input : Filters.resizeBilinear(input, height, width);
			dream = new FloatBatch(base.count(), height, width, base.channels(), base.data().clone());
			if (detail != null) {
				float[] carried = Filters.resizeBilinear(detail, height, width).data();
				for (int i = 0; i < carried.length; i++) dream.data()[i] += carried[i];
			}
			String what = octaves > 1 ? String.format(Locale.ROOT, "%s, octave %d of %d", title(), octaves - octave, octaves) : title();
			optimizer.run(dream, objective, 0, what);
			detail = new FloatBatch(base.count(), height, width, base.channels(), dream.data().clone());
			for (int i = 0; i < base.data().length; i++) detail.data()[i] -= base.data()[i];
		}
		FloatBatch dreamed = SampleChunks.activations(job, dream, layer.tensor());
		float[] gain = new float[input.count()];
		for (int n = 0; n < input.count(); n++) gain[n] = (float) (meanSquare(dreamed, n, channel) / Math.max(meanSquare(original, n, channel), 1e-30));
		String details = "layer " + layer.name() + (channel >= 0 ? " channel " + channel : "");
		return SampleChunks.result(this, job, planes(List.of(dream), job.space()), planeNames(List.of("dream"), input.channels()),
			SampleChunks.scores(job, dream, job.targets()), Explanation.Display.IMAGE, Map.of(GAIN, gain), details);
	}

	/** The objective: the mean squared activation of sample n (of one channel, or all). */
	static double meanSquare(FloatBatch values, int n, int channel) {
		double sum = 0;
		int count = 0;
		for (int i = n * values.sampleSize(); i < (n + 1) * values.sampleSize(); i++) {
			if (channel >= 0 && i % values.channels() != channel) continue;
			sum += (double) values.data()[i] * values.data()[i];
			count++;
		}
		return sum / count;
	}
}
