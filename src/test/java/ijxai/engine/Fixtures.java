package ijxai.engine;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/** The base of tests on the fixture models: one model cache per test class, closed after it, and the reference files. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class Fixtures {

	private final HeldModels cache = new HeldModels();

	@AfterAll
	void closeModels() {
		cache.close();
	}

	LoadedModel model(String name) {
		return cache.get(ConformanceTest.MODELS.resolve(name), ModelOptions.DEFAULTS);
	}

	static Npy reference(String model, String file) throws IOException {
		return Npy.read(ConformanceTest.MODELS.resolve(model).resolve("reference").resolve(file + ".npy"));
	}

	static FloatBatch input(String model) throws IOException {
		return reference(model, "input").asBatch();
	}
}
