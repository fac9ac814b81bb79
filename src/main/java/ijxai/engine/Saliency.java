package ijxai.engine;

/** Saliency map (Simonyan et al. 2014): |∂S_c/∂x|, the maximum over the input channels. */
public final class Saliency extends GradientMethod {

	@Override public String name() { return "saliency"; }

	@Override public String title() { return "Saliency map"; }

	@Override protected boolean signed() { return false; }

	@Override
	protected void map(FloatBatch gradient, FloatBatch input, int sample, FloatBatch out) {
		for (int y = 0; y < input.height(); y++) {
			for (int x = 0; x < input.width(); x++) {
				float max = 0;
				for (int c = 0; c < input.channels(); c++) max = Math.max(max, Math.abs(gradient.get(sample, y, x, c)));
				out.set(0, y, x, 0, max);
			}
		}
	}

	@Override
	protected float raw(float gradient, float input) {
		return gradient;
	}
}
