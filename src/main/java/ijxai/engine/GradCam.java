package ijxai.engine;

/** Grad-CAM (Selvaraju et al. 2017): channel weights are the spatial mean of the gradient. */
public final class GradCam extends CamMethod {

	@Override public String name() { return "gradcam"; }

	@Override public String title() { return "Grad-CAM"; }

	@Override
	protected double[] weights(FloatBatch activations, FloatBatch gradient, int sample) {
		double[] weights = new double[gradient.channels()];
		for (int y = 0; y < gradient.height(); y++) {
			for (int x = 0; x < gradient.width(); x++) {
				for (int k = 0; k < weights.length; k++) weights[k] += gradient.get(sample, y, x, k);
			}
		}
		for (int k = 0; k < weights.length; k++) weights[k] /= gradient.height() * gradient.width();
		return weights;
	}
}
