package ijxai.engine.attribution;

import java.util.List;
import java.util.Map;

import ijxai.engine.Filters;
import ijxai.engine.FloatBatch;
import ijxai.engine.method.ExplainJob;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.LayerMethod;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.NoiseTunnel;
import ijxai.engine.method.SampleChunks;
import ijxai.engine.method.Smoothable;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelInfo;

/**
 * Class activation maps from a layer's activations A and the gradient g = ∂S/∂A:
 * relu(Σ_k w_k ⊙ A_k) with weights the method computes, per channel or per position. The map is at the layer's
 * resolution when raw, else bilinearly upsampled to the input. With a region target on a per-pixel output this is
 * Seg-Grad-CAM (Vinogradova et al. 2020), at the bottleneck unless a layer is named. Can be smoothed by the
 * {@link NoiseTunnel} (the maps at the layer's resolution are combined).
 */
public abstract class CamMethod extends LayerMethod implements Smoothable {

	/** The channel weights, as ops: the map is made in the graph, so only it leaves TensorFlow. */
	protected abstract LoadedModel.CamWeights weights();

	@Override
	public List<MethodParameter> parameters() {
		return NoiseTunnel.withParameters(super.parameters());
	}

	@Override
	public Explanation attribute(ExplainJob job) {
		ModelInfo.Layer layer = layer(job);
		FloatBatch input = job.input();
		FloatBatch[] cams = new FloatBatch[1];
		SampleChunks.Scores scores = SampleChunks.classActivationMaps(job, job.info().scoreSideTensor(layer), weights(), title(),
			(index, pass, row) -> {
				FloatBatch cam = pass.gradient();
				if (cams[0] == null) cams[0] = FloatBatch.zeros(input.count(), cam.height(), cam.width(), 1);
				System.arraycopy(cam.data(), row * cam.sampleSize(), cams[0].data(), index * cam.sampleSize(), cam.sampleSize());
			});
		boolean bottleneck = job.settings().text(LAYER).isEmpty() && job.info().isDenseOutput();
		return explanation(this, job, cams[0], scores, "layer " + layer.name() + (bottleneck ? " (the bottleneck: the deepest spatial layer)" : ""));
	}

	/** Seg-Grad-CAM (Vinogradova et al. 2020) for a per-pixel output: the bottleneck; else the last spatial layer. */
	@Override
	protected ModelInfo.Layer defaultLayer(ModelInfo info) {
		return info.isDenseOutput() ? info.deepestSpatialLayer() : super.defaultLayer(info);
	}

	/** Class activation maps [N,h,w,1] at the layer's resolution as the explanation: bilinearly upsampled to the input unless raw. */
	static Explanation explanation(LayerMethod method, ExplainJob job, FloatBatch cams, SampleChunks.Scores scores, String details) {
		FloatBatch maps = job.options().raw() ? cams : upsampled(job, cams);
		return SampleChunks.result(method, job, maps, List.of(), scores, Explanation.Display.MAGNITUDE, Map.of(), details);
	}

	private static FloatBatch upsampled(ExplainJob job, FloatBatch cams) {
		return Filters.resizeBilinear(cams, job.input().height(), job.input().width());
	}

	@Override
	public FloatBatch shown(ExplainJob job, FloatBatch raw) {
		return upsampled(job, raw);
	}

	@Override
	public Explanation.Display display(boolean raw) {
		return Explanation.Display.MAGNITUDE;
	}
}
