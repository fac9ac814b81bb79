package ijxai.engine.model;

import ijxai.engine.XaiException;

/**
 * Which output an explanation is about: the predicted class, or a fixed class given by index
 * or name. For per-pixel outputs the class is an output channel and its score is summed over
 * the pixels.
 */
public final class Target {

	/** How the predicted class is asked for, in dialogs, macros and on the command line. */
	public static final String PREDICTED_NAME = "predicted";

	public static final Target PREDICTED = new Target(null);

	private final String spec;

	private Target(String spec) {
		this.spec = spec;
	}

	/** Parses "predicted", a class index or a class name (as typed in a dialog or on the command line). */
	public static Target parse(String text) {
		if (text == null || text.isBlank() || text.trim().equalsIgnoreCase(PREDICTED_NAME)) return PREDICTED;
		return new Target(text.trim());
	}

	public boolean isPredicted() {
		return spec == null;
	}

	/** The class index for this model, or a clear error naming the classes it has. */
	public int resolve(ModelInfo info) {
		if (isPredicted()) throw new IllegalStateException("the predicted target has no fixed index");
		int index = info.classIndex(spec);
		if (index < 0) {
			throw new XaiException("target '" + spec + "' is not a class of the model in " + info.folder() + ": use 'predicted', 0.." +
				(info.classCount() - 1) + " or one of " + info.classes());
		}
		return index;
	}

	@Override
	public String toString() {
		return isPredicted() ? "predicted" : spec;
	}
}
