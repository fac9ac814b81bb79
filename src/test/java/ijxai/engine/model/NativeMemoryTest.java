package ijxai.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import ijxai.engine.LeakRun;

/**
 * The leak guard: 300 saliency calls on 32 MobileNetV2-style images in a child JVM whose heap is
 * fixed and pre-touched, so that only native memory can grow. Each call feeds and fetches about
 * 0.8 MB of tensors: leaking them would grow resident memory by about 240 MB; the guard allows
 * 40 MB (allocator caches settle during the 50 warm-up calls). The 10,000-call run is the
 * benchmark's (bench/).
 */
class NativeMemoryTest {

	@Test
	void repeatedCallsDoNotGrowNativeMemory() throws IOException, InterruptedException {
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-cp", classPath,
			LeakRun.class.getName(), "mobilenetv2_small", "32", "50", "300", "300");
		builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
		builder.redirectError(ProcessBuilder.Redirect.DISCARD);
		Process process = builder.start();
		List<String> lines = new String(process.getInputStream().readAllBytes()).lines().toList();
		assertEquals(0, process.waitFor(), "LeakRun failed: " + lines);
		long before = kilobytes(lines, "0"), after = kilobytes(lines, "300");
		assertTrue(after - before < 40 * 1024, "resident memory grew by " + (after - before) / 1024 + " MB over 300 calls: " + lines);
	}

	private static long kilobytes(List<String> lines, String calls) {
		return lines.stream().filter(line -> line.startsWith(calls + " ")).mapToLong(line -> Long.parseLong(line.split(" ")[1])).findFirst()
			.orElseThrow(() -> new AssertionError("no resident memory after " + calls + " calls: " + lines));
	}
}
