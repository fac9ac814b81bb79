package ijxai.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explainer;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelOptions;

/**
 * Consecutive saliency calls in one JVM, with the resident memory (from /proc/self/status)
 * printed after the warm-up and every {@code every} calls: "calls rss-kB". Run by the CI's leak
 * guard (a few hundred calls, in a child JVM with a fixed, pre-touched heap) and by the benchmark
 * (10,000 calls).
 *
 * <pre>LeakRun MODEL BATCH WARM-UP CALLS EVERY</pre>
 */
public final class LeakRun {

	public static void main(String[] args) throws IOException {
		String name = args[0];
		int batch = Integer.parseInt(args[1]), warmUp = Integer.parseInt(args[2]), calls = Integer.parseInt(args[3]), every = Integer.parseInt(args[4]);
		FloatBatch input = Benchmark.input(name, batch);
		Explainer saliency = Explainers.byName("saliency");
		try (HeldModels cache = new HeldModels()) {
			LoadedModel model = cache.get(ConformanceTest.MODELS.resolve(name), ModelOptions.DEFAULTS);
			for (int i = 0; i < warmUp; i++) saliency.explain(model, input, ExplainOptions.DEFAULTS, Progress.NONE);
			System.out.println("0 " + residentKb("VmRSS"));
			for (int i = 1; i <= calls; i++) {
				saliency.explain(model, input, ExplainOptions.DEFAULTS, Progress.NONE);
				if (i % every == 0) System.out.println(i + " " + residentKb("VmRSS"));
			}
		}
		System.out.println("peak " + residentKb("VmHWM"));
	}

	/** A memory line of /proc/self/status (VmRSS: resident now, VmHWM: resident at most), in kB. */
	public static long residentKb(String field) {
		try {
			List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
			for (String line : status) {
				if (line.startsWith(field + ":")) return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
			}
		}
		catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
		throw new IllegalStateException("/proc/self/status has no " + field);
	}
}
