package ijxai.engine;

/** Gradient × input (Shrikumar et al.): ∂S_c/∂x · x, summed over the input channels; signed. */
public final class GradientTimesInput extends GradientMethod {

	@Override public String name() { return "gradxinput"; }

	@Override public String title() { return "Gradient x Input"; }

	@Override protected boolean signed() { return true; }

	@Override
	protected void map(FloatBatch gradient, FloatBatch input, int sample, FloatBatch out) {
		for (int y = 0; y < input.height(); y++) {
			for (int x = 0; x < input.width(); x++) {
				float sum = 0;
				for (int c = 0; c < input.channels(); c++) sum += gradient.get(sample, y, x, c) * input.get(sample, y, x, c);
				out.set(0, y, x, 0, sum);
			}
		}
	}

	@Override
	protected float raw(float gradient, float input) {
		return gradient * input;
	}
}
