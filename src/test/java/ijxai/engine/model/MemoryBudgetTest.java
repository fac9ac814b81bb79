package ijxai.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import ijxai.engine.Fixtures;
import ijxai.engine.FloatBatch;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.attribution.SmoothGrad;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.MethodSettings;

/** Batches sized from the memory budget give the same maps; what does not fit is refused with the estimate. */
class MemoryBudgetTest extends Fixtures {

	@Test
	void theEstimateCountsTheInputAndEveryLayerThreeTimes() {
		ModelInfo info = model("fashion_mnist_cnn").info();
		long values = 28 * 28;
		for (ModelInfo.Layer layer : info.layers()) {
			long size = 1;
			for (int axis = 1; axis < layer.shape().length; axis++) size *= layer.shape()[axis];
			values += size;
		}
		assertEquals(values * 4 * 3, MemoryBudget.bytesPerSample(info, 28, 28, 1));
	}

	@Test
	void batchesShrinkToTheBudgetAndGiveTheSameMaps() throws IOException {
		LoadedModel model = model("fashion_mnist_cnn");
		long perSample = MemoryBudget.bytesPerSample(model.info(), 28, 28, 1);
		MemoryBudget twoSamples = new MemoryBudget(Math.max(1 << 20, 2 * perSample));
		int batch = twoSamples.batchSize(model.info(), 28, 28, 1, 32);
		assertEquals((int) Math.min(32, twoSamples.bytes() / perSample), batch);
		assertTrue(batch < 32, "a budget of " + twoSamples + " holds fewer than 32 samples of " + perSample + " bytes");
		FloatBatch input = input("fashion_mnist_cnn");
		ExplainOptions options = new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, 32, true, new MethodSettings(java.util.Map.of("samples", "8"), java.util.Map.of()));
		Explanation whole = new SmoothGrad().explain(model, input, options, Progress.NONE);
		Explanation budgeted = new SmoothGrad().explain(model, input, options.withBatchSize(batch), Progress.NONE);
		assertArrayEquals(whole.maps().data(), budgeted.maps().data(), 1e-6f);
	}

	@Test
	void aSampleLargerThanTheBudgetIsRefusedWithTheEstimate() {
		ModelInfo info = model("rgb_dynamic").info();
		MemoryBudget budget = MemoryBudget.megabytes(64);
		long estimate = MemoryBudget.bytesPerSample(info, 2000, 2000, 3) >> 20;
		String message = assertThrows(XaiException.class, () -> budget.batchSize(info, 2000, 2000, 3, 32)).getMessage();
		assertTrue(message.contains("about " + (estimate + 1) + " MB") && message.contains("budget of 64 MB") && message.contains("rgb_dynamic"), message);
		assertThrows(XaiException.class, () -> budget.checkImage("image 'huge.tif'", 17L << 20));
	}
}
