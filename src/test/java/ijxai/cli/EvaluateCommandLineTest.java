package ijxai.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate} writes the files and columns the issue names, for the methods asked for and the random baseline. */
class EvaluateCommandLineTest {

	@TempDir
	Path temp;

	@Test
	void evaluationCsvHasOneRowPerMethodAndMetric() throws IOException {
		BadInputTest.Run run = BadInputTest.cli("evaluate", "--model", "models/fashion_mnist_cnn", "--image", "test-images", "--out", temp.toString(),
			"--methods", "saliency,gradxinput", "--steps", "10", "--correlation-runs", "10", "--sensitivity-samples", "2", "--infidelity-samples", "2");
		assertEquals(0, run.status(), run.err());
		List<String> lines = Files.readAllLines(temp.resolve("evaluation.csv"));
		assertEquals("method,metric,mean,sem,n", lines.get(0));
		List<String> expected = new ArrayList<>();
		for (String method : List.of("saliency", "gradxinput", "random")) {
			for (String metric : List.of("deletion-aopc", "deletion-auc", "insertion-aopc", "insertion-auc", "faithfulness-correlation", "max-sensitivity",
				"infidelity")) expected.add(method + "," + metric);
		}
		List<String> rows = lines.subList(1, lines.size());
		assertEquals(expected, rows.stream().map(row -> row.substring(0, row.indexOf(',', row.indexOf(',') + 1))).toList());
		// the six test images, each counted once
		for (String row : rows) assertTrue(row.endsWith(",6"), row);
		for (String file : List.of("curves.csv", "evaluation_images.csv", "curves.png")) assertTrue(Files.size(temp.resolve(file)) > 0, file);
		assertTrue(run.out().contains(rows.get(0)), run.out());
	}
}
