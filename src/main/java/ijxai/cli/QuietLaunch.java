package ijxai.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps TensorFlow's native log off stderr unless {@code --verbose} is given. TensorFlow reads
 * TF_CPP_MIN_LOG_LEVEL from the environment once, at its first log line, which it writes while its
 * native library loads; the JVM cannot set its own environment, and a setenv through JavaCPP
 * comes too late (JavaCPP's natives live in TensorFlow's JNI library, so the library is loaded,
 * and the level read, by then). So the command line runs itself once more, in a child JVM whose
 * environment has the level set, and drops from the child's stderr the few lines TensorFlow logs
 * through its own copy of Abseil, which ignores that variable.
 */
final class QuietLaunch {

	/** The option that keeps the native log: taken by every command, removed before the command reads its arguments. */
	static final String VERBOSE = "--verbose";
	/** Set in the child's environment: errors only (0 all, 1 no INFO, 2 no WARNING, 3 no ERROR). */
	static final String LOG_LEVEL = "TF_CPP_MIN_LOG_LEVEL";

	/** An Abseil INFO or WARNING line ("I0000 00:00:1796315030.823003   24416 file.cc:401] ..."), and Abseil's note that precedes the first of them. */
	private static final Pattern ABSEIL_LINE = Pattern.compile("^[IW]\\d{4} \\d\\d:\\d\\d:\\d+\\.\\d+ +\\d+ [\\w.-]+:\\d+\\] .*"
		+ "|^WARNING: All log messages before absl::InitializeLog\\(\\) is called are written to STDERR$");

	private QuietLaunch() {}

	/** Whether this run must start the quiet child: no --verbose, and the user set no log level of their own. */
	static boolean needed(String[] args) {
		return !List.of(args).contains(VERBOSE) && System.getenv(LOG_LEVEL) == null;
	}

	/** The arguments without --verbose. */
	static String[] withoutVerbose(String[] args) {
		return List.of(args).stream().filter(arg -> !arg.equals(VERBOSE)).toArray(String[]::new);
	}

	/**
	 * Runs the command line in a child JVM (this JVM's options and class path) with the log level
	 * set; stdin and stdout are the child's, its stderr is copied without TensorFlow's lines. Returns
	 * its exit status.
	 */
	static int relaunch(String[] args, PrintStream err) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		// a debugger's agent would bind its port twice
		ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(option -> !option.startsWith("-agentlib")).forEach(command::add);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT).redirectOutput(ProcessBuilder.Redirect.INHERIT);
		builder.environment().put(LOG_LEVEL, "2");
		try {
			Process child = builder.start();
			// a cancelled job (SLURM's scancel, Ctrl-C) ends the child too
			Thread stop = new Thread(child::destroy);
			Runtime.getRuntime().addShutdownHook(stop);
			copyWithoutLog(child.getErrorStream(), err);
			int status = child.waitFor();
			Runtime.getRuntime().removeShutdownHook(stop);
			return status;
		}
		catch (IOException e) {
			err.println("ij-xai: cannot start " + command.get(0) + " (" + e.getMessage() + "); run with " + VERBOSE + " to stay in this JVM");
			return 1;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return 1;
		}
	}

	/** Copies the lines of {@code from} that are not TensorFlow's Abseil log lines. */
	static void copyWithoutLog(InputStream from, PrintStream to) throws IOException {
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(from, Charset.defaultCharset()))) {
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				if (!ABSEIL_LINE.matcher(line).matches()) to.println(line);
			}
		}
		to.flush();
	}
}
