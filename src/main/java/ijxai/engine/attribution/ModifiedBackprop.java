package ijxai.engine.attribution;

import ijxai.engine.graph.BackwardRules;
import ijxai.engine.graph.RuleSet;
import ijxai.engine.method.ChannelReduction;

/**
 * The gradient with the backward rule of the ReLUs replaced, summed over the input channels:
 * guided backpropagation (Springenberg et al. 2015: only positive values pass back, and only where
 * the ReLU's input was positive) and deconvnet (Zeiler & Fergus 2014: the positive part passes
 * back, whatever the input was).
 */
public final class ModifiedBackprop extends GradientMethod {

	public static final ModifiedBackprop GUIDED = new ModifiedBackprop("guided-backprop", "Guided backpropagation", BackwardRules.GUIDED_BACKPROP);
	public static final ModifiedBackprop DECONVNET = new ModifiedBackprop("deconvnet", "Deconvnet", BackwardRules.DECONVNET);

	private final String name, title;
	private final BackwardRules rules;

	private ModifiedBackprop(String name, String title, BackwardRules rules) {
		this.name = name;
		this.title = title;
		this.rules = rules;
	}

	@Override public String name() { return name; }

	@Override public String title() { return title; }

	@Override protected ChannelReduction reduction() { return ChannelReduction.SUM; }

	@Override protected float raw(float gradient, float input) { return gradient; }

	@Override protected RuleSet rules() { return rules; }
}
