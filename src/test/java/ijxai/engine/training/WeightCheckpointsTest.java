package ijxai.engine.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import ijxai.engine.ConformanceTest;
import ijxai.engine.Explainers;
import ijxai.engine.Fixtures;
import ijxai.engine.FloatBatch;
import ijxai.engine.Npy;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.model.LoadedModel;

/** Weight checkpoints restored into the untrained SavedModel give the maps of the SavedModels saved at the same steps. */
class WeightCheckpointsTest extends Fixtures {

	private static final Path TRAINING = ConformanceTest.MODELS.resolve("training_cnn");

	@Test
	void tfCheckpointsComeInTrainingOrderAndGiveTheMapsOfTheSavedModelsOfTheirSteps() throws IOException {
		LoadedModel untrained = model("training_cnn/savedmodels/step-0");
		Checkpoints checkpoints = WeightCheckpoints.of(untrained, TRAINING.resolve("tf_checkpoints"));
		assertEquals(List.of("ckpt-0", "ckpt-2", "ckpt-10", "ckpt-30", "ckpt-60"), checkpoints.names());
		FloatBatch images = Npy.read(TRAINING.resolve("python_reference").resolve("input.npy")).asBatch();
		List<String> steps = List.of("step-0", "step-2", "step-10", "step-30", "step-60");
		for (int c = 0; c < steps.size(); c++) {
			float[] expected = Explainers.byName("saliency").explain(model("training_cnn/savedmodels/" + steps.get(c)), images, ExplainOptions.DEFAULTS, Progress.NONE).maps().data();
			try (LoadedModel restored = checkpoints.open(c)) {
				float[] actual = Explainers.byName("saliency").explain(restored, images, ExplainOptions.DEFAULTS, Progress.NONE).maps().data();
				assertArrayEquals(expected, actual, 1e-5f, "saliency at " + steps.get(c));
			}
		}
	}

	@Test
	void kerasWeightFilesAreListedByTheirPrefixes() {
		assertEquals(List.of("cp-0001.ckpt", "cp-0002.ckpt"), WeightCheckpoints.of(model("training_cnn/savedmodels/step-0"), TRAINING.resolve("keras_weights")).names());
	}

	@Test
	void aFolderWithoutCheckpointsIsNamed() {
		Path folder = TRAINING.resolve("python_reference");
		XaiException refused = assertThrows(XaiException.class, () -> WeightCheckpoints.of(model("training_cnn/savedmodels/step-0"), folder));
		assertTrue(refused.getMessage().contains(folder.toString()), refused.getMessage());
	}
}
