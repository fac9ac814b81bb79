package ijxai.cli;

/** A command line that does not say what to run: exit status 2, with the usage text. */
final class UsageException extends RuntimeException {

	UsageException(String message) {
		super(message);
	}
}
