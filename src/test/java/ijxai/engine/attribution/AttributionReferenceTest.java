package ijxai.engine.attribution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import ijxai.engine.Filters;
import ijxai.engine.Fixtures;
import ijxai.engine.FloatBatch;
import ijxai.engine.Npy;
import ijxai.engine.Numbers;
import ijxai.engine.features.LayerActivations;
import ijxai.engine.graph.BackwardRules;
import ijxai.engine.method.Explainer;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ScoreKind;

/**
 * Every attribution method against independent references computed by TensorFlow for Python
 * from the same SavedModels (models/make_references.py: frozen graph, tf.gradients, gradient
 * overrides for guided backprop and deconvnet, tf-explain-checked Grad-CAM, Java-identical
 * SmoothGrad noise). Deterministic methods must agree within 1e-3 relative L2.
 */
class AttributionReferenceTest extends Fixtures {

	private static final double TOLERANCE = 1e-3;

	/** The raw maps of a method with these options, explained for the reference targets. */
	private float[] raw(String model, Explainer method, Map<String, String> settings) throws IOException {
		return referenceMaps(model, method, true, settings);
	}

	private static void assertClose(float[] actual, String model, String file) throws IOException {
		assertCloseToReference(actual, model, file, TOLERANCE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "fashion_mnist_cnn", "resnet_small", "mobilenetv2_small" })
	void guidedBackpropEqualsTensorFlowWithGuidedReluGradients(String model) throws IOException {
		assertClose(raw(model, ModifiedBackprop.GUIDED, Map.of()), model, "guided");
	}

	@ParameterizedTest
	@ValueSource(strings = { "fashion_mnist_cnn", "resnet_small", "mobilenetv2_small" })
	void deconvnetEqualsTensorFlowWithDeconvReluGradients(String model) throws IOException {
		assertClose(raw(model, ModifiedBackprop.DECONVNET, Map.of()), model, "deconvnet");
	}

	/** With no rule overridden, the op-by-op backward pass is TensorFlow's gradient, residual adds included. */
	@ParameterizedTest
	@ValueSource(strings = { "fashion_mnist_cnn", "resnet_small", "mobilenetv2_small", "tf1_cond_if", "unet_small" })
	void backwardPassWithDefaultRulesEqualsTensorFlowsGradient(String model) throws IOException {
		BackwardRules none = new BackwardRules("tensorflow", Map.of(), Map.of());
		LoadedModel loaded = model(model);
		FloatBatch input = input(model);
		float[] byRules = loaded.gradients(input, null, ScoreKind.LOGIT, null, none).gradient().data();
		float[] tensorflow = loaded.gradients(input, null, ScoreKind.LOGIT, null, null).gradient().data();
		double error = Numbers.relativeL2(byRules, tensorflow);
		assertTrue(error < 1e-5, model + ": rule-based backward pass vs addGradients " + error);
	}

	@ParameterizedTest
	@CsvSource({ "fashion_mnist_cnn,riemann,64,ig_zero_riemann64", "fashion_mnist_cnn,gauss-legendre,16,ig_zero_gausslegendre16",
		"resnet_small,riemann,64,ig_zero_riemann64", "mobilenetv2_small,gauss-legendre,16,ig_zero_gausslegendre16" })
	void integratedGradientsEqualTheReference(String model, String integration, String steps, String file) throws IOException {
		assertClose(raw(model, new IntegratedGradients(), Map.of("baseline", "zero", "integration", integration, "steps", steps)), model, file);
	}

	@ParameterizedTest
	@CsvSource({ "fashion_mnist_cnn,smoothgrad,smoothgrad", "fashion_mnist_cnn,squared,smoothgrad_squared", "fashion_mnist_cnn,vargrad,vargrad",
		"resnet_small,smoothgrad,smoothgrad", "mobilenetv2_small,vargrad,vargrad" })
	void smoothGradWithTheSameNoiseEqualsTheReference(String model, String variant, String file) throws IOException {
		assertClose(raw(model, new SmoothGrad(), Map.of("variant", variant, "samples", "8", "noise", "0.15", "seed", "42")), model, file);
	}

	@ParameterizedTest
	@CsvSource({ "fashion_mnist_cnn,conv2d_3", "fashion_mnist_cnn,dropout", "resnet_small,block1_out", "mobilenetv2_small,out_relu" })
	void gradCamAtTheLayersResolutionEqualsTheReference(String model, String layer) throws IOException {
		assertClose(raw(model, new GradCam(), Map.of("layer", layer)), model, "gradcam_" + layer);
		assertClose(raw(model, new GradCamPlusPlus(), Map.of("layer", layer)), model, "gradcampp_" + layer);
		assertClose(raw(model, new LayerActivations(), Map.of("layer", layer)), model, "activations_" + layer);
	}

	/** The default layer is the last spatial one before flattening, as tf-explain picks it. */
	@org.junit.jupiter.api.Test
	void gradCamDefaultLayerIsTheLastSpatialLayer() throws IOException {
		assertClose(raw("fashion_mnist_cnn", new GradCam(), Map.of()), "fashion_mnist_cnn", "gradcam_dropout");
		assertTrue(model("resnet_small").info().lastSpatialLayer().name().equals("block1_out"));
		assertTrue(model("mobilenetv2_small").info().lastSpatialLayer().name().equals("out_relu"));
	}

	/** Guided Grad-CAM is guided backprop times the Grad-CAM map upsampled to the input. */
	@org.junit.jupiter.api.Test
	void guidedGradCamIsGuidedBackpropTimesUpsampledGradCam() throws IOException {
		String model = "fashion_mnist_cnn";
		float[] guided = reference(model, "guided").values;
		Npy cam = reference(model, "gradcam_conv2d_3");
		FloatBatch upsampled = Filters.resizeBilinear(new FloatBatch((int) cam.shape[0], (int) cam.shape[1], (int) cam.shape[2], 1, cam.values), 28, 28);
		float[] expected = new float[guided.length];
		for (int i = 0; i < expected.length; i++) expected[i] = guided[i] * upsampled.data()[i];
		double error = Numbers.relativeL2(raw(model, new GuidedGradCam(), Map.of("layer", "conv2d_3")), expected);
		assertTrue(error < TOLERANCE, "guided Grad-CAM: relative L2 " + error);
	}
}
