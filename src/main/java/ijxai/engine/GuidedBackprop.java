package ijxai.engine;

/**
 * Guided backpropagation (Springenberg et al. 2015): the gradient where every ReLU passes back
 * only positive values, and only where its input was positive; summed over the input channels.
 */
public final class GuidedBackprop extends GradientMethod {

	@Override public String name() { return "guided-backprop"; }

	@Override public String title() { return "Guided backpropagation"; }

	@Override protected ChannelReduction reduction() { return ChannelReduction.SUM; }

	@Override protected float raw(float gradient, float input) { return gradient; }

	@Override protected BackwardRules rules() { return BackwardRules.GUIDED_BACKPROP; }
}
