package ijxai.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ijxai.engine.Explainers;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodParameter.Kind;
import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.ModelOptions;
import ijxai.image.ModelChoices;

/** The class and layer lists the dialogs offer, read from a model, and the Help text. */
class ModelFieldsTest {

	private static final String FASHION = "models/fashion_mnist_cnn";
	private static ModelInfo fashion;

	@BeforeAll
	static void read() {
		fashion = ModelChoices.read(FASHION, ModelOptions.DEFAULTS);
		assertNotNull(fashion, FASHION + " reads");
	}

	@Test
	void targetsArePredictedThenTheClassNamesInOrder() {
		List<String> items = ModelChoices.classes(fashion);
		assertEquals(11, items.size());
		assertEquals("predicted", items.get(0));
		assertEquals("T-shirt/top", items.get(1));
		assertEquals("Trouser", items.get(2));
		assertEquals("Ankle boot", items.get(10));
		assertEquals(List.of("predicted"), ModelChoices.classes(null));
	}

	@Test
	void layersAreDefaultThenSpatialLayersThenTheOthersEachInGraphOrder() {
		List<String> items = ModelChoices.layers(fashion);
		assertEquals("default", items.get(0));
		List<String> spatial = new ArrayList<>(), others = new ArrayList<>();
		for (ModelInfo.Layer layer : fashion.layers()) (ModelInfo.isSpatial(layer) ? spatial : others).add(layer.name());
		assertFalse(spatial.isEmpty());
		assertFalse(others.isEmpty());
		List<String> expected = new ArrayList<>(List.of("default"));
		expected.addAll(spatial);
		expected.addAll(others);
		assertEquals(expected, items);
		assertTrue(spatial.contains(fashion.lastSpatialLayer().name()));
		// a layer that is not spatial before spatial ones (fashion's are already in that order), and a 1x1 map that is not spatial
		ModelInfo mixed = new ModelInfo("mixed", "serving_default", "x", "x:0", new long[] { -1, 16 }, "y", "y:0", new long[] { -1, 2 }, "none", "y:0",
			List.of(layer("embed", -1, 64), layer("conv", -1, 8, 8, 4), layer("pooled", -1, 1, 1, 4), layer("conv_1", -1, 4, 4, 4), layer("logits", -1, 2)),
			List.of("a", "b"), List.of());
		assertEquals(List.of("default", "conv", "conv_1", "embed", "pooled", "logits"), ModelChoices.layers(mixed));
		assertEquals(List.of("default"), ModelChoices.layers(null));
	}

	@Test
	void aFolderThatDoesNotLoadGivesNoModelAndNoException() {
		assertNull(ModelChoices.read("", ModelOptions.DEFAULTS));
		assertNull(ModelChoices.read("models/no_such_model", ModelOptions.DEFAULTS));
		assertNull(ModelChoices.read(FASHION + "/saved_model.pb", ModelOptions.DEFAULTS), "a file, not a folder");
		assertNull(ModelChoices.read("models", ModelOptions.DEFAULTS), "a folder without saved_model.pb");
		assertNull(ModelChoices.read("models/untrusted/reads_file", ModelOptions.DEFAULTS), "refused untrusted");
		assertNotNull(ModelChoices.read("models/untrusted/reads_file", ModelOptions.DEFAULTS.withTrusted(true)), "trusted");
	}

	@Test
	void layerAndClassOptionsAreDeclaredAsSuchSoTheDialogsOfferTheModelsLayersAndClasses() {
		assertEquals(Kind.LAYER, parameter("gradcam", "layer").kind());
		assertEquals(Kind.LAYER, parameter("activations", "layer").kind());
		assertEquals(Kind.LAYER, parameter("deepdream", "layer").kind());
		assertEquals(Kind.LAYER, parameter("lrp", "relevance-layer").kind());
		assertNotEquals(Kind.LAYER, parameter("lrp", "rule").kind());
		assertEquals(Kind.LAYER_RULES, parameter("lrp", "layer-rule").kind(), "rules by layer are a table, not one layer");
		assertEquals(Kind.TEXT, parameter("caricature", "layers").kind(), "several layers stay text");
		assertEquals(Kind.CLASS, parameter("fgsm", "label").kind());
		assertEquals(Kind.NUMBER, parameter("fgsm", "epsilon").kind());
	}

	/** A method option that takes one Keras layer name and is not offered as a choice would be missed here. */
	@Test
	void everyOptionTakingOneLayerNameIsAChoice() {
		for (Explainer method : Explainers.all()) {
			for (MethodParameter p : method.parameters()) {
				boolean oneLayer = p.help().toLowerCase().contains("keras layer name")
					&& !p.help().toLowerCase().contains("names");
				assertEquals(oneLayer, p.kind() == Kind.LAYER, method.name() + " " + p.name() + ": " + p.help());
			}
		}
	}

	@Test
	void theHelpHasALineForEveryFieldOfEveryMethod() {
		List<String> common = List.of("model", "target", "score", "normalize", "batch", "resize", "raw", "device", "threads", "overlay", "memory",
			"signature", "output", "trustmodel");
		for (Explainer method : Explainers.all()) {
			String help = ExplainPlugin.help(method);
			for (String key : common) assertTrue(help.contains("<br>" + key + ": ") || help.startsWith("<html>" + key + ": "), method.name() + " help lacks " + key);
			for (MethodParameter p : method.parameters()) {
				assertTrue(help.contains("<br>" + p.name().replace("-", "") + ": <i>" + p.label() + "</i>: " + p.help()), method.name() + " help lacks " + p.name());
			}
		}
	}

	private static ModelInfo.Layer layer(String name, long... shape) {
		return new ModelInfo.Layer(name, "Op", name + ":0", shape);
	}

	private static MethodParameter parameter(String method, String name) {
		return Explainers.byName(method).parameters().stream().filter(p -> p.name().equals(name)).findFirst()
			.orElseThrow(() -> new AssertionError(method + " has no option " + name));
	}
}
