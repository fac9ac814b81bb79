package ijxai.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.FloatProcessor;
import ijxai.engine.FloatBatch;
import ijxai.engine.Npy;

/** {@code training} over the SavedModel checkpoints of models/training_cnn, on its four labelled probe images. */
class TrainingCommandLineTest {

	private static final Path TRAINING = Path.of("models/training_cnn");
	private static final List<String> STEPS = List.of("step-0", "step-2", "step-10", "step-30", "step-60");

	@TempDir
	Path temp;

	/** The probe images as a stack whose slice labels name their classes. */
	private Path labelledStack() throws Exception {
		FloatBatch images = Npy.read(TRAINING.resolve("python_reference/input.npy")).asBatch();
		float[] labels = Npy.read(TRAINING.resolve("python_reference/label.npy")).values;
		List<String> classes = Files.readAllLines(TRAINING.resolve("savedmodels/step-0/labels.txt"));
		ImageStack stack = new ImageStack(images.width(), images.height());
		for (int n = 0; n < images.count(); n++) {
			FloatProcessor plane = new FloatProcessor(images.width(), images.height());
			for (int y = 0; y < images.height(); y++) for (int x = 0; x < images.width(); x++) plane.setf(x, y, images.get(n, y, x, 0));
			stack.addSlice(classes.get((int) labels[n]), plane);
		}
		Path file = temp.resolve("probe.tif");
		assertTrue(new FileSaver(new ImagePlus("probe", stack)).saveAsTiffStack(file.toString()));
		return file;
	}

	@Test
	void writesAFramePerCheckpointTheIntegratedGradientAndTheTable() throws Exception {
		Path out = temp.resolve("out");
		BadInputTest.Run run = BadInputTest.cli("training", "--models", TRAINING.resolve("savedmodels").toString(), "--image", labelledStack().toString(),
			"--method", "saliency", "--out", out.toString());
		assertEquals(0, run.status(), run.err());
		ImagePlus movie = new ImagePlus(out.resolve("probe_saliency_training.tif").toString());
		assertEquals(STEPS.size(), movie.getNFrames());
		assertEquals(4, movie.getNSlices());
		for (int frame = 1; frame <= STEPS.size(); frame++) {
			String label = movie.getStack().getSliceLabel(movie.getStackIndex(1, 1, frame));
			assertTrue(label.startsWith(STEPS.get(frame - 1) + " · "), label);
		}
		assertEquals(8, new ImagePlus(out.resolve("probe_training_gradient.tif").toString()).getStackSize(), "g and g × input per image");
		List<String> table = Files.readAllLines(out.resolve("training.csv"));
		assertEquals(STEPS.size() + 1, table.size(), String.join("\n", table));
		assertTrue(table.get(0).contains("checkpoint") && table.get(0).contains("gradient_input_correlation"), table.get(0));
		for (int s = 0; s < STEPS.size(); s++) assertTrue(table.get(s + 1).contains(STEPS.get(s)), table.get(s + 1));
		assertTrue(Files.isRegularFile(out.resolve("training_plot.tif")));
	}

	@Test
	void weightCheckpointsRestoredIntoTheUntrainedModelGiveTheTableOfTheSavedModelsOfTheSameSteps() throws Exception {
		Path image = labelledStack();
		Path fromModels = temp.resolve("models"), fromCheckpoints = temp.resolve("checkpoints");
		BadInputTest.Run models = BadInputTest.cli("training", "--models", TRAINING.resolve("savedmodels").toString(), "--image", image.toString(),
			"--method", "saliency", "--out", fromModels.toString());
		assertEquals(0, models.status(), models.err());
		BadInputTest.Run checkpoints = BadInputTest.cli("training", "--model", TRAINING.resolve("savedmodels/step-0").toString(),
			"--checkpoints", TRAINING.resolve("tf_checkpoints").toString(), "--image", image.toString(), "--method", "saliency", "--out", fromCheckpoints.toString());
		assertEquals(0, checkpoints.status(), checkpoints.err());
		List<String> expected = Files.readAllLines(fromModels.resolve("training.csv")), actual = Files.readAllLines(fromCheckpoints.resolve("training.csv"));
		assertEquals(expected.size(), actual.size(), String.join("\n", actual));
		for (int row = 1; row < expected.size(); row++) {
			assertTrue(actual.get(row).startsWith("ckpt-"), actual.get(row));
			assertEquals(expected.get(row).substring(expected.get(row).indexOf(',')), actual.get(row).substring(actual.get(row).indexOf(',')), "row " + row);
		}
		BadInputTest.Run both = BadInputTest.cli("training", "--models", TRAINING.resolve("savedmodels").toString(), "--checkpoints", TRAINING.resolve("tf_checkpoints").toString(),
			"--image", image.toString(), "--method", "saliency", "--out", temp.toString());
		assertTrue(both.status() != 0 && both.err().contains("--checkpoints"), both.err());
	}

	@Test
	void anUnknownMethodAndUnlabelledImagesAreRefusedByName() {
		BadInputTest.Run method = BadInputTest.cli("training", "--models", TRAINING.resolve("savedmodels").toString(), "--image", "test-images/fashion-0000-ankle-boot.png",
			"--method", "no-such-method", "--out", temp.toString());
		assertTrue(method.status() != 0 && method.err().contains("no-such-method"), method.err());
		BadInputTest.Run unlabelled = BadInputTest.cli("training", "--models", TRAINING.resolve("savedmodels").toString(), "--image", "test-images/fashion-0000-ankle-boot.png",
			"--method", "saliency", "--out", temp.toString());
		assertTrue(unlabelled.status() != 0 && unlabelled.err().contains("no label naming its class"), unlabelled.err());
	}
}
