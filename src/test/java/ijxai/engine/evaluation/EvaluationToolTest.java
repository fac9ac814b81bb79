package ijxai.engine.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ijxai.engine.ConformanceTest;
import ijxai.engine.DatasetTools;
import ijxai.engine.Fixtures;
import ijxai.engine.FloatBatch;
import ijxai.engine.ImageSpace;
import ijxai.engine.Npy;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.method.DatasetTool;
import ijxai.engine.method.ImageSet;
import ijxai.image.EvaluationResults;

/** The "evaluate" tool end to end on 16 Fashion-MNIST test images: every explanation beats the random baseline; the files it writes. */
class EvaluationToolTest extends Fixtures {

	private static final String MODEL = "fashion_mnist_cnn";

	private static ImageSet images() throws IOException {
		FloatBatch images = Npy.read(ConformanceTest.MODELS.resolve(MODEL).resolve("reference/evaluation/images.npy")).asBatch();
		return new ImageSet(images, null, ImageSpace.identity(images.count()));
	}

	@SuppressWarnings("unchecked")
	private Evaluation.Result run(Map<String, String> given) throws IOException {
		DatasetTool<Evaluation.Result> tool = (DatasetTool<Evaluation.Result>) DatasetTools.byName("evaluate");
		return tool.run(model(MODEL), images(), tool.settings(given), 64, Progress.NONE);
	}

	private static double mean(Evaluation.Result result, String method, String metric) {
		return result.methods().stream().filter(m -> m.method().equals(method)).findFirst().orElseThrow().summary(metric).mean();
	}

	/** Saliency, gradient × input and Integrated Gradients all delete the score faster and restore it faster than random maps do. */
	@Test
	void everyExplanationBeatsTheRandomBaseline() throws IOException {
		Evaluation.Result result = run(Map.of("methods", "saliency,gradxinput,integrated-gradients", "metrics", "deletion,insertion,faithfulness-correlation",
			"steps", "49", "patch", "4"));
		assertEquals(List.of("saliency", "gradxinput", "integrated-gradients", "random"), result.methods().stream().map(Evaluation.MethodResult::method).toList());
		for (String method : List.of("saliency", "gradxinput", "integrated-gradients")) {
			for (String metric : List.of(Evaluation.DELETION_AOPC, Evaluation.INSERTION_AOPC, Evaluation.FAITHFULNESS_CORRELATION)) {
				assertTrue(mean(result, method, metric) > mean(result, Evaluation.RANDOM, metric),
					method + " " + metric + " " + mean(result, method, metric) + " vs random " + mean(result, Evaluation.RANDOM, metric));
			}
			assertTrue(mean(result, method, Evaluation.DELETION_AUC) < mean(result, Evaluation.RANDOM, Evaluation.DELETION_AUC), method + " deletion AUC");
			assertTrue(mean(result, method, Evaluation.INSERTION_AUC) > mean(result, Evaluation.RANDOM, Evaluation.INSERTION_AUC), method + " insertion AUC");
		}
		Evaluation.MethodResult saliency = result.methods().get(0);
		assertEquals(50, saliency.meanDeletion().length);
		assertEquals(16, saliency.summary(Evaluation.DELETION_AOPC).n());
	}

