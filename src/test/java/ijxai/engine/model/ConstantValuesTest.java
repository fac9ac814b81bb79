package ijxai.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tensorflow.GraphOperation;

import ijxai.engine.Fixtures;
import ijxai.engine.FloatBatch;
import ijxai.engine.XaiException;

/** A copy of a model with other weights computes with them; the original keeps its own. */
class ConstantValuesTest extends Fixtures {

	@Test
	void aCopyWithAnotherOutputBiasShiftsTheLogitsByIt() throws IOException {
		LoadedModel model = model("fashion_mnist_cnn");
		GraphOperation bias = outputBias(model);
		LoadedModel.Constant original = model.constant(bias.output(0));
		float[] shifted = original.values().clone();
		for (int k = 0; k < shifted.length; k++) shifted[k] += k;
		FloatBatch input = input("fashion_mnist_cnn");
		float[] before = model.predict(input).logits();
		try (LoadedModel copy = model.withConstants(Map.of(bias.name(), shifted))) {
			float[] after = copy.predict(input).logits();
			int classes = shifted.length;
			for (int i = 0; i < after.length; i++) assertEquals(before[i] + i % classes, after[i], 1e-4f, "logit " + i);
			assertArrayEquals(shifted, copy.constant(copy.operations().stream().filter(op -> op.name().equals(bias.name())).findFirst().orElseThrow().output(0)).values());
		}
		assertArrayEquals(before, model.predict(input).logits(), "the original model keeps its weights");
		assertArrayEquals(original.values(), model.constant(bias.output(0)).values());
	}

	@Test
	void unknownNamesOtherOpsAndWrongSizesAreRefusedByName() {
		LoadedModel model = model("fashion_mnist_cnn");
		GraphOperation bias = outputBias(model);
		String unknown = assertThrows(XaiException.class, () -> model.withConstants(Map.of("no_such_node", new float[1]))).getMessage();
		assertTrue(unknown.contains("no_such_node") && unknown.contains("fashion_mnist_cnn"), unknown);
		String notConstant = assertThrows(XaiException.class, () -> model.withConstants(Map.of(model.inputOperation().name(), new float[1]))).getMessage();
		assertTrue(notConstant.contains("not a float constant"), notConstant);
		String size = assertThrows(XaiException.class, () -> model.withConstants(Map.of(bias.name(), new float[3]))).getMessage();
		assertTrue(size.contains("holds 10 values, not 3"), size);
	}

	/** The constant the logits' bias is added from, through the identities that freezing leaves. */
	private static GraphOperation outputBias(LoadedModel model) {
		GraphOperation op = (GraphOperation) model.logitsTensor().op();
		while (!op.type().equals("BiasAdd")) op = (GraphOperation) op.input(0).op();
		GraphOperation bias = (GraphOperation) op.input(1).op();
		while (!bias.type().equals("Const")) bias = (GraphOperation) bias.input(0).op();
		return bias;
	}
}
