package ijxai.engine;

/**
 * Deconvnet (Zeiler & Fergus 2014): the backward pass where every ReLU passes back the positive
 * part of what reaches it, regardless of its forward input; summed over the input channels.
 */
public final class Deconvnet extends GradientMethod {

	@Override public String name() { return "deconvnet"; }

	@Override public String title() { return "Deconvnet"; }

	@Override protected ChannelReduction reduction() { return ChannelReduction.SUM; }

	@Override protected float raw(float gradient, float input) { return gradient; }

	@Override protected BackwardRules rules() { return BackwardRules.DECONVNET; }
}
