package ijxai.engine.attribution;

import ijxai.engine.model.LoadedModel;

/**
 * LayerCAM (Jiang et al. 2021): every position of every channel weighted by its own positive
 * gradient, relu(Σ_k relu(∂S/∂A_k) ⊙ A_k); reliable at shallow layers too, where the spatial mean
 * of Grad-CAM's weights cancels.
 */
public final class LayerCam extends CamMethod {

	private static final LoadedModel.CamWeights POSITIVE_GRADIENT = (tf, activations, gradient) -> tf.nn.relu(gradient);

	@Override public String name() { return "layercam"; }

	@Override public String title() { return "LayerCAM"; }

	@Override
	protected LoadedModel.CamWeights weights() {
		return POSITIVE_GRADIENT;
	}
}
