package ijxai.engine.attribution;

import ijxai.engine.model.LoadedModel;

/** Grad-CAM (Selvaraju et al. 2017): channel weights are the spatial mean of the gradient. */
public final class GradCam extends CamMethod {

	private static final LoadedModel.CamWeights SPATIAL_MEAN = (tf, activations, gradient) -> tf.math.mean(gradient, tf.constant(new int[] { 1, 2 }));

	@Override public String name() { return "gradcam"; }

	@Override public String title() { return "Grad-CAM"; }

	/** For tests: public (CamMethod's is protected) so that the benchmark can build and time the ops these weights make. */
	@Override
	public LoadedModel.CamWeights weights() {
		return SPATIAL_MEAN;
	}
}
