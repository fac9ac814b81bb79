package ijxai.engine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import ijxai.engine.Fixtures;
import ijxai.engine.FloatBatch;
import ijxai.engine.ImageSpace;
import ijxai.engine.Numbers;
import ijxai.engine.Progress;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ScoreKind;
import ijxai.engine.model.Target;

/** Feature visualizations reach what they optimize for, and their gradients are the objectives' gradients. */
class FeatureVisualizationTest extends Fixtures {

	private static final String CNN = "fashion_mnist_cnn";

	/** The Fashion CNN's test images are 8-bit: model value = gray level / 255. */
	private static ImageSpace eightBit(int count) {
		ImageSpace.Affine[] affines = new ImageSpace.Affine[count];
		Arrays.fill(affines, new ImageSpace.Affine(0, 255));
		return new ImageSpace(affines, 0, 255, true);
	}

	private Explanation run(Explainer method, FloatBatch input, Target target, Map<String, String> settings) {
		ExplainOptions options = new ExplainOptions(target, ScoreKind.LOGIT, 32, false, new MethodSettings(settings, Map.of())).withSpace(eightBit(input.count()));
		return method.explain(model(CNN), input, options, Progress.NONE);
	}

	/** From noise, every class's visualization is classified as that class with p > 0.9, its logit rising along the way. */
	@Test
	void classVisualizationReachesEveryClass() throws IOException {
		FloatBatch input = input(CNN).slice(0, 1);
		for (int k = 0; k < 10; k++) {
			Explanation result = run(new ClassVisualization(), input, Target.parse(Integer.toString(k)), Map.of("frame-every", "20"));
			assertEquals(k, result.targets()[0]);
			assertTrue(result.probabilities()[0] > 0.9, "class " + k + ": p " + result.probabilities()[0]);
			// the frames (every 20 iterations) in model units, scored for class k
			FloatBatch maps = result.maps();
			int frames = maps.channels();
			float[] logits = new float[frames];
			for (int f = 0; f < frames; f++) {
				FloatBatch frame = FloatBatch.zeros(1, 28, 28, 1);
				for (int i = 0; i < 28 * 28; i++) frame.data()[i] = maps.data()[i * frames + f] / 255f;
				logits[f] = model(CNN).predict(frame).logits()[k];
			}
			float start = model(CNN).predict(noiseStart(input)).logits()[k], firstHalf = 0, secondHalf = 0;
			for (int f = 0; f < frames; f++) {
				assertTrue(logits[f] > start, "class " + k + ": below the start's logit " + start + ": " + Arrays.toString(logits));
				if (f < frames / 2) firstHalf += logits[f] / (frames / 2);
				else secondHalf += logits[f] / (frames - frames / 2);
			}
			assertTrue(secondHalf >= firstHalf, "class " + k + ": logits fall: " + Arrays.toString(logits));
		}
	}

	/** The noise a class visualization starts from (seed 0). */
	private static FloatBatch noiseStart(FloatBatch input) {
		return FeatureAscent.Range.of(input, eightBit(input.count())).noise(input, 0);
	}

	/** Caricatures over several layers match the image's activations (cos > 0.9); with p > 0 they exceed them (dot > |A(x)|²). */
	@Test
	void caricaturesMatchAndExaggerateTheirLayers() throws IOException {
		FloatBatch input = input(CNN).slice(0, 2);
		String layers = "conv2d_1,conv2d_3,dense";
		for (String power : new String[] { "0", "0.1" }) {
			Explanation result = run(new Caricature(), input, Target.PREDICTED, Map.of("layers", layers, "power", power));
			assertEquals(3, result.maps().channels());
			for (String layer : layers.split(",")) {
				float[] cosine = result.measures().get(Caricature.COSINE + " " + layer), ratio = result.measures().get(Caricature.DOT_RATIO + " " + layer);
				for (int n = 0; n < input.count(); n++) {
					assertTrue(cosine[n] > 0.9, "p " + power + ", layer " + layer + ", image " + n + ": cosine " + cosine[n]);
					if (!power.equals("0")) assertTrue(ratio[n] > 1, "p " + power + ", layer " + layer + ", image " + n + ": dot ratio " + ratio[n]);
				}
			}
		}
	}

