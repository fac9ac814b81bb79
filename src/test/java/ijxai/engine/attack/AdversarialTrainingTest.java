package ijxai.engine.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ijxai.engine.Fixtures;
import ijxai.engine.FloatBatch;
import ijxai.engine.ImageSpace;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.method.ImageSet;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelOptions;
import ijxai.engine.model.SavedModelLoader;

/**
 * Adversarial fine-tuning of the Fashion CNN on the four reference images at ε = 16 gray levels:
 * the hardened model, exported where asked, resists FGSM at that ε on those images where the
 * original does not; the original model on disk and in memory is unchanged; a folder that exists
 * is never written over.
 */
class AdversarialTrainingTest extends Fixtures {

	private static final String CNN = "fashion_mnist_cnn";

	@TempDir
	Path temp;

	@Test
	void theHardenedModelResistsTheAttackItWasTrainedOn() throws IOException {
		LoadedModel model = model(CNN);
		FloatBatch images = input(CNN);
		int[] labels = targets();
		ImageSpace space = eightBit(images.count());
		float[] before = model.predict(images).logits();
		Path hardened = temp.resolve("hardened");
		AdversarialTraining tool = new AdversarialTraining();
		AdversarialTraining.Result result = tool.run(model, new ImageSet(images, labels, space), tool.settings(Map.of("epsilon", "16", "epochs", "40",
			"held-out", "0", "output-model", hardened.toString(), "learning-rate", "0.002")), 8, Progress.NONE);
		assertEquals(hardened, result.exported());
		assertEquals(4, result.trained());
		assertTrue(Files.isRegularFile(hardened.resolve("saved_model.pb")));
		double original = fgsmAccuracy(model, images, labels, space);
		try (LoadedModel trained = new SavedModelLoader(ModelOptions.DEFAULTS).load(hardened)) {
			double after = fgsmAccuracy(trained, images, labels, space);
			assertTrue(after > original && after >= 0.75, "FGSM accuracy at epsilon 16: original " + original + ", hardened " + after);
		}
		assertTrue(Arrays.equals(before, model.predict(images).logits()), "the original model is unchanged");
		String again = assertThrows(XaiException.class, () -> tool.run(model, new ImageSet(images, labels, space), tool.settings(Map.of("output-model",
			hardened.toString())), 8, Progress.NONE)).getMessage();
		assertTrue(again.contains("exists already"), again);
	}

	@Test
	void besideTheOriginalANumberIsAddedRatherThanWriteOverAFolder() throws IOException {
		Path original = Files.createDirectories(temp.resolve("cnn")), taken = Files.createDirectories(temp.resolve("cnn-adversarial-eps8"));
		assertEquals(taken.resolveSibling("cnn-adversarial-eps8-2"), AdversarialTraining.outputFolder(original, "", 8));
		assertEquals(temp.resolve("cnn-adversarial-eps0.5"), AdversarialTraining.outputFolder(original, "", 0.5));
	}

	private static double fgsmAccuracy(LoadedModel model, FloatBatch images, int[] labels, ImageSpace space) {
		List<RobustnessSweep.Point> points = RobustnessSweep.run(model, images, labels, space, List.of("fgsm"), new double[] { 16 }, 8, Progress.NONE);
		return points.get(0).accuracy();
	}

	private static int[] targets() throws IOException {
		float[] targets = reference(CNN, "target").values;
		int[] labels = new int[targets.length];
		for (int n = 0; n < labels.length; n++) labels[n] = (int) targets[n];
		return labels;
	}

	/** Model values 0..1 from 8-bit images. */
	private static ImageSpace eightBit(int count) {
		ImageSpace.Affine[] affines = new ImageSpace.Affine[count];
		Arrays.fill(affines, new ImageSpace.Affine(0, 255));
		return new ImageSpace(affines, 0, 255, true);
	}
}
