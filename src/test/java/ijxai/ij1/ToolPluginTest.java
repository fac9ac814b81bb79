package ijxai.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ijxai.engine.DatasetTools;
import ijxai.engine.method.DatasetTool;

/** The dataset tools' dialogs keep the macro keys the hand-written plugins had, so that existing macros keep working. */
class ToolPluginTest {

	/** The keys of the plugins before the dialogs were rendered from the tools (ImageJ 1.x macros use them). */
	private static final Map<String, List<String>> KEYS_BEFORE = Map.of(
		"sweep", List.of("model", "trustmodel", "images", "labels", "normalize", "resize", "batch", "epsilons", "attacks", "output"),
		"universal", List.of("model", "trustmodel", "normalize", "resize", "epsilon", "norm", "fooling", "passes", "heldout", "seed", "batch"),
		"features", List.of("model", "normalize", "layer", "query", "k", "signature", "output", "trustmodel"),
		"filters", List.of("model"),
		"evaluate", List.of("model", "normalize", "batch", "methods", "metrics", "steps", "patch", "fill", "prediction", "seed"),
		"sanity", List.of("model", "normalize", "batch", "methods", "mode", "seed"));

	@Test
	void everyToolsDialogHasTheKeysItsPluginHad() {
		assertTrue(DatasetTools.all().stream().map(DatasetTool::name).toList().containsAll(KEYS_BEFORE.keySet()));
		for (DatasetTool<?> tool : DatasetTools.all()) {
			List<String> keys = keys(ToolPlugin.help(tool));
			assertTrue(keys.containsAll(KEYS_BEFORE.getOrDefault(tool.name(), List.of())), tool.name() + ": " + keys);
			assertEquals(keys.size(), keys.stream().distinct().count(), tool.name() + ": every key once: " + keys);
		}
	}

	@Test
	void theRobustnessCurvesOutputIsTheCsvFolderAndTheSignaturesOutputHasAKeyOfItsOwn() {
		String help = ToolPlugin.help(DatasetTools.byName("sweep"));
		assertTrue(help.contains("<br>output: (optional) the folder robustness.csv is written to."), help);
		assertTrue(help.contains("<br>modeloutput: <i>Output, tensor or layer</i>: "), help);
		assertTrue(ToolPlugin.help(DatasetTools.byName("features")).contains("<br>output: <i>Output, tensor or layer</i>: "));
	}

	@Test
	void toolsThatReadImagesTakeTheInputOptionsAndTheFiltersOnlyTheModelOnes() {
		assertEquals(List.of("model", "signature", "output", "trustmodel", "device", "threads"), keys(ToolPlugin.help(DatasetTools.byName("filters"))));
		assertEquals(List.of("model", "images", "normalize", "resize", "batch", "memory", "signature", "output", "trustmodel", "device", "threads", "layer", "query", "k", "tsne",
			"perplexity", "tsneiterations", "seed"),
			keys(ToolPlugin.help(DatasetTools.byName("features"))));
	}

	/** The key of every Help line, in order: the text before its first ": ". */
	private static List<String> keys(String help) {
		return java.util.Arrays.stream(help.replaceFirst("^<html>", "").split("<br>")).map(line -> line.substring(0, line.indexOf(": "))).toList();
	}
}
