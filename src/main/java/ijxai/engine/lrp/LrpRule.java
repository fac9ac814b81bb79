package ijxai.engine.lrp;

import java.util.List;
import java.util.Locale;

import ijxai.engine.XaiException;

/**
 * An LRP rule for a linear layer z = W·x + b, as data in the form Zennit's rules take: terms that
 * each evaluate the layer on a modified input with modified parameters, grouped; every group
 * divides the incoming relevance (where its gate lets it through) by its stabilized
 * pre-activation, and the relevance of the layer input is Σ_terms modified input ⊙ (the layer's
 * transpose applied to that quotient). As in Zennit, terms on the negative part of the input
 * carry no bias.
 *
 * @param name how the rule is written on the command line, e.g. {@code epsilon:0.25}
 * @param groups the groups of terms
 * @param stabilizer ε in z + ε·sign(z) (sign(0) = 1)
 * @param bias whether the (modified) bias enters the pre-activations
 */
public record LrpRule(String name, List<Group> groups, double stabilizer, boolean bias) {

	/** What a term feeds the layer: the input, its positive or negative part, ones, or the bounds of the input range. */
	public enum Input { IDENTITY, POSITIVE, NEGATIVE, ONES, LOW, HIGH }

	/**
	 * What a term makes of the weights (and bias): identity·W + positive·W⁺ + negative·W⁻, or W², or ones.
	 */
	public record Parameters(double identity, double positive, double negative, boolean square, boolean ones) {
		static final Parameters SAME = new Parameters(1, 0, 0, false, false);
		static final Parameters POSITIVE = new Parameters(0, 1, 0, false, false);
		static final Parameters NEGATIVE = new Parameters(0, 0, 1, false, false);
		static final Parameters SQUARE = new Parameters(1, 0, 0, true, false);
		static final Parameters ONES = new Parameters(0, 0, 0, false, true);
	}

	/** One evaluation of the layer, counted with a sign in its group's pre-activation. */
	public record Term(Input input, Parameters parameters, double sign) {}

	/** Which outputs a group takes relevance from, by the sign of the layer's unmodified output. */
	public enum Gate { ALL, POSITIVE_OUTPUT, NEGATIVE_OUTPUT }

	/**
	 * Terms whose signed outputs sum to one pre-activation; the group's share of relevance is
	 * scaled by {@code weight} and taken only from the outputs its gate lets through.
	 */
	public record Group(double weight, Gate gate, List<Term> terms) {
		Group(double weight, List<Term> terms) {
			this(weight, Gate.ALL, terms);
		}
	}

	/** The same rule with the biases left out of the pre-activations. */
	public LrpRule withoutBias() {
		return new LrpRule(name, groups, stabilizer, false);
	}

	private static Group single(Input input, Parameters parameters) {
		return new Group(1, List.of(new Term(input, parameters, 1)));
	}

	/** LRP-ε: R_x = x ⊙ Wᵀ(R / (z + ε·sign z)). */
	public static LrpRule epsilon(double epsilon) {
		if (!(epsilon > 0)) throw new XaiException("LRP-epsilon needs epsilon > 0, not " + epsilon + " (the rule 'zero' is LRP-0)");
		return new LrpRule(String.format(Locale.ROOT, "epsilon:%s", format(epsilon)), List.of(single(Input.IDENTITY, Parameters.SAME)), epsilon, true);
	}

	/** LRP-0: LRP-ε without ε (a tiny stabilizer only guards 0/0). */
	public static LrpRule zero() {
		return new LrpRule("zero", List.of(single(Input.IDENTITY, Parameters.SAME)), 1e-12, true);
	}

	/** z⁺: only positive contributions, x⁺W⁺ + x⁻W⁻. */
	public static LrpRule zPlus(double stabilizer) {
		return new LrpRule("zplus", List.of(new Group(1, List.of(new Term(Input.POSITIVE, Parameters.POSITIVE, 1),
			new Term(Input.NEGATIVE, Parameters.NEGATIVE, 1)))), stabilizer, true);
	}

