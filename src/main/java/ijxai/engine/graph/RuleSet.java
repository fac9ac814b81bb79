package ijxai.engine.graph;

import org.tensorflow.GraphOperation;

/**
 * Which {@link BackwardRule} each op of the model gets in a backward pass. Equal rule sets give
 * equal backward graphs, which a model builds once and reuses.
 */
public interface RuleSet {

	/** What the set is called in messages. */
	String name();

	/** The rule for an op, or null when this set cannot propagate through it. */
	BackwardRule ruleFor(GraphOperation op);

	/** Why an op the set has no rule for cannot be propagated through. */
	default String unsupported(GraphOperation op) {
		return "no rule for " + op.type();
	}

	/**
	 * True when what flows back starts as the target's score itself (relevance, as in LRP), false
	 * when it starts as 1 (a gradient).
	 */
	default boolean startsWithScore() {
		return false;
	}
}
