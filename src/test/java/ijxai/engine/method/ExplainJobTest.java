package ijxai.engine.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ijxai.engine.Fixtures;
import ijxai.engine.FloatBatch;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ScoreKind;
import ijxai.engine.model.Target;

/** Binding a run once: the input checked, the target resolved for every sample and the settings checked before a method sees the job. */
class ExplainJobTest extends Fixtures {

	private static final String MODEL = "fashion_mnist_cnn";

	/** A method that only keeps the job it was given. */
	private static final class Recorder implements Explainer {
		ExplainJob job;

		@Override public String name() { return "recorder"; }

		@Override public String title() { return "Recorder"; }

		@Override public List<MethodParameter> parameters() { return List.of(MethodParameter.integer("steps", "Steps", 3, 1, 10, "")); }

		@Override
		public Explanation explain(ExplainJob bound) {
			job = bound;
			return null;
		}
	}

	private static ExplainOptions options(String target, Map<String, String> settings) {
		return new ExplainOptions(Target.parse(target), ScoreKind.LOGIT, 8, false, new MethodSettings(settings, Map.of()));
	}

	@Test
	void aClassNameOrIndexResolvesToThatClassForEverySample() throws IOException {
		FloatBatch input = input(MODEL);
		for (String[] target : new String[][] { { "Ankle boot", "9" }, { "3", "3" } }) {
			Recorder method = new Recorder();
			method.explain(model(MODEL), input, options(target[0], Map.of()), Progress.NONE);
			int[] expected = new int[input.count()];
			java.util.Arrays.fill(expected, Integer.parseInt(target[1]));
			assertArrayEquals(expected, method.job.targets(), target[0]);
			assertFalse(method.job.predicted());
		}
	}

	@Test
	void thePredictedTargetIsLeftToTheGraphAndTheSettingsAreTheMethods() throws IOException {
		Recorder method = new Recorder();
		method.explain(model(MODEL), input(MODEL), options("predicted", Map.of()), Progress.NONE);
		assertNull(method.job.targets());
		assertTrue(method.job.predicted());
		assertEquals(3, method.job.settings().integer("steps"), "the default of the method's own option");
		assertEquals(0.0, method.job.space().toImage(0, 0.0), 0, "without a space, model values are image values");
		assertEquals(0.25, method.job.space().toImage(0, 0.25), 0);
	}

	@Test
	void aBadTargetInputOrOptionStopsTheRunBeforeTheMethod() throws IOException {
		LoadedModel model = model(MODEL);
		Recorder method = new Recorder();
		String target = assertThrows(XaiException.class, () -> method.explain(model, input(MODEL), options("boot", Map.of()), Progress.NONE)).getMessage();
		assertTrue(target.contains("target 'boot' is not a class") && target.contains("Ankle boot"), target);
		String shape = assertThrows(XaiException.class, () -> method.explain(model, FloatBatch.zeros(1, 20, 20, 1), options("3", Map.of()), Progress.NONE))
			.getMessage();
		assertTrue(shape.contains("28x28 pixels"), shape);
		String option = assertThrows(XaiException.class, () -> method.explain(model, input(MODEL), options("3", Map.of("step", "2")), Progress.NONE))
			.getMessage();
		assertTrue(option.contains("recorder has no option 'step'"), option);
		assertNull(method.job, "the method never ran");
	}
}
