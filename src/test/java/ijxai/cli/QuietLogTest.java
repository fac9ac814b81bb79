package ijxai.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * TensorFlow's native log: off stderr by default, back with {@code --verbose}, measured on the
 * command line as users start it (a new JVM whose environment sets no log level).
 */
class QuietLogTest {

	/** Lines TensorFlow writes on every model load: its own format, and Abseil's. */
	private static final String TENSORFLOW_LINE = "(?s).*(tensorflow/cc/saved_model/|I0000 |absl::InitializeLog).*";

	@Test
	void aRunPrintsNoTensorFlowLogUnlessVerbose() throws Exception {
		Run quiet = run();
		assertEquals(0, quiet.status, quiet.err);
		assertFalse(quiet.err.matches(TENSORFLOW_LINE), "TensorFlow's log on stderr:\n" + quiet.err);
		assertEquals(List.of("ij-xai: TensorFlow runs on cpu"), quiet.err.lines().map(line -> line.replaceFirst(" with .*", "")).toList());
		assertTrue(quiet.out.startsWith("fashion-0000-ankle-boot.png\tslice 1\tAnkle boot"), quiet.out);

		Run verbose = run(QuietLaunch.VERBOSE);
		assertEquals(0, verbose.status, verbose.err);
		assertTrue(verbose.err.contains("tensorflow/cc/saved_model/reader.cc"), "no TensorFlow log with --verbose:\n" + verbose.err);
		assertEquals(quiet.out, verbose.out);
	}

	@Test
	void theFilterKeepsEverythingButAbseilInfoAndWarnings() throws IOException {
		String kept = "ij-xai: image x.png does not exist\nE0000 00:00:1796315030.823003   24416 op_kernel.cc:1816] an error TensorFlow reports\n";
		String dropped = "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n"
			+ "I0000 00:00:1796315030.823003   24416 mlir_graph_optimization_pass.cc:401] MLIR V1 optimization pass is not enabled\n"
			+ "W0000 00:00:1796315030.823003   24416 grappler.cc:12] a warning\n";
		ByteArrayOutputStream copy = new ByteArrayOutputStream();
		QuietLaunch.copyWithoutLog(new ByteArrayInputStream((dropped + kept).getBytes(StandardCharsets.UTF_8)), new PrintStream(copy, true, StandardCharsets.UTF_8));
		assertEquals(kept, copy.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
	}

	private record Run(int status, String out, String err) {}

	/** {@code predict} on one image in a new JVM, TF_CPP_MIN_LOG_LEVEL removed from its environment. */
	private static Run run(String... extra) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
			System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), Main.class.getName(), "predict", "--model",
			"models/fashion_mnist_cnn", "--image", "test-images/fashion-0000-ankle-boot.png"));
		command.addAll(List.of(extra));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().remove(QuietLaunch.LOG_LEVEL);
		Process process = builder.start();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		Thread errCopy = new Thread(() -> {
			try {
				process.getErrorStream().transferTo(err);
			}
			catch (IOException e) {
				throw new IllegalStateException(e);
			}
		});
		errCopy.start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		int status = process.waitFor();
		errCopy.join();
		return new Run(status, out, err.toString(StandardCharsets.UTF_8));
	}
}
