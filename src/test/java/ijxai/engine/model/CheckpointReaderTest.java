package ijxai.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tensorflow.GraphOperation;

import ijxai.engine.ConformanceTest;
import ijxai.engine.Fixtures;
import ijxai.engine.XaiException;

/** Checkpoint tensors as TensorFlow restores them; a tensor of another shape or a missing key refused with the file named. */
class CheckpointReaderTest extends Fixtures {

	private static final Path TRAINING = ConformanceTest.MODELS.resolve("training_cnn");
	private static final Path KERAS_EPOCH_1 = TRAINING.resolve("keras_weights").resolve("cp-0001.ckpt");
	private static final Path SAVED_STEP_30 = TRAINING.resolve("savedmodels").resolve("step-30");
	private static final String OUTPUT_KERNEL = "layer_with_weights-2/kernel/.ATTRIBUTES/VARIABLE_VALUE";
	private static final String OUTPUT_BIAS = "layer_with_weights-2/bias/.ATTRIBUTES/VARIABLE_VALUE";

	@Test
	void kerasWeightsOfTheFirstEpochEqualTheFrozenWeightsOfItsSavedModel() {
		// epoch 1 ends at step 30: the Keras ModelCheckpoint file and the SavedModel hold the same weights
		Map<String, long[]> shapes = new LinkedHashMap<>();
		shapes.put(OUTPUT_KERNEL, new long[] {200, 10});
		shapes.put(OUTPUT_BIAS, new long[] {10});
		Map<String, float[]> keras = CheckpointReader.read(KERAS_EPOCH_1, shapes);
		LoadedModel model = model("training_cnn/savedmodels/step-30");
		assertArrayEquals(frozen(model, 200 * 10), keras.get(OUTPUT_KERNEL), "the output kernel as SavedModelLoader froze it");
		assertArrayEquals(frozen(model, 10), keras.get(OUTPUT_BIAS), "the output bias as SavedModelLoader froze it");
		Map<String, float[]> variables = CheckpointReader.read(SAVED_STEP_30.resolve("variables").resolve("variables"),
			Map.of("weights/4/.ATTRIBUTES/VARIABLE_VALUE", new long[] {200, 10}));
		assertArrayEquals(keras.get(OUTPUT_KERNEL), variables.get("weights/4/.ATTRIBUTES/VARIABLE_VALUE"), "the SavedModel's own variables file");
	}

	@Test
	void aTensorOfAnotherShapeIsRefusedBeforeItIsRead() {
		XaiException refused = assertThrows(XaiException.class, () -> CheckpointReader.read(KERAS_EPOCH_1, Map.of(OUTPUT_KERNEL, new long[] {100, 10})));
		assertTrue(refused.getMessage().contains("cp-0001.ckpt"), refused.getMessage());
		assertTrue(refused.getMessage().contains("200,10") || refused.getMessage().contains("200 10") || refused.getMessage().contains("[200"), refused.getMessage());
	}

	@Test
	void aMissingKeyOrFileIsNamed() {
		XaiException missingKey = assertThrows(XaiException.class, () -> CheckpointReader.read(KERAS_EPOCH_1, Map.of("dense/kernel", new long[] {200, 10})));
		assertTrue(missingKey.getMessage().contains("dense/kernel") && missingKey.getMessage().contains("cp-0001.ckpt"), missingKey.getMessage());
		XaiException missingFile = assertThrows(XaiException.class, () -> CheckpointReader.read(TRAINING.resolve("cp-9999.ckpt"), Map.of(OUTPUT_BIAS, new long[] {10})));
		assertTrue(missingFile.getMessage().contains("cp-9999.ckpt.index"), missingFile.getMessage());
	}

	@Test
	void aSliceSpecGivesTheFullShapeAndTheWholeSlice() {
		assertEquals("3 3 1 4 -:-:-:-", CheckpointReader.sliceSpec(new long[] {3, 3, 1, 4}));
		assertEquals("", CheckpointReader.sliceSpec(new long[0]));
	}

	/** The model's only float constant with {@code size} values (the small CNN's layers all differ in size). */
	private static float[] frozen(LoadedModel model, int size) {
		GraphOperation constant = model.operations().stream()
			.filter(op -> op.type().equals("Const") && op.numOutputs() == 1 && op.output(0).shape().size() == size
				&& op.output(0).dataType() == org.tensorflow.proto.DataType.DT_FLOAT)
			.reduce((first, second) -> { throw new AssertionError("two float constants of " + size + " values"); })
			.orElseThrow(() -> new AssertionError("no float constant of " + size + " values"));
		return model.constant(constant.output(0)).values();
	}
}
