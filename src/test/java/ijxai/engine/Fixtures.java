package ijxai.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelOptions;
import ijxai.engine.model.ScoreKind;
import ijxai.engine.model.Target;

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

	/**
	 * A method's maps of the reference input (at the layer's resolution when {@code raw}) in batches
	 * of 7, so chunks do not divide the samples evenly; fails unless it explained the reference's targets.
	 */
	public float[] referenceMaps(String model, Explainer method, boolean raw, Map<String, String> settings) throws IOException {
		ExplainOptions options = new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, 7, raw, new MethodSettings(settings, Map.of()));
		Explanation explanation = method.explain(model(model), input(model), options, Progress.NONE);
		float[] targets = reference(model, "target").values;
		for (int n = 0; n < targets.length; n++) assertEquals((int) targets[n], explanation.targets()[n], model + " target of sample " + n);
		return explanation.maps().data();
	}

	/** Fails unless {@code actual} is within {@code tolerance} relative L2 of the model's reference {@code file}. */
	public static void assertCloseToReference(float[] actual, String model, String file, double tolerance) throws IOException {
		double error = Numbers.relativeL2(actual, reference(model, file).values);
		assertTrue(error < tolerance, model + " " + file + ": relative L2 " + error);
	}
}
