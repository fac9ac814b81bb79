package ijxai.engine.model;

import ijxai.engine.XaiException;

/** Which value of the target class is explained. */
public enum ScoreKind {
	/** The pre-activation logit (the default when the output ends in softmax or sigmoid). */
	LOGIT,
	/** The model's own output, e.g. the softmax probability. */
	PROBABILITY,
	/** The log-softmax of the logits over the classes (per pixel for a dense output): how a softmax segmentation favours the class. */
	LOG_SOFTMAX;

	/** How the kind is written in options: logit, probability, log-softmax. */
	public String key() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

	public static ScoreKind parse(String text) {
		for (ScoreKind kind : values()) if (kind.key().equalsIgnoreCase(text.trim())) return kind;
		throw new XaiException("score '" + text + "' is not one of logit, probability, log-softmax");
	}
}
