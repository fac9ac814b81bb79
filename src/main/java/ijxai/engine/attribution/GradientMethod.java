package ijxai.engine.attribution;

import java.util.List;
import java.util.Map;

import ijxai.engine.FloatBatch;
import ijxai.engine.graph.RuleSet;
import ijxai.engine.method.ChannelReduction;
import ijxai.engine.method.ExplainJob;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.NoiseTunnel;
import ijxai.engine.method.SampleChunks;
import ijxai.engine.method.Smoothable;

/**
 * The base of methods computed from one backward pass of the target score to the input: saliency,
 * gradient × input, guided backpropagation, deconvnet. Slices go through TensorFlow in chunks
 * of the batch size; the method only says how gradient and input make its map. All can be
 * smoothed by the {@link NoiseTunnel}.
 */
public abstract class GradientMethod implements Smoothable {

	/** The raw map value (one per input channel) from the gradient and the input value. */
	protected abstract float raw(float gradient, float input);

	/** How the raw map's channels become the display map. */
	protected abstract ChannelReduction reduction();

	/** The backward rules, or null for TensorFlow's gradient. */
	protected RuleSet rules() {
		return null;
	}

	@Override
	public List<MethodParameter> parameters() {
		return NoiseTunnel.withParameters(List.of());
	}

	@Override
	public Explanation attribute(ExplainJob job) {
		FloatBatch input = job.input();
		boolean rawMaps = job.options().raw();
		FloatBatch raw = FloatBatch.zeros(input.count(), input.height(), input.width(), input.channels());
		SampleChunks.Scores scores = SampleChunks.inputGradients(job, null, rules(), title(), (index, pass, row) -> {
			float[] g = pass.gradient().data(), x = input.data(), out = raw.data();
			int size = input.sampleSize();
			for (int i = 0; i < size; i++) out[index * size + i] = raw(g[row * size + i], x[index * size + i]);
		});
		return SampleChunks.result(this, job, rawMaps ? raw : shown(job, raw), List.of(), scores, display(rawMaps), Map.of(), "");
	}

	@Override
	public FloatBatch shown(ExplainJob job, FloatBatch raw) {
		return reduction().reduceAll(raw);
	}

	@Override
	public Explanation.Display display(boolean raw) {
		return Explanation.Display.of(raw || reduction().signed());
	}
}
