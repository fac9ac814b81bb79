package ijxai.engine.attribution;

import ijxai.engine.method.ChannelReduction;

/** Gradient × input (Shrikumar et al.): ∂S_c/∂x · x, summed over the input channels; signed. */
public final class GradientTimesInput extends GradientMethod {

	@Override public String name() { return "gradxinput"; }

	@Override public String title() { return "Gradient x Input"; }

	@Override protected ChannelReduction reduction() { return ChannelReduction.SUM; }

	@Override protected float raw(float gradient, float input) { return gradient * input; }
}
