package ijxai.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import ijxai.engine.ConformanceTest;
import ijxai.engine.FloatBatch;
import ijxai.engine.Fixtures;
import ijxai.engine.Numbers;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.attribution.GradCam;
import ijxai.engine.features.LayerActivations;
import ijxai.engine.lrp.Lrp;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.MethodSettings;

/**
 * Layers inside nested models (models/make_nested_models.py): a base model inside a Sequential, a
 * functional model inside a functional one, two levels, a Keras 3 export and TF1 name scopes.
 * Inner layers are reached by path or by their own name; their Grad-CAM and feature maps equal
 * TensorFlow's (GradientTape on the Keras model, a Keras submodel for the inner layer's output).
 */
class NestedLayersTest extends Fixtures {

	/** Deterministic maps agree with TensorFlow's within this relative L2, as in AttributionReferenceTest. */
	private static final double TOLERANCE = 1e-3;
	private static final String MODELS = "nested_sequential,nested_functional,nested_two_level,nested_keras3,tf1_nested_scopes";

	/** The inner layer the references were made at, as the fixture script wrote its path. */
	private static String referenceLayer(String model) throws IOException {
		return Files.readString(ConformanceTest.MODELS.resolve(model).resolve("reference").resolve("layer.txt")).strip();
	}

	private float[] raw(String model, Explainer method, String layer) throws IOException {
		return referenceMaps(model, method, true, Map.of("layer", layer));
	}

	private static void assertClose(float[] actual, String model, String file) throws IOException {
		assertCloseToReference(actual, model, file, TOLERANCE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "nested_sequential", "nested_functional", "nested_two_level", "nested_keras3", "tf1_nested_scopes" })
	void gradCamAndFeatureMapsAtAnInnerLayerEqualTensorFlows(String model) throws IOException {
		String layer = referenceLayer(model);
		assertClose(raw(model, new GradCam(), layer), model, "gradcam");
		assertClose(raw(model, new LayerActivations(), layer), model, "activations");
		float[] output = model(model).predict(input(model)).outputs();
		assertClose(output, model, "output");
	}

	/** By its own Keras name alone when no other layer has it; Keras 3's scope suffixes ("_1") may be left out. */
	@ParameterizedTest
	@CsvSource({ "nested_sequential,conv_dw_1_relu,mobilenet_tiny/conv_dw_1_relu", "nested_sequential,mobilenet_tiny/conv1,mobilenet_tiny/conv1",
		"nested_functional,conv1_relu,base/conv1_relu", "nested_two_level,block_conv,backbone/block/block_conv",
		"nested_two_level,backbone/block/block_conv,backbone/block/block_conv", "nested_keras3,base_model/conv_dw_1_relu,base_model_1/conv_dw_1_relu_1",
		"nested_keras3,conv_dw_1,base_model_1/conv_dw_1_1", "nested_keras3,base_model_1/conv1_1,base_model_1/conv1_1",
		"tf1_nested_scopes,block1/conv2,features/block1/conv2", "fashion_mnist_cnn,conv2d_1,conv2d_1" })
	void innerLayersAreFoundByPathAndByTheirOwnName(String model, String asked, String path) {
		assertEquals(path, model(model).info().layer(asked).name());
	}

	@Test
	void anAmbiguousNameIsRefusedWithThePathsItCouldMean() {
		String message = assertThrows(XaiException.class, () -> model("tf1_nested_scopes").info().layer("conv1")).getMessage();
		assertTrue(message.contains("2 layers named 'conv1'") && message.contains("features/block1/conv1") && message.contains("features/block2/conv1"), message);
		String unknown = assertThrows(XaiException.class, () -> model("nested_sequential").info().layer("conv9")).getMessage();
		assertTrue(unknown.contains("no layer 'conv9'") && unknown.contains("mobilenet_tiny/out_relu"), unknown);
	}

	/**
	 * Grad-CAM's default, the last spatial layer before pooling or flattening, wherever it is nested;
	 * nested_functional's base has a squeeze-and-excitation block, whose pooled branch is not the end.
	 */
	@ParameterizedTest
	@CsvSource({ "nested_sequential,mobilenet_tiny/out_relu", "nested_functional,head_conv", "nested_two_level,backbone/out_relu",
		"nested_keras3,base_model_1/out_relu_1", "tf1_nested_scopes,features/block2/conv2" })
	void theDefaultLayerIsFoundWhereverItIsNested(String model, String layer) {
		assertEquals(layer, model(model).info().lastSpatialLayer().name());
	}

