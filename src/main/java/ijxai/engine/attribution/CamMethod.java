package ijxai.engine.attribution;

import java.util.List;
import java.util.Map;

import ijxai.engine.Filters;
import ijxai.engine.FloatBatch;
import ijxai.engine.method.ExplainJob;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.LayerMethod;
import ijxai.engine.method.SampleChunks;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelInfo;

/**
 * Class activation maps from a layer's activations A and the gradient g = ∂S/∂A:
 * relu(Σ_k w_k A_k) with per-channel weights the method computes. The map is at the layer's
 * resolution when raw, else bilinearly upsampled to the input.
 */
public abstract class CamMethod extends LayerMethod {

	/** The channel weights, as ops: the map is made in the graph, so only it leaves TensorFlow. */
	protected abstract LoadedModel.CamWeights weights();

	@Override
	public Explanation explain(ExplainJob job) {
		ModelInfo.Layer layer = layer(job);
		FloatBatch input = job.input();
		FloatBatch[] cams = new FloatBatch[1];
		SampleChunks.Scores scores = SampleChunks.classActivationMaps(job, job.info().scoreSideTensor(layer), weights(), title(),
			(index, pass, row) -> {
				FloatBatch cam = pass.gradient();
				if (cams[0] == null) cams[0] = FloatBatch.zeros(input.count(), cam.height(), cam.width(), 1);
				System.arraycopy(cam.data(), row * cam.sampleSize(), cams[0].data(), index * cam.sampleSize(), cam.sampleSize());
			});
		FloatBatch maps = job.options().raw() ? cams[0] : Filters.resizeBilinear(cams[0], input.height(), input.width());
		return SampleChunks.result(this, job, maps, List.of(), scores, Explanation.Display.MAGNITUDE, Map.of(), "layer " + layer.name());
	}
}
