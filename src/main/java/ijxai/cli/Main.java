package ijxai.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;

import ijxai.engine.XaiException;
import ijxai.engine.model.MemoryBudget;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.TensorFlowRuntime;

/**
 * The command line: {@code java -jar ij-xai.jar <command> [options]}, the commands listed by
 * {@link Commands}. Errors are one line on stderr and a non-zero exit status; only this class
 * calls System.exit. TensorFlow's native log stays off stderr unless {@code --verbose} is given
 * ({@link QuietLaunch}).
 */
public final class Main {

	private final PrintStream out;
	private final PrintStream err;

	Main(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	public static void main(String[] args) {
		if (QuietLaunch.needed(args)) System.exit(QuietLaunch.relaunch(args, System.err));
		System.setProperty("java.awt.headless", "true");
		System.exit(new Main(System.out, System.err).run(args));
	}

	/** Runs a command; returns the exit status (0 success, 1 a problem with the input, 2 usage). */
	int run(String[] given) {
		String[] args = QuietLaunch.withoutVerbose(given);
		try (ModelCache cache = new ModelCache(); Session session = new Session(out, cache)) {
			if (args.length == 0 || Arrays.asList(args).contains("--help") || args[0].equals("-h")) {
				out.println(Usage.of(Commands.all()));
				return args.length == 0 ? 2 : 0;
			}
			Command command = Commands.named(args[0]);
			command.run(Arguments.parse(command, List.of(args).subList(1, args.length)), session);
			// where the model ran: logged on success only, so that an error stays one line on stderr
			session.placement().ifPresent(placement -> err.println("ij-xai: " + placement));
			return 0;
		}
		catch (UsageException e) {
			err.println("ij-xai: " + e.getMessage());
			err.println(Usage.of(Commands.all()));
			return 2;
		}
		catch (XaiException e) {
			err.println("ij-xai: " + e.getMessage());
			return 1;
		}
		catch (CancellationException e) {
			err.println("ij-xai: cancelled");
			return 1;
		}
		catch (OutOfMemoryError e) {
			err.println("ij-xai: " + MemoryBudget.OUT_OF_MEMORY + " (--batch, --memory, -Xmx)");
			return 1;
		}
		catch (LinkageError e) {
			// a TensorFlow class that clashes after the model loaded: still one line, saying what to do
			err.println("ij-xai: " + TensorFlowRuntime.incompatible(e).getMessage());
			return 1;
		}
	}
}