	/** DeepDream raises the layer's mean squared activation. */
	@Test
	void deepDreamRaisesTheLayersActivation() throws IOException {
		FloatBatch input = input(CNN).slice(0, 2);
		for (String channel : new String[] { "-1", "5" }) {
			Explanation result = run(new DeepDream(), input, Target.PREDICTED, Map.of("layer", "conv2d_3", "channel", channel));
			for (float gain : result.measures().get(DeepDream.GAIN)) assertTrue(gain > 1.5, "channel " + channel + ": gain " + gain);
		}
	}

	/** A layer gradient seeded one-hot at the logits is the class's gradient (TensorFlow's own, over the whole graph). */
	@Test
	void layerGradientAtTheLogitsIsTheClassGradient() throws IOException {
		LoadedModel model = model(CNN);
		FloatBatch input = input(CNN);
		float[] seed = new float[input.count() * 10];
		int[] classes = new int[input.count()];
		for (int n = 0; n < input.count(); n++) {
			classes[n] = (3 * n + 1) % 10;
			seed[n * 10 + classes[n]] = 1;
		}
		FloatBatch layer = model.layerGradient(input, model.info().logitsTensor(), seed);
		FloatBatch whole = model.gradients(input, classes, ScoreKind.LOGIT, null, null).gradient();
		assertTrue(Numbers.relativeL2(layer.data(), whole.data()) < 1e-5);
	}

	/**
	 * A layer objective's gradient at the input (½ΣA², seeded with A) against central finite
	 * differences along random directions, on layers before any ReLU or max-pool kink.
	 */
	@Test
	void layerGradientMatchesFiniteDifferences() throws IOException {
		LoadedModel model = model(CNN);
		Random random = new Random(7);
		FloatBatch x = input(CNN).slice(0, 1);
		for (int i = 0; i < x.data().length; i++) x.data()[i] += (float) (0.05 * random.nextGaussian()); // no ReLU or max-pool ties
		for (String layer : new String[] { "conv2d", "batch_normalization" }) {
			String tensor = model.info().layer(layer).tensor();
			FloatBatch a = model.activations(x, tensor);
			FloatBatch gradient = model.layerGradient(x, tensor, a.data().clone());
			for (int trial = 0; trial < 3; trial++) {
				float[] direction = new float[x.data().length];
				for (int i = 0; i < direction.length; i++) direction[i] = (float) random.nextGaussian();
				double h = 1e-3, analytic = 0;
				for (int i = 0; i < direction.length; i++) analytic += gradient.data()[i] * direction[i];
				double numeric = (halfSquare(model, x, direction, h, tensor) - halfSquare(model, x, direction, -h, tensor)) / (2 * h);
				assertEquals(analytic, numeric, 1e-3 * Math.abs(analytic) + 1e-2, layer + ", trial " + trial);
			}
		}
	}

	private static double halfSquare(LoadedModel model, FloatBatch x, float[] direction, double h, String tensor) {
		float[] moved = x.data().clone();
		for (int i = 0; i < moved.length; i++) moved[i] += (float) (h * direction[i]);
		double sum = 0;
		for (float v : model.activations(new FloatBatch(1, 28, 28, 1, moved), tensor).data()) sum += 0.5 * (double) v * v;
		return sum;
	}

	/** The caricature seed is the gradient of log(cos · dot^p) with respect to the activations (finite differences in activation space). */
	@Test
	void caricatureSeedIsTheGradientOfTheLogObjective() {
		Random random = new Random(3);
		int size = 40;
		FloatBatch a = FloatBatch.zeros(1, 1, 1, size), target = FloatBatch.zeros(1, 1, 1, size);
		for (int i = 0; i < size; i++) {
			target.data()[i] = (float) Math.abs(random.nextGaussian());
			a.data()[i] = target.data()[i] + (float) (0.5 * random.nextGaussian());
		}
		for (double power : new double[] { 0, 1, 2.5 }) {
			float[] seed = Caricature.seed(a, target, 0, power);
			for (int i = 0; i < size; i += 7) {
				double h = 1e-3, saved = a.data()[i];
				a.data()[i] = (float) (saved + h);
				double up = logObjective(a, target, power);
				a.data()[i] = (float) (saved - h);
				double down = logObjective(a, target, power);
				a.data()[i] = (float) saved;
				assertEquals((up - down) / (2 * h), seed[i], 2e-3 * Math.abs(seed[i]) + 1e-4, "p " + power + ", value " + i);
			}
		}
	}

	private static double logObjective(FloatBatch a, FloatBatch target, double power) {
		double[] m = Caricature.match(a, 0, target, 0);
		return Math.log(m[0] / Math.sqrt(m[1] * m[2])) + power * Math.log(m[0]);
	}
}
