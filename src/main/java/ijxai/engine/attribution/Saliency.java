package ijxai.engine.attribution;

import ijxai.engine.method.ChannelReduction;

/** Saliency map (Simonyan et al. 2014): |∂S_c/∂x|, the maximum over the input channels. */
public final class Saliency extends GradientMethod {

	@Override public String name() { return "saliency"; }

	@Override public String title() { return "Saliency map"; }

	@Override protected ChannelReduction reduction() { return ChannelReduction.MAX_ABS; }

	@Override protected float raw(float gradient, float input) { return gradient; }
}
