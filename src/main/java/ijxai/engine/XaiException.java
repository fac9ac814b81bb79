package ijxai.engine;

/**
 * A problem the user can act on: the message names the file or option and what is wrong with
 * it, and is meant to be shown as it is (dialog in Fiji, stderr on the command line).
 */
public class XaiException extends RuntimeException {

	public XaiException(String message) {
		super(message);
	}

	public XaiException(String message, Throwable cause) {
		super(message, cause);
	}
}