	/** LRP-αβ (α − β = 1): α times the positive contributions' share minus β times the negative ones'. */
	public static LrpRule alphaBeta(double alpha, double beta, double stabilizer) {
		if (Math.abs(alpha - beta - 1) > 1e-9) throw new XaiException("LRP-alpha-beta needs alpha - beta = 1, not alpha " + alpha + " beta " + beta);
		Group positive = new Group(alpha, List.of(new Term(Input.POSITIVE, Parameters.POSITIVE, 1), new Term(Input.NEGATIVE, Parameters.NEGATIVE, 1)));
		Group negative = new Group(-beta, List.of(new Term(Input.POSITIVE, Parameters.NEGATIVE, 1), new Term(Input.NEGATIVE, Parameters.POSITIVE, 1)));
		return new LrpRule(String.format(Locale.ROOT, "alpha%sbeta%s", format(alpha), format(beta)), List.of(positive, negative), stabilizer, true);
	}

	/**
	 * LRP-γ: contributions of the output's own sign favoured by γ. Where the layer's output is
	 * positive, z = (W + γW⁺)x⁺ + (W + γW⁻)x⁻; where negative, the two swap (Zennit's general form;
	 * for positive inputs and outputs it is the textbook (W + γW⁺)·x).
	 */
	public static LrpRule gamma(double gamma, double stabilizer) {
		if (!(gamma >= 0)) throw new XaiException("LRP-gamma needs gamma >= 0, not " + gamma);
		Parameters plus = new Parameters(1, gamma, 0, false, false), minus = new Parameters(1, 0, gamma, false, false);
		Group positive = new Group(1, Gate.POSITIVE_OUTPUT, List.of(new Term(Input.POSITIVE, plus, 1), new Term(Input.NEGATIVE, minus, 1)));
		Group negative = new Group(1, Gate.NEGATIVE_OUTPUT, List.of(new Term(Input.POSITIVE, minus, 1), new Term(Input.NEGATIVE, plus, 1)));
		return new LrpRule(String.format(Locale.ROOT, "gamma:%s", format(gamma)), List.of(positive, negative), stabilizer, true);
	}

	/** w²: relevance by squared weights, whatever the input (the squared bias, as in Zennit, absorbs its share). */
	public static LrpRule wSquare(double stabilizer) {
		return new LrpRule("wsquare", List.of(single(Input.ONES, Parameters.SQUARE)), stabilizer, true);
	}

	/** Flat: relevance spread uniformly over the receptive field. */
	public static LrpRule flat(double stabilizer) {
		return new LrpRule("flat", List.of(single(Input.ONES, Parameters.ONES)), stabilizer, false);
	}

	/** z^B for the input layer, whose values lie in [low, high]: x·W − low·W⁺ − high·W⁻. */
	public static LrpRule zBox(double stabilizer) {
		return new LrpRule("zbox", List.of(new Group(1, List.of(new Term(Input.IDENTITY, Parameters.SAME, 1),
			new Term(Input.LOW, Parameters.POSITIVE, -1), new Term(Input.HIGH, Parameters.NEGATIVE, -1)))), stabilizer, true);
	}

	/** The rule a user wrote: zero, epsilon[:ε], gamma[:γ], alpha1beta0, alpha2beta1, alphaAbetaB, zplus, wsquare, flat, zbox. */
	public static LrpRule parse(String text, double epsilon, double gamma, double stabilizer) {
		String spec = text.trim().toLowerCase(Locale.ROOT);
		String[] parts = spec.split(":");
		try {
			switch (parts[0]) {
				case "zero": return zero();
				case "epsilon": return epsilon(parts.length > 1 ? Double.parseDouble(parts[1]) : epsilon);
				case "gamma": return gamma(parts.length > 1 ? Double.parseDouble(parts[1]) : gamma, stabilizer);
				case "zplus": return zPlus(stabilizer);
				case "wsquare": return wSquare(stabilizer);
				case "flat": return flat(stabilizer);
				case "zbox": return zBox(stabilizer);
				default:
					java.util.regex.Matcher ab = java.util.regex.Pattern.compile("alpha([0-9.]+)beta([0-9.]+)").matcher(parts[0]);
					if (ab.matches()) return alphaBeta(Double.parseDouble(ab.group(1)), Double.parseDouble(ab.group(2)), stabilizer);
			}
		}
		catch (NumberFormatException e) {
			// falls through to the message below
		}
		throw new XaiException("unknown LRP rule '" + text + "': use zero, epsilon[:e], gamma[:g], alpha1beta0, alpha2beta1, zplus, wsquare, flat or zbox");
	}

	private static String format(double value) {
		return value == Math.rint(value) && Math.abs(value) < 1e6 ? Long.toString((long) value) : Double.toString(value);
	}
}
