package ijxai.engine.model;

import ijxai.engine.XaiException;

/** Which value of the target class is explained. */
public enum ScoreKind {
	/** The pre-activation logit (the default when the output ends in softmax or sigmoid). */
	LOGIT,
	/** The model's own output, e.g. the softmax probability. */
	PROBABILITY;

	public static ScoreKind parse(String text) {
		for (ScoreKind kind : values()) if (kind.name().equalsIgnoreCase(text.trim())) return kind;
		throw new XaiException("score '" + text + "' is not one of logit, probability");
	}
}
