package ijxai.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;

import ijxai.engine.ConformanceTest;
import ijxai.engine.FloatBatch;
import ijxai.engine.HeldModels;
import ijxai.engine.XaiException;

/**
 * Crafted SavedModels (models/make_untrusted_models.py) that read or write files, list folders,
 * run Python or feed a data pipeline are refused by op and layer before anything runs; every
 * fixture in models/ passes; trusting a model is recorded in its notes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpAllowlistTest {

	static final Path UNTRUSTED = Path.of("models/untrusted");
	/** What the crafted models would write (models/make_untrusted_models.py). */
	private static final Path WRITTEN = Path.of("/tmp/ij-xai-untrusted-model-wrote-this");

	private final HeldModels cache = new HeldModels();

	@AfterAll
	void closeModels() {
		cache.close();
	}

	static Stream<String> fixtures() throws IOException {
		try (Stream<Path> dirs = Files.list(ConformanceTest.MODELS)) {
			return dirs.filter(d -> Files.isRegularFile(d.resolve("saved_model.pb"))).map(d -> d.getFileName().toString()).sorted().toList().stream();
		}
	}

	@ParameterizedTest
	@MethodSource("fixtures")
	void everySignatureOfEveryFixtureIsPureComputation(String name) {
		Path folder = ConformanceTest.MODELS.resolve(name);
		MetaGraphDef metaGraph = SavedModelLoader.readMetaGraph(folder);
		for (SignatureDef signature : metaGraph.getSignatureDefMap().values()) {
			List<String> tensors = new ArrayList<>();
			Stream.concat(signature.getInputsMap().values().stream(), signature.getOutputsMap().values().stream()).forEach(t -> tensors.add(t.getName()));
			List<String> notes = new ArrayList<>();
			OpAllowlist.check(folder, metaGraph, tensors, false, notes);
			assertEquals(List.of(), notes);
		}
	}

	@ParameterizedTest
	@CsvSource({
		"reads_file, ReadFile, side_effect",
		"lists_files, MatchingFiles, side_effect",
		"writes_file, WriteFile, side_effect",
		"prints_to_file, PrintV2, side_effect",
		"runs_python, EagerPyFunc, side_effect",
		"dataset, TensorDataset, side_effect",
		"init_writes_file, WriteFile, (top level)",
	})
	void craftedModelsAreRefusedByOpAndLayer(String name, String op, String layer) throws IOException {
		Files.deleteIfExists(WRITTEN);
		XaiException refusal = assertThrows(XaiException.class, () -> cache.get(UNTRUSTED.resolve(name), ModelOptions.DEFAULTS));
		String message = refusal.getMessage();
		assertTrue(message.contains(op + " in layer '" + layer + "'"), message);
		assertTrue(message.contains(UNTRUSTED.resolve(name).toAbsolutePath().toString()), message);
		assertTrue(message.contains("--trust-model"), message);
		assertFalse(message.contains("\n"), "one line: " + message);
		assertFalse(Files.exists(WRITTEN), "nothing ran before the refusal");
	}

	@Test
	void theLoadingStageIsNamed() {
		String message = assertThrows(XaiException.class, () -> cache.get(UNTRUSTED.resolve("init_writes_file"), ModelOptions.DEFAULTS)).getMessage();
		assertTrue(message.contains("while loading"), message);
	}

	@Test
	void aTrustedModelRunsAndTheTrustIsRecorded() {
		LoadedModel model = cache.get(UNTRUSTED.resolve("reads_file"), ModelOptions.DEFAULTS.withTrusted(true));
		String note = model.info().notes().stream().filter(n -> n.startsWith(OpAllowlist.TRUSTED_NOTE)).findFirst().orElseThrow();
		assertTrue(note.contains("ReadFile in layer 'side_effect'"), note);
		LoadedModel.Pass pass = model.predict(FloatBatch.zeros(2, 28, 28, 1));
		// a zero image through a linear layer without bias: all logits 0, uniform probabilities
		for (float p : pass.outputs()) assertEquals(0.1f, p, 1e-6f);
	}
}