	/** evaluation.csv has exactly the columns method,metric,mean,sem,n and a row per method (with random) and metric; the default metrics all run. */
	@Test
	void theCsvListsEveryMethodAndMetric(@TempDir Path folder) throws IOException {
		Evaluation.Result result = run(Map.of("methods", "saliency", "steps", "7", "patch", "7", "correlation-runs", "10", "sensitivity-samples", "2",
			"infidelity-samples", "3"));
		List<String> lines = EvaluationResults.csv(result).lines().toList();
		assertEquals("method,metric,mean,sem,n", lines.get(0));
		List<String> metrics = List.of("deletion-aopc", "deletion-auc", "insertion-aopc", "insertion-auc", "faithfulness-correlation", "max-sensitivity", "infidelity");
		assertEquals(metrics, result.metrics());
		assertEquals(1 + 2 * metrics.size(), lines.size());
		assertTrue(lines.get(1).startsWith("saliency,deletion-aopc,"), lines.get(1));
		assertTrue(lines.get(lines.size() - 1).startsWith("random,infidelity,"), lines.get(lines.size() - 1));
		assertTrue(lines.get(1).endsWith(",16"), lines.get(1));
		// 16 patches of 7x7 in 7 steps: 3 a step, so 6 steps and 7 points per curve
		assertEquals(1 + 2 * 2 * 7, EvaluationResults.curvesCsv(result).lines().count());
		EvaluationResults.write(result, folder);
		assertEquals(EvaluationResults.csv(result), Files.readString(folder.resolve("evaluation.csv")));
		assertEquals(1 + 2 * 7 * 16, Files.readAllLines(folder.resolve(EvaluationResults.VALUES_CSV)).size());
		assertTrue(Files.size(folder.resolve(EvaluationResults.PLOT_PNG)) > 0);
		assertEquals(16, EvaluationResults.imageTable(result).size());
	}

	/** 20 images are measured in two blocks; the first 16 get the values they get on their own (curves have no randomness). */
	@Test
	@SuppressWarnings("unchecked")
	void blocksOfImagesJoinInOrder() throws IOException {
		FloatBatch sixteen = images().images(), four = input(MODEL), twenty = FloatBatch.zeros(20, 28, 28, 1);
		twenty.put(0, sixteen);
		twenty.put(16, four);
		DatasetTool<Evaluation.Result> tool = (DatasetTool<Evaluation.Result>) DatasetTools.byName("evaluate");
		Map<String, String> given = Map.of("methods", "saliency", "metrics", "deletion,insertion", "steps", "16", "patch", "7");
		Evaluation.Result all = tool.run(model(MODEL), new ImageSet(twenty, null, ImageSpace.identity(20)), tool.settings(given), 64, Progress.NONE);
		Evaluation.Result first = run(given);
		assertEquals(20, all.methods().get(0).values().get(Evaluation.DELETION_AOPC).length);
		for (int m = 0; m < 2; m++) {
			for (String metric : first.metrics()) {
				double[] alone = first.methods().get(m).values().get(metric), together = all.methods().get(m).values().get(metric);
				for (int n = 0; n < 16; n++) assertEquals(alone[n], together[n], 1e-6, all.methods().get(m).method() + " " + metric + " image " + n);
			}
			assertEquals(20, all.methods().get(m).deletion().length);
			assertEquals(first.methods().get(m).deletion()[15][3], all.methods().get(m).deletion()[15][3], 1e-6);
		}
	}

	/** Cancelling stops the run at the next chunk of samples, even inside a metric. */
	@Test
	@SuppressWarnings("unchecked")
	void cancellingStopsBetweenChunks() throws IOException {
		int[] reports = { 0 };
		Progress cancelLater = new Progress() {
			@Override public void report(int done, int total, String what) { if (what.contains("deletion")) reports[0]++; }

			@Override public boolean isCanceled() { return reports[0] >= 2; }
		};
		DatasetTool<Evaluation.Result> tool = (DatasetTool<Evaluation.Result>) DatasetTools.byName("evaluate");
		assertThrows(CancellationException.class, () -> tool.run(model(MODEL), images(), tool.settings(Map.of("methods", "saliency", "metrics", "deletion")), 8,
			cancelLater));
		assertEquals(2, reports[0], "stopped at the second chunk of the curves");
	}

	@Test
	void badOptionsAreRefusedByName() {
		XaiException metric = assertThrows(XaiException.class, () -> run(Map.of("metrics", "deletion,roar")));
		assertTrue(metric.getMessage().contains("'roar'"), metric.getMessage());
		XaiException method = assertThrows(XaiException.class, () -> run(Map.of("methods", "fgsm", "metrics", "deletion")));
		assertTrue(method.getMessage().contains("fgsm"), method.getMessage());
		XaiException unknown = assertThrows(XaiException.class, () -> run(Map.of("methods", "nope")));
		assertTrue(unknown.getMessage().contains("unknown method 'nope'"), unknown.getMessage());
	}
}
