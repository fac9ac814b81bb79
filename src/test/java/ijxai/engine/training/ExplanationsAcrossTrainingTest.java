package ijxai.engine.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;

import ijxai.engine.ConformanceTest;
import ijxai.engine.Explainers;
import ijxai.engine.Fixtures;
import ijxai.engine.FloatBatch;
import ijxai.engine.Npy;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explainer;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelOptions;

/**
 * Explanations across the checkpoints of models/training_cnn (made by models/make_training_models.py):
 * against TensorFlow's own outputs and loss gradients per checkpoint, and against single-model runs.
 */
class ExplanationsAcrossTrainingTest extends Fixtures {

	private static final Path TRAINING = ConformanceTest.MODELS.resolve("training_cnn");
	private static final List<String> STEPS = List.of("step-0", "step-2", "step-10", "step-30", "step-60");

	private static Npy python(String file) throws IOException {
		return Npy.read(TRAINING.resolve("python_reference").resolve(file + ".npy"));
	}

	private static Checkpoints savedModels() {
		return Checkpoints.savedModels(TRAINING.resolve("savedmodels"), ModelOptions.DEFAULTS);
	}

	private static int[] labels() throws IOException {
		float[] values = python("label").values;
		int[] labels = new int[values.length];
		for (int n = 0; n < labels.length; n++) labels[n] = (int) values[n];
		return labels;
	}

	@Test
	void checkpointsComeInTheNaturalOrderOfTheirNames() {
		assertEquals(STEPS, savedModels().names());
	}

	@Test
	void lossesAndTheIntegratedLossGradientEqualTensorFlowsWithin1e5() throws IOException {
		FloatBatch images = python("input").asBatch();
		ExplanationsAcrossTraining.Result result = ExplanationsAcrossTraining.run(savedModels(), images, labels(), Explainers.byName("saliency"),
			ExplainOptions.DEFAULTS.withBatchSize(3), Progress.NONE);
		float[] losses = python("loss").values, gradients = python("loss_gradient").values;
		int count = images.count(), size = images.sampleSize();
		float[] summed = new float[count * size];
		for (int step = 0; step < STEPS.size(); step++) {
			double mean = 0;
			for (int n = 0; n < count; n++) mean += losses[step * count + n] / count;
			assertEquals(mean, result.steps().get(step).loss(), 1e-5, "mean loss at " + STEPS.get(step));
			for (int i = 0; i < summed.length; i++) summed[i] += gradients[step * count * size + i];
		}
		assertArrayEquals(summed, result.integratedGradient().data(), 1e-5f, "Σₙ ∇J over the checkpoints");
		for (int i = 0; i < summed.length; i++) {
			assertEquals(summed[i] * images.data()[i], result.integratedGradientTimesInput().data()[i], 1e-5f, "g × input at " + i);
		}
		assertTrue(result.steps().get(0).loss() > result.steps().get(STEPS.size() - 1).loss(), "training lowers the loss of the probe images");
	}

	@Test
	void eachCheckpointsPredictionsEqualTensorFlowsWithin1e5() throws IOException {
		FloatBatch images = python("input").asBatch();
		float[] outputs = python("output").values;
		Checkpoints checkpoints = savedModels();
		for (int step = 0; step < STEPS.size(); step++) {
			try (LoadedModel model = checkpoints.open(step)) {
				float[] predicted = model.predict(images).outputs();
				for (int i = 0; i < predicted.length; i++) assertEquals(outputs[step * predicted.length + i], predicted[i], 1e-5f, STEPS.get(step) + " output " + i);
			}
		}
	}

	@Test
	void theMapsPerCheckpointEqualSingleModelRuns() throws IOException {
		FloatBatch images = python("input").asBatch();
		Explainer method = Explainers.byName("integrated-gradients");
		ExplanationsAcrossTraining.Result result = ExplanationsAcrossTraining.run(savedModels(), images, labels(), method, ExplainOptions.DEFAULTS, Progress.NONE);
		for (int step = 0; step < STEPS.size(); step++) {
			LoadedModel single = model("training_cnn/savedmodels/" + STEPS.get(step));
			float[] expected = method.explain(single, images, ExplainOptions.DEFAULTS, Progress.NONE).maps().data();
			assertArrayEquals(expected, result.steps().get(step).explanation().maps().data(), STEPS.get(step));
			assertEquals(STEPS.get(step), result.steps().get(step).name());
		}
	}

	@Test
	void imagesWithoutAClassAndMissingFoldersAreRefused() throws IOException {
		FloatBatch images = python("input").asBatch();
		int[] unlabelled = {0, -1, 2, 3};
		String message = assertThrows(XaiException.class, () -> ExplanationsAcrossTraining.run(savedModels(), images, unlabelled,
			Explainers.byName("saliency"), ExplainOptions.DEFAULTS, Progress.NONE)).getMessage();
		assertTrue(message.contains("image 2") && message.contains("true class"), message);
		String empty = assertThrows(XaiException.class, () -> Checkpoints.savedModels(TRAINING.resolve("keras_weights"), ModelOptions.DEFAULTS)).getMessage();
		assertTrue(empty.contains("keras_weights") && empty.contains("no SavedModel"), empty);
	}

	@Test
	void aCancelStopsBeforeTheNextCheckpoint() throws IOException {
		Progress cancelled = new Progress() {
			@Override public void report(int done, int total, String what) {}
			@Override public boolean isCanceled() { return true; }
		};
		assertThrows(CancellationException.class, () -> ExplanationsAcrossTraining.run(savedModels(), python("input").asBatch(), labels(),
			Explainers.byName("saliency"), ExplainOptions.DEFAULTS, cancelled));
	}

	@Test
	void theGradientInputCorrelationIsPearsonsOfTheMagnitudes() {
		float[] gradient = {-1, 2, -3, 4}, input = {1, 2, 3, 4};
		assertEquals(1, ExplanationsAcrossTraining.absoluteCorrelation(gradient, input, 0, 4), 1e-12);
		assertEquals(Math.log(Math.exp(1) + Math.exp(2)) - 1, ExplanationsAcrossTraining.crossEntropy(new float[] {1, 2}, 0, 2, 0), 1e-6);
	}
}
