package ijxai.engine.lrp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ijxai.engine.Fixtures;
import ijxai.engine.FloatBatch;
import ijxai.engine.Numbers;
import ijxai.engine.Progress;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.ScoreKind;
import ijxai.engine.model.Target;

/** LRP against what must hold: identities with gradient × input, non-negativity, conservation. */
class LrpTest extends Fixtures {

	private float[] relevance(String model, FloatBatch input, Map<String, String> settings) {
		ExplainOptions options = new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, 32, true, new MethodSettings(settings, Map.of()));
		return new Lrp().explain(model(model), input, options, Progress.NONE).maps().data();
	}

	/** LRP-0 with winner-take-all pooling on a ReLU network is gradient × input (biases absorb their share). */
	@ParameterizedTest
	@CsvSource({ "fashion_mnist_cnn,layer", "fashion_mnist_cnn,fold", "resnet_small,layer", "resnet_small,fold", "tf1_cond_if,fold",
		"bias_free_cnn,fold", "keras3_export,fold", "keras3_export,layer" })
	void lrpZeroIsGradientTimesInput(String model, String batchNorm) throws IOException {
		FloatBatch input = input(model);
		float[] lrp = relevance(model, input, Map.of("rule", "zero", "batchnorm", batchNorm));
		float[] gradient = model(model).gradients(input, null, ScoreKind.LOGIT, null, null).gradient().data();
		float[] gradientTimesInput = new float[gradient.length];
		for (int i = 0; i < gradient.length; i++) gradientTimesInput[i] = gradient[i] * input.data()[i];
		double error = Numbers.relativeL2(lrp, gradientTimesInput);
		assertTrue(error < 1e-4, model + " batchnorm " + batchNorm + ": LRP-0 vs gradient x input, relative L2 " + error);
	}

	/** z⁺ and α1β0 only pass positive contributions on: every pixel's relevance is non-negative. */
	@ParameterizedTest
	@CsvSource({ "fashion_mnist_cnn,zplus", "fashion_mnist_cnn,alpha1beta0", "tf1_cond_if,zplus", "tf1_switch_merge,alpha1beta0", "keras3_export,zplus" })
	void zPlusAndAlpha1Beta0AreNonNegative(String model, String rule) throws IOException {
		float[] lrp = relevance(model, input(model), Map.of("rule", rule));
		double negative = 0, total = 0;
		for (float r : lrp) {
			negative += Math.min(r, 0);
			total += Math.abs(r);
		}
		assertTrue(-negative <= 1e-6 * total, model + " " + rule + ": negative relevance " + negative + " of " + total);
	}

	/** Without biases, z⁺, α1β0 and LRP-0 conserve relevance: the sum at every layer is the score. */
	@ParameterizedTest
	@CsvSource({ "zplus", "alpha1beta0", "zero" })
	void relevanceIsConservedLayerByLayerWithoutBiases(String rule) throws IOException {
		String model = "bias_free_cnn";
		FloatBatch input = input(model);
		float[] scores = model(model).gradients(input, null, ScoreKind.LOGIT, null, null).scores();
		for (String layer : new String[] { "", "conv1", "pool1", "conv2", "pool2", "flatten", "dense1", "predictions" }) {
			float[] lrp = relevance(model, input, Map.of("rule", rule, "relevance-layer", layer));
			int size = lrp.length / input.count();
			for (int n = 0; n < input.count(); n++) {
				double sum = 0;
				for (int i = n * size; i < (n + 1) * size; i++) sum += lrp[i];
				assertTrue(Math.abs(sum - scores[n]) <= 1e-4 * Math.abs(scores[n]),
					rule + " at " + (layer.isEmpty() ? "the input" : layer) + ", sample " + n + ": sum " + sum + " vs score " + scores[n]);
			}
		}
	}

	/**
	 * Against Zennit 0.5.1 (PyTorch) on the Fashion-MNIST CNN's weights with BatchNorm folded
	 * exactly (models/make_lrp_references.py): every preset composite and two uniform rules.
	 */
	@ParameterizedTest
	@CsvSource(delimiter = ';', value = { "composite=epsilon-plus; lrp_epsilonplus", "composite=epsilon-plus-flat; lrp_epsilonplusflat",
		"composite=epsilon-alpha2-beta1; lrp_epsilonalpha2beta1", "composite=epsilon-gamma-box; lrp_epsilongammabox",
		"rule=epsilon:0.25; lrp_epsilon", "rule=zero; lrp_zero" })
	void equalsZennitOnTheFashionMnistCnn(String setting, String file) throws IOException {
		String[] pair = setting.split("=");
		float[] lrp = relevance("fashion_mnist_cnn", input("fashion_mnist_cnn"), Map.of(pair[0], pair[1]));
		double error = Numbers.relativeL2(lrp, reference("fashion_mnist_cnn", file).values);
		assertTrue(error < 1e-3, setting + " vs Zennit: relative L2 " + error);
	}

	/** Every fixture architecture (residual, depthwise, U-Net concat and upsampling, preprocessing, TF1 control flow) gets finite relevance. */
	@ParameterizedTest
	@CsvSource({ "mobilenetv2_small", "unet_small", "rgb_dynamic", "rank3_input", "flat_input", "preprocessing_layers", "keras3_export",
		"tf1_switch_merge", "quadrant_sum" })
	void everyFixtureArchitectureIsExplained(String model) throws IOException {
		for (String composite : new String[] { "epsilon-plus", "epsilon-gamma-box" }) {
			float[] lrp = relevance(model, input(model), Map.of("composite", composite, "maxpool", "proportional"));
			double total = 0;
			for (float r : lrp) {
				assertTrue(Float.isFinite(r), model + " " + composite + ": non-finite relevance");
				total += Math.abs(r);
			}
			assertTrue(total > 0, model + " " + composite + ": no relevance reached the input");
		}
	}

	/** The layers a per-layer rule table lists: those holding a convolution or dense product. */
	@org.junit.jupiter.api.Test
	void ruleLayersAreTheLinearLayers() {
		org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("conv2d", "conv2d_1", "conv2d_2", "conv2d_3", "dense", "dense_1"),
			new Lrp().ruleLayers(model("fashion_mnist_cnn")));
	}
}
