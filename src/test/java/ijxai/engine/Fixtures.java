package ijxai.engine;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelOptions;

/** The base of tests on the fixture models: one model cache per test class, closed after it, and the reference files. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class Fixtures {

	private final HeldModels cache = new HeldModels();

	@AfterAll
	public void closeModels() {
		cache.close();
	}

	public LoadedModel model(String name) {
		return cache.get(ConformanceTest.MODELS.resolve(name), ModelOptions.DEFAULTS);
	}

	public static Npy reference(String model, String file) throws IOException {
		return Npy.read(ConformanceTest.MODELS.resolve(model).resolve("reference").resolve(file + ".npy"));
	}

	public static FloatBatch input(String model) throws IOException {
		return reference(model, "input").asBatch();
	}
}
