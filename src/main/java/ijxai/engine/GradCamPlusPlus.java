package ijxai.engine;

/**
 * Grad-CAM++ (Chattopadhyay et al. 2018), the closed form with first-order gradients of exp(S):
 * α = g² / (2g² + Σ_ab A_ab g³) (0 where that is 0), w_k = Σ_ij α_ij relu(g_ij). The factor
 * exp(S) cancels in α and would only scale the map, so it is left out.
 */
public final class GradCamPlusPlus extends CamMethod {

	@Override public String name() { return "gradcam++"; }

	@Override public String title() { return "Grad-CAM++"; }

	@Override
	protected double[] weights(FloatBatch activations, FloatBatch gradient, int sample) {
		int channels = gradient.channels();
		double[] activationSums = new double[channels], weights = new double[channels];
		for (int y = 0; y < gradient.height(); y++) {
			for (int x = 0; x < gradient.width(); x++) {
				for (int k = 0; k < channels; k++) activationSums[k] += activations.get(sample, y, x, k);
			}
		}
		for (int y = 0; y < gradient.height(); y++) {
			for (int x = 0; x < gradient.width(); x++) {
				for (int k = 0; k < channels; k++) {
					double g = gradient.get(sample, y, x, k), g2 = g * g, denominator = 2 * g2 + activationSums[k] * g2 * g;
					if (denominator != 0) weights[k] += g2 / denominator * Math.max(0, g);
				}
			}
		}
		return weights;
	}
}