	/** The nested models are layers too (their output is their last layer's), listed before the layers inside them. */
	@Test
	void theTreeListsNestedModelsBeforeTheirLayers() {
		ModelInfo info = model("nested_two_level").info();
		assertEquals(List.of("backbone", "backbone/block"), info.models().stream().map(ModelInfo.Layer::name).toList());
		assertEquals(List.of("backbone", "backbone/stem", "backbone/block", "backbone/block/block_conv", "backbone/block/block_relu",
			"backbone/out_relu", "flatten", "predictions"), info.tree().stream().map(ModelInfo.Layer::name).toList());
		ModelInfo.Layer block = info.layer("block");
		assertTrue(info.isModel(block));
		assertFalse(info.isModel(info.layer("block_relu")));
		assertEquals(info.layer("block_relu").tensor(), block.tensor(), "a nested model's output is its last layer's");
		assertArrayEquals(new long[] { -1, 16, 16, 8 }, block.shape());
		assertEquals("block_conv", info.layer("block_conv").shortName());
	}

	/**
	 * LRP reaches inner layers: their convolutions take layer rules, and LRP-0's relevance at an inner
	 * layer of a ReLU network is A ⊙ ∂S/∂A (TensorFlow's gradient at that layer).
	 */
	@Test
	void lrpTakesRulesAndGivesRelevanceAtInnerLayers() throws IOException {
		String name = "nested_sequential", layer = "mobilenet_tiny/conv_pw_1";
		LoadedModel model = model(name);
		assertTrue(new Lrp().ruleLayers(model).containsAll(List.of("mobilenet_tiny/conv1", "mobilenet_tiny/conv_dw_1", layer, "predictions")),
			new Lrp().ruleLayers(model).toString());
		FloatBatch input = input(name);
		ExplainOptions options = new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, 7, true,
			new MethodSettings(Map.of("rule", "zero", "relevance-layer", layer, "layer-rule", layer + "=zero"), Map.of()));
		float[] relevance = new Lrp().explain(model, input, options, Progress.NONE).maps().data();
		String tensor = model.info().layer(layer).tensor();
		float[] activations = model.activations(input, tensor).data();
		float[] gradient = model.gradients(input, null, ScoreKind.LOGIT, tensor, null).gradient().data();
		float[] expected = new float[activations.length];
		for (int i = 0; i < expected.length; i++) expected[i] = activations[i] * gradient[i];
		double error = Numbers.relativeL2(relevance, expected);
		assertTrue(error < 1e-4, "LRP-0 at " + layer + " vs A x dS/dA: relative L2 " + error);
	}

	/** A layer rule may name an inner layer by its unique short name: the same map as by its path, and not the map without the rule. */
	@Test
	void lrpLayerRulesTakeShortNames() throws IOException {
		String name = "nested_two_level";
		LoadedModel model = model(name);
		FloatBatch input = input(name);
		java.util.function.Function<String, float[]> lrp = layerRule -> new Lrp().explain(model, input, new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT,
			7, true, new MethodSettings(layerRule == null ? Map.of("rule", "epsilon") : Map.of("rule", "epsilon", "layer-rule", layerRule), Map.of())),
			Progress.NONE).maps().data();
		float[] byPath = lrp.apply("backbone/block/block_conv=flat"), byShortName = lrp.apply("block_conv=flat"), without = lrp.apply(null);
		assertArrayEquals(byPath, byShortName, 0f);
		assertTrue(Numbers.relativeL2(without, byPath) > 1e-3, "the layer rule changes the map");
	}

	/** Inner layers' outputs are real tensors of the model: --output may name one too. */
	@Test
	void anInnerLayerCanBeTheOutput() {
		ModelOptions options = new ModelOptions(null, "conv_pw_1");
		try (LoadedModel model = new SavedModelLoader(options).load(ConformanceTest.MODELS.resolve("nested_sequential"))) {
			assertEquals(model.info().layer("mobilenet_tiny/conv_pw_1").tensor(), model.info().outputTensor());
		}
	}
}
