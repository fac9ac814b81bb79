package ijxai.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import ijxai.engine.attribution.GradCam;
import ijxai.engine.attribution.Saliency;
import ijxai.engine.attribution.SmoothGrad;
import ijxai.engine.lrp.Lrp;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelOptions;
import ijxai.engine.model.ScoreKind;
import ijxai.engine.model.Target;

/**
 * The same models used by many commands at once: 8 threads × 100 calls through one shared cache
 * (loading, gradient-op building and session runs all overlap), mixing saliency, Grad-CAM, LRP and
 * SmoothGrad on two fixtures; every map equals the single-threaded map within 1e-6 of its range.
 */
class ConcurrencyStressTest {

	private static final int THREADS = 8, CALLS = 100;
	private static final List<String> MODELS = List.of("fashion_mnist_cnn", "bias_free_cnn");
	private static final List<Explainer> METHODS = List.of(new Saliency(), new GradCam(), new Lrp(), new SmoothGrad());
	private static final ExplainOptions OPTIONS = new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, 2, true, MethodSettings.NONE);

	private record Call(String model, Explainer method) {}

	private static Call call(int index) {
		return new Call(MODELS.get(index % MODELS.size()), METHODS.get(index / MODELS.size() % METHODS.size()));
	}

	private static float[] run(ModelCache cache, Call call, FloatBatch input) {
		try (ModelCache.Lease lease = cache.lease(ConformanceTest.MODELS.resolve(call.model()), ModelOptions.DEFAULTS)) {
			// few SmoothGrad samples: the stress is in the number of calls
			ExplainOptions options = call.method() instanceof SmoothGrad ? OPTIONS.withSettings(new MethodSettings(Map.of("samples", "6"), Map.of())) : OPTIONS;
			return call.method().explain(lease.model(), input, options, Progress.NONE).maps().data();
		}
	}

	@Test
	void concurrentCallsMatchSingleThreadedCalls() throws Exception {
		int kinds = MODELS.size() * METHODS.size();
		Map<String, FloatBatch> inputs = Map.of(MODELS.get(0), Fixtures.input(MODELS.get(0)).slice(0, 3), MODELS.get(1), Fixtures.input(MODELS.get(1)).slice(0, 3));
		List<float[]> expected = new ArrayList<>();
		try (ModelCache single = new ModelCache()) {
			for (int k = 0; k < kinds; k++) expected.add(run(single, call(k), inputs.get(call(k).model())));
		}
		// what was compared, counted where it is compared: values per model × method kind
		long[] valuesCompared = new long[kinds];
		double worst = 0;
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try (ModelCache shared = new ModelCache()) {
			List<Future<double[]>> threads = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				int thread = t;
				threads.add(pool.submit(() -> {
					double threadWorst = 0;
					long[] threadValues = new long[kinds];
					for (int i = 0; i < CALLS; i++) {
						int k = (thread * 7 + i) % kinds;
						float[] maps = run(shared, call(k), inputs.get(call(k).model()));
						threadWorst = Math.max(threadWorst, relativeDifference(expected.get(k), maps, call(k) + " in thread " + thread + ", call " + i));
						threadValues[k] += maps.length;
					}
					double[] result = new double[kinds + 1];
					result[0] = threadWorst;
					for (int k = 0; k < kinds; k++) result[k + 1] = threadValues[k];
					return result;
				}));
			}
			for (Future<double[]> thread : threads) {
				double[] result = thread.get();
				worst = Math.max(worst, result[0]);
				for (int k = 0; k < kinds; k++) valuesCompared[k] += (long) result[k + 1];
			}
		}
		finally {
			pool.shutdownNow();
		}
		// every model × method ran concurrently and was compared, value by value, with its single-threaded map
		for (int k = 0; k < kinds; k++) assertTrue(valuesCompared[k] >= expected.get(k).length, call(k) + " was never compared");
		assertTrue(worst <= 1e-6, "largest difference " + worst);
		System.out.printf("concurrency stress: %d values compared over %d model x method kinds in %d threads, largest difference from the "
			+ "single-threaded maps %.3g of their range%n", java.util.Arrays.stream(valuesCompared).sum(), kinds, THREADS, worst);
	}

	/** Largest |a − b| over the largest |a| (the map's range); fails above 1e-6. */
	private static double relativeDifference(float[] expected, float[] actual, String what) {
		assertEquals(expected.length, actual.length, what);
		assertTrue(expected.length > 0, what + ": an empty map compares nothing");
		double range = 0, difference = 0;
		for (int i = 0; i < expected.length; i++) {
			range = Math.max(range, Math.abs(expected[i]));
			difference = Math.max(difference, Math.abs(expected[i] - actual[i]));
		}
		double relative = difference / Math.max(range, Float.MIN_NORMAL);
		assertTrue(relative <= 1e-6, what + ": differs from the single-threaded map by " + relative + " of its range");
		return relative;
	}

}
