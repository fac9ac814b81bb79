package ijxai.engine;

import java.util.List;
import java.util.Map;

/**
 * Class activation maps from a layer's activations A and the gradient g = ∂S/∂A:
 * relu(Σ_k w_k A_k) with per-channel weights the method computes. The map is at the layer's
 * resolution when raw, else bilinearly upsampled to the input.
 */
public abstract class CamMethod extends LayerMethod {

	/** The weight of every channel of the layer, for one sample. */
	protected abstract double[] weights(FloatBatch activations, FloatBatch gradient, int sample);

	@Override
	public Explanation explain(LoadedModel model, FloatBatch input, ExplainOptions options, Progress progress) {
		ModelInfo.Layer layer = layer(model.info(), input, options);
		FloatBatch[] cams = new FloatBatch[1];
		Runs.Scores scores = Runs.inputGradients(model, input, options, model.info().scoreSideTensor(layer), null, progress, title(), (index, pass, row) -> {
			FloatBatch a = pass.activations(), g = pass.gradient();
			if (cams[0] == null) cams[0] = FloatBatch.zeros(input.count(), a.height(), a.width(), 1);
			double[] w = weights(a, g, row);
			for (int y = 0; y < a.height(); y++) {
				for (int x = 0; x < a.width(); x++) {
					double sum = 0;
					for (int k = 0; k < a.channels(); k++) sum += w[k] * a.get(row, y, x, k);
					cams[0].set(index, y, x, 0, (float) Math.max(0, sum));
				}
			}
		});
		FloatBatch maps = options.raw() ? cams[0] : Filters.resizeBilinear(cams[0], input.height(), input.width());
		return Runs.result(this, model.info(), options, maps, List.of(), scores, Explanation.Display.MAGNITUDE, Map.of(), "layer " + layer.name());
	}
}
