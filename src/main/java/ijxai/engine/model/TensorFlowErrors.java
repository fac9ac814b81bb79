package ijxai.engine.model;

/** TensorFlow's error messages as ij-xai shows them: one line, not the stack of native frames that follows. */
final class TensorFlowErrors {

	private TensorFlowErrors() {}

	/** The first line of a message; "unknown error" when there is none. */
	static String firstLine(String message) {
		if (message == null) return "unknown error";
		int newline = message.indexOf('\n');
		return newline < 0 ? message : message.substring(0, newline);
	}
}
