package ijxai.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ijxai.engine.Fixtures;
import ijxai.engine.FloatBatch;
import ijxai.engine.XaiException;

/**
 * The trainable copy of the Fashion CNN computes what the frozen model does, its input gradient is
 * the frozen model's loss gradient, Adam steps lower the loss, and the exported SavedModel loads and
 * gives the trained logits; the loaded model keeps its own weights.
 */
class TrainableModelTest extends Fixtures {

	@TempDir
	Path temp;

	@Test
	void startsAsTheFrozenModelAndItsInputGradientIsTheLossGradient() throws IOException {
		LoadedModel model = model("fashion_mnist_cnn");
		FloatBatch inputs = input("fashion_mnist_cnn");
		int[] labels = { 9, 2, 1, 1 };
		try (TrainableModel trainable = TrainableModel.of(model)) {
			assertFalse(trainable.weights().isEmpty());
			assertArrayEquals(model.predict(inputs).logits(), trainable.logits(inputs), 1e-5f);
			assertArrayEquals(model.lossGradients(inputs, labels, false).gradient().data(), trainable.inputGradient(inputs, labels), 1e-5f);
		}
	}

	@Test
	void adamStepsLowerTheLossAndTheExportGivesTheTrainedLogits() throws IOException {
		LoadedModel model = model("fashion_mnist_cnn");
		FloatBatch inputs = input("fashion_mnist_cnn");
		// labels the model gets wrong, so that there is something to learn
		int[] labels = { 0, 0, 0, 0 };
		float[] before = model.predict(inputs).logits();
		Path exported = temp.resolve("trained");
		try (TrainableModel trainable = TrainableModel.of(model)) {
			float[] weights = new float[4];
			Arrays.fill(weights, 0.25f);
			double start = loss(trainable.logits(inputs), labels);
			for (int i = 0; i < 20; i++) trainable.step(inputs, labels, weights, 1e-3);
			float[] trained = trainable.logits(inputs);
			assertTrue(loss(trained, labels) < 0.5 * start, "loss " + start + " → " + loss(trained, labels));
			trainable.export(exported);
			try (LoadedModel reloaded = new SavedModelLoader(ModelOptions.DEFAULTS).load(exported)) {
				assertArrayEquals(trained, reloaded.predict(inputs).logits(), 1e-5f);
				assertEquals(model.info().classes(), reloaded.info().classes());
			}
			String again = assertThrows(XaiException.class, () -> trainable.export(exported)).getMessage();
			assertTrue(again.contains("exists already"), again);
		}
		assertArrayEquals(before, model.predict(inputs).logits(), "the loaded model keeps its weights");
	}

	@Test
	void referenceVariablesAreRefusedByName() {
		String message = assertThrows(XaiException.class, () -> TrainableModel.of(model("tf1_switch_merge"))).getMessage();
		assertTrue(message.contains("TF1 reference variables (VariableV2 '"), message);
	}

	@Test
	void aDenseModelIsRefused() {
		String message = assertThrows(XaiException.class, () -> TrainableModel.of(model("unet_small"))).getMessage();
		assertTrue(message.contains("fine-tuning needs a classifier"), message);
	}

	/** Mean cross-entropy of the labels under softmax(logits). */
	private static double loss(float[] logits, int[] labels) {
		int classes = logits.length / labels.length;
		double sum = 0;
		for (int n = 0; n < labels.length; n++) {
			double max = Double.NEGATIVE_INFINITY, total = 0;
			for (int k = 0; k < classes; k++) max = Math.max(max, logits[n * classes + k]);
			for (int k = 0; k < classes; k++) total += Math.exp(logits[n * classes + k] - max);
			sum += -(logits[n * classes + labels[n]] - max - Math.log(total));
		}
		return sum / labels.length;
	}
}
