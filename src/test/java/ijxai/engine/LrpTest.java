package ijxai.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** LRP against what must hold: identities with gradient × input, non-negativity, conservation. */
class LrpTest extends Fixtures {

	private float[] relevance(String model, FloatBatch input, Map<String, String> settings) {
		ExplainOptions options = new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, 32, true, new MethodSettings(settings, Map.of()));
		return new Lrp().explain(model(model), input, options, Progress.NONE).maps().data();
	}

	/** LRP-0 with winner-take-all pooling on a ReLU network is gradient × input (biases absorb their share). */
	@ParameterizedTest
	@CsvSource({ "fashion_mnist_cnn,layer", "fashion_mnist_cnn,fold", "resnet_small,layer", "resnet_small,fold", "tf1_cond_if,fold" })
	void lrpZeroIsGradientTimesInput(String model, String batchNorm) throws IOException {
		FloatBatch input = input(model);
		float[] lrp = relevance(model, input, Map.of("rule", "zero", "batchnorm", batchNorm));
		float[] gradient = model(model).gradients(input, Target.PREDICTED, ScoreKind.LOGIT).gradient().data();
		float[] gradientTimesInput = new float[gradient.length];
		for (int i = 0; i < gradient.length; i++) gradientTimesInput[i] = gradient[i] * input.data()[i];
		double error = Numbers.relativeL2(lrp, gradientTimesInput);
		assertTrue(error < 1e-4, model + " batchnorm " + batchNorm + ": LRP-0 vs gradient x input, relative L2 " + error);
	}
}
