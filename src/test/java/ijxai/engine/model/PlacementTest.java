package ijxai.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import ijxai.engine.ConformanceTest;
import ijxai.engine.Fixtures;
import ijxai.engine.FloatBatch;
import ijxai.engine.HeldModels;
import ijxai.engine.Numbers;
import ijxai.engine.XaiException;

/** Devices and threads: parsing, the CPU fallback of a GPU that is not there, thread counts, and the same numbers whatever the placement. */
class PlacementTest {

	private static final Path MODEL = ConformanceTest.MODELS.resolve("fashion_mnist_cnn");

	@Test
	void devicesParse() {
		assertSame(Device.AUTO, Device.parse(""));
		assertSame(Device.AUTO, Device.parse(" Auto "));
		assertSame(Device.CPU, Device.parse("cpu"));
		assertEquals(Device.gpu(0), Device.parse("gpu"));
		assertEquals("gpu:3", Device.parse("GPU:3").toString());
		for (String bad : new String[] { "tpu", "gpu:-1", "gpu:x", "gpu:" }) {
			XaiException e = assertThrows(XaiException.class, () -> Device.parse(bad));
			assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("auto, cpu, gpu:N"), e.getMessage());
		}
		assertThrows(XaiException.class, () -> new ModelOptions(null, null, false, Device.CPU, -1));
		assertEquals(ModelOptions.DEFAULTS, new ModelOptions("", " ", false, null, 0), "blank and missing options are the defaults");
	}

	@Test
	void aGpuThatIsNotThereFallsBackToTheCpuWithTheReasonAndTheSameNumbers() throws IOException {
		FloatBatch input = Fixtures.input("fashion_mnist_cnn");
		try (HeldModels cache = new HeldModels()) {
			LoadedModel auto = cache.get(MODEL, ModelOptions.DEFAULTS);
			assumeTrue(auto.placement().device().isCpu(), "this machine has a GPU: no fallback to see");
			assertNull(auto.placement().fallback(), "auto finding no GPU is no fallback");
			LoadedModel gpu = cache.get(MODEL, ModelOptions.DEFAULTS.withDevice(Device.gpu(0)));
			assertEquals(Device.CPU, gpu.placement().device());
			String said = gpu.placement().describe();
			assertTrue(said.startsWith("gpu:0 was asked for, but TensorFlow has no GPU 0") && said.contains("running on the CPU")
				&& said.endsWith("TensorFlow runs on cpu with " + Runtime.getRuntime().availableProcessors() + " threads"), said);
			float[] expected = auto.gradients(input, null, ScoreKind.LOGIT, null, null).gradient().data();
			float[] fellBack = gpu.gradients(input, null, ScoreKind.LOGIT, null, null).gradient().data();
			assertTrue(Numbers.relativeL2(fellBack, expected) < 1e-6, "gradient after the fallback " + Numbers.relativeL2(fellBack, expected));
		}
	}

	@Test
	void threadsAreOnePerCoreUnlessGiven() throws IOException {
		FloatBatch input = Fixtures.input("fashion_mnist_cnn");
		try (HeldModels cache = new HeldModels()) {
			LoadedModel cores = cache.get(MODEL, ModelOptions.DEFAULTS.withDevice(Device.CPU));
			LoadedModel one = cache.get(MODEL, ModelOptions.DEFAULTS.withDevice(Device.CPU).withThreads(1));
			assertEquals(Runtime.getRuntime().availableProcessors(), cores.placement().threads());
			assertEquals(1, one.placement().threads());
			assertTrue(one.placement().describe().endsWith("on cpu with 1 thread"), one.placement().describe());
			float[] expected = cores.gradients(input, null, ScoreKind.LOGIT, null, null).gradient().data();
			float[] single = one.gradients(input, null, ScoreKind.LOGIT, null, null).gradient().data();
			assertTrue(Numbers.relativeL2(single, expected) < 1e-6, "gradient with one thread " + Numbers.relativeL2(single, expected));
			assertNotSame(cores, one, "other threads: another session");
		}
	}
}
