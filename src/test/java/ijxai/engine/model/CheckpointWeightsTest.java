package ijxai.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import ijxai.engine.ConformanceTest;
import ijxai.engine.Fixtures;
import ijxai.engine.FloatBatch;
import ijxai.engine.Npy;
import ijxai.engine.XaiException;

/**
 * Training checkpoints restored into the flattened graph of the untrained SavedModel compute what
 * Python's model computed with them (models/make_training_models.py's python_reference, per step 0, 2, 10, 30, 60).
 */
class CheckpointWeightsTest extends Fixtures {

	private static final Path TRAINING = ConformanceTest.MODELS.resolve("training_cnn");

	private static Npy python(String file) throws IOException {
		return Npy.read(TRAINING.resolve("python_reference").resolve(file + ".npy"));
	}

	@ParameterizedTest
	@CsvSource({"keras_weights/cp-0001.ckpt, 3", "keras_weights/cp-0002.ckpt, 4", "tf_checkpoints/ckpt-2, 1", "tf_checkpoints/ckpt-60, 4"})
	void aRestoredCheckpointGivesPythonsPredictionsAndLossGradientsWithin1e5(String checkpoint, int step) throws IOException {
		FloatBatch images = python("input").asBatch();
		float[] labels = python("label").values;
		int[] classes = new int[labels.length];
		for (int n = 0; n < classes.length; n++) classes[n] = (int) labels[n];
		try (LoadedModel restored = CheckpointWeights.restore(model("training_cnn/savedmodels/step-0"), TRAINING.resolve(checkpoint))) {
			assertCloseToStep(python("output"), step, restored.predict(images).outputs(), "predictions");
			assertCloseToStep(python("loss_gradient"), step, restored.lossGradients(images, classes, false).gradient().data(), "loss gradients");
		}
	}

	@Test
	void aKeras3CheckpointRestoresIntoTheVariableCopiesItsExportReads() throws IOException {
		// models/make_keras3_checkpoint.py: the export reads "sequential/dense/kernel_1", the checkpoint saves "sequential/dense/kernel"
		Path folder = ConformanceTest.MODELS.resolve("keras3_checkpoint");
		FloatBatch images = Npy.read(folder.resolve("python_reference").resolve("input.npy")).asBatch();
		Npy expected = Npy.read(folder.resolve("python_reference").resolve("output.npy"));
		LoadedModel exported = model("keras3_checkpoint/savedmodel");
		float[] before = exported.predict(images).outputs();
		try (LoadedModel restored = CheckpointWeights.restore(exported, folder.resolve("ckpt-1"))) {
			float[] after = restored.predict(images).outputs();
			for (int i = 0; i < after.length; i++) assertEquals(expected.values[i], after[i], 1e-5, "output " + i);
			assertTrue(Math.abs(before[0] - expected.values[0]) > 1e-3, "the checkpoint's weights differ from the export's");
		}
	}

	@Test
	void aCheckpointOfPartOfTheModelNamesTheWeightsItLacks() {
		// models/make_training_models.py: a tf.train.Checkpoint of the first convolution alone
		XaiException refused = assertThrows(XaiException.class, () -> CheckpointWeights.restore(model("training_cnn/savedmodels/step-0"),
			TRAINING.resolve("partial_checkpoint").resolve("conv-only")).close());
		String message = refused.getMessage();
		assertTrue(message.contains("conv-only does not hold 4 weight(s)") && message.contains("conv2d_1/kernel") && message.contains("dense/bias"), message);
	}

	@Test
	void aCheckpointOfAnotherModelIsRefusedWithItsFileNamed() {
		XaiException refused = assertThrows(XaiException.class,
			() -> CheckpointWeights.restore(model("fashion_mnist_cnn"), TRAINING.resolve("keras_weights").resolve("cp-0001.ckpt")).close());
		assertTrue(refused.getMessage().contains("cp-0001.ckpt"), refused.getMessage());
	}

	private static void assertCloseToStep(Npy reference, int step, float[] actual, String what) {
		int size = actual.length;
		assertEquals(reference.values.length / reference.shape[0], size, what + " per checkpoint");
		for (int i = 0; i < size; i++) assertEquals(reference.values[step * size + i], actual[i], 1e-5, what + " " + i);
	}
}
