package ijxai.engine.lrp;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

import ijxai.engine.FloatBatch;
import ijxai.engine.Numbers;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.ModelOptions;
import ijxai.engine.model.Placement;
import ijxai.engine.model.ScoreKind;
import ijxai.engine.model.Target;

/**
 * Every LRP rule written out in plain matrix algebra (the textbook formulas, loops over the
 * connections of one dense or convolutional layer with random weights) against the engine on
 * the same layer built as a TensorFlow graph.
 */
class LrpRuleAlgebraTest {

	private static final Random RANDOM = new Random(7);
	private static final int SAMPLES = 3, TARGET = 2;
	private static final List<LoadedModel> MODELS = new ArrayList<>();

	@AfterAll
	static void close() {
		MODELS.forEach(LoadedModel::close);
	}

	/** One layer: for every output k its connections (input index j, weight w_jk) and bias b_k. */
	private record Layer(LoadedModel model, int inputs, List<List<int[]>> taps, float[] weights, float[] bias) {}

	private static float[] random(int count, double scale) {
		float[] values = new float[count];
		for (int i = 0; i < count; i++) values[i] = (float) (RANDOM.nextGaussian() * scale);
		return values;
	}

	private static TFloat32 tensor(float[] values, long... shape) {
		return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false));
	}

	/** x [N,6] → MatMul W [6,4] → BiasAdd b [4]. */
	private static Layer dense(boolean withBias) {
		int in = 6, out = 4;
		float[] w = random(in * out, 1), b = withBias ? random(out, 0.5) : new float[out];
		Graph graph = new Graph();
		Ops tf = Ops.create(graph);
		Placeholder<TFloat32> x = tf.withName("input").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, in)));
		Ops layer = tf.withSubScope("dense");
		try (TFloat32 weights = tensor(w, in, out); TFloat32 biases = tensor(b, out)) {
			layer.withName("BiasAdd").nn.biasAdd(layer.linalg.matMul(x, layer.constant(weights)), layer.constant(biases));
		}
		List<List<int[]>> taps = new ArrayList<>();
		for (int k = 0; k < out; k++) {
			List<int[]> connections = new ArrayList<>();
			for (int j = 0; j < in; j++) connections.add(new int[] { j, j * out + k });
			taps.add(connections);
		}
		return new Layer(model(graph, new long[] { -1, in }, "dense/BiasAdd", out), in, taps, w, b);
	}

	/** x [N,5,5,2] → Conv2D W [3,3,2,3] (SAME, stride 1) → BiasAdd → Reshape [N,75]. */
	private static Layer conv(boolean withBias) {
		int size = 5, c = 2, o = 3, k = 3;
		float[] w = random(k * k * c * o, 0.7), b = withBias ? random(o, 0.5) : new float[o];
		Graph graph = new Graph();
		Ops tf = Ops.create(graph);
		Placeholder<TFloat32> x = tf.withName("input").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, c)));
		Ops layer = tf.withSubScope("conv");
		try (TFloat32 weights = tensor(w, k, k, c, o); TFloat32 biases = tensor(b, o)) {
			var z = layer.nn.biasAdd(layer.nn.conv2d(x, layer.constant(weights), List.of(1L, 1L, 1L, 1L), "SAME"), layer.constant(biases));
			layer.withName("Flat").reshape(z, layer.constant(new long[] { -1, size * size * o }));
		}
		List<List<int[]>> taps = new ArrayList<>();
		for (int y = 0; y < size; y++) for (int xx = 0; xx < size; xx++) for (int oc = 0; oc < o; oc++) {
			List<int[]> connections = new ArrayList<>();
			for (int dy = 0; dy < k; dy++) for (int dx = 0; dx < k; dx++) for (int ic = 0; ic < c; ic++) {
				int iy = y + dy - 1, ix = xx + dx - 1;
				if (iy < 0 || ix < 0 || iy >= size || ix >= size) continue;
				connections.add(new int[] { (iy * size + ix) * c + ic, ((dy * k + dx) * c + ic) * o + oc });
			}
			taps.add(connections);
		}
		return new Layer(model(graph, new long[] { -1, size, size, c }, "conv/Flat", size * size * o), size * size * c, taps, w, b);
	}

	private static LoadedModel model(Graph graph, long[] inputShape, String output, int classes) {
		List<String> names = new ArrayList<>();
		for (int i = 0; i < classes; i++) names.add("class " + i);
		ModelInfo info = new ModelInfo("a " + output + " layer", "none", "input", "input", inputShape, "output", output, new long[] { -1, classes },
			"none", output, List.of(), names, List.of());
		LoadedModel model = new LoadedModel(graph, info, Placement.of(ModelOptions.DEFAULTS));
		MODELS.add(model);
		return model;
	}

	/** The rule by the textbook, on inputs a ≥ 0, relevance R_k = z_k at the target only. */
	private static float[] reference(Layer layer, float[] a, String rule, double epsilon) {
		float[] relevance = new float[a.length];
		int n = a.length / layer.inputs();
		for (int s = 0; s < n; s++) {
			int offset = s * layer.inputs();
			List<int[]> taps = layer.taps().get(TARGET);
			double z = layer.bias()[TARGET];
			for (int[] t : taps) z += a[offset + t[0]] * layer.weights()[t[1]];
			double r = z;
			DoubleUnaryOperator pos = v -> Math.max(v, 0), neg = v -> Math.min(v, 0);
			double[] share = new double[taps.size()];
			double b = layer.bias()[TARGET];
			switch (rule) {
				case "zero":
				case "epsilon":
				case "gamma": {
					// γ favours contributions of the output's own sign: W + γW⁺ where z > 0, W + γW⁻ where z < 0
					double g = rule.equals("gamma") ? 0.25 : 0;
					DoubleUnaryOperator favoured = z > 0 ? pos : neg;
					double total = b + g * favoured.applyAsDouble(b);
					for (int i = 0; i < taps.size(); i++) {
						double w = layer.weights()[taps.get(i)[1]];
						share[i] = a[offset + taps.get(i)[0]] * (w + g * favoured.applyAsDouble(w));
						total += share[i];
					}
					double e = rule.equals("epsilon") ? epsilon : rule.equals("gamma") ? Lrp.STABILIZER : 1e-12;
					for (int i = 0; i < taps.size(); i++) share[i] /= total + (total >= 0 ? e : -e);
					break;
				}
				case "alpha2beta1":
				case "zplus": {
					double alpha = rule.equals("zplus") ? 1 : 2, beta = alpha - 1, zp = 0, zn = 0;
					for (int[] t : taps) {
						zp += a[offset + t[0]] * pos.applyAsDouble(layer.weights()[t[1]]);
						zn += a[offset + t[0]] * neg.applyAsDouble(layer.weights()[t[1]]);
					}
					for (int i = 0; i < taps.size(); i++) {
						double w = layer.weights()[taps.get(i)[1]], x = a[offset + taps.get(i)[0]];
						share[i] = alpha * x * pos.applyAsDouble(w) / (zp + Lrp.STABILIZER) - beta * x * neg.applyAsDouble(w) / (zn - Lrp.STABILIZER);
					}
					break;
				}
				case "wsquare":
				case "flat": {
					double total = rule.equals("wsquare") ? b * b : 0;
					for (int i = 0; i < taps.size(); i++) {
						double w = layer.weights()[taps.get(i)[1]];
						share[i] = rule.equals("flat") ? 1 : w * w;
						total += share[i];
					}
					for (int i = 0; i < taps.size(); i++) share[i] /= total + Lrp.STABILIZER;
					break;
				}
				case "zbox": {
					double low = -0.5, high = 1.5, total = 0;
					for (int i = 0; i < taps.size(); i++) {
						double w = layer.weights()[taps.get(i)[1]];
						share[i] = a[offset + taps.get(i)[0]] * w - low * pos.applyAsDouble(w) - high * neg.applyAsDouble(w);
						total += share[i];
					}
					// no bias: z^B is defined on the weights alone (in Zennit b − b⁺ − b⁻ cancels as well)
					for (int i = 0; i < taps.size(); i++) share[i] /= total + (total >= 0 ? Lrp.STABILIZER : -Lrp.STABILIZER);
					break;
				}
				default: throw new IllegalArgumentException(rule);
			}
			for (int i = 0; i < taps.size(); i++) relevance[offset + taps.get(i)[0]] += (float) (share[i] * r);
		}
		return relevance;
	}

	private static float[] engine(Layer layer, float[] a, String rule, double epsilon) {
		FloatBatch batch = layer.model().info().inputShape().length == 2 ? new FloatBatch(SAMPLES, 1, layer.inputs(), 1, a)
			: new FloatBatch(SAMPLES, 5, 5, 2, a);
		Map<String, String> settings = Map.of("rule", rule, "epsilon", Double.toString(epsilon), "low", "-0.5", "high", "1.5");
		ExplainOptions options = new ExplainOptions(Target.parse(Integer.toString(TARGET)), ScoreKind.LOGIT, 32, true, new MethodSettings(settings, Map.of()));
		return new Lrp().explain(layer.model(), batch, options, Progress.NONE).maps().data();
	}

	@ParameterizedTest
	@CsvSource({ "zero,true", "epsilon,true", "gamma,true", "zbox,true", "zplus,false", "alpha2beta1,false", "wsquare,true", "flat,true" })
	void everyRuleEqualsItsFormulaOnDenseAndConvLayers(String rule, boolean withBias) {
		for (Layer layer : new Layer[] { dense(withBias), conv(withBias) }) {
			float[] a = new float[SAMPLES * layer.inputs()];
			for (int i = 0; i < a.length; i++) a[i] = RANDOM.nextFloat();
			for (double epsilon : new double[] { 1e-6, 0.3 }) {
				float[] expected = reference(layer, a, rule, epsilon), actual = engine(layer, a, rule, epsilon);
				double error = Numbers.relativeL2(actual, expected);
				assertTrue(error < 1e-4, rule + " on " + layer.model().info().folder() + (withBias ? " with" : " without") + " bias, epsilon " + epsilon
					+ ": relative L2 " + error);
			}
		}
	}

	/** An op LRP has no rule for is named, with its layer, before anything runs. */
	@Test
	void anOpWithoutRuleIsNamedBeforeAnythingRuns() {
		Graph graph = new Graph();
		Ops tf = Ops.create(graph);
		Placeholder<TFloat32> x = tf.withName("input").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 4)));
		tf.withSubScope("odd").withName("Square").math.square(x);
		LoadedModel model = model(graph, new long[] { -1, 4 }, "odd/Square", 4);
		ExplainOptions options = new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, 32, false, MethodSettings.NONE);
		XaiException e = assertThrows(XaiException.class,
			() -> new Lrp().explain(model, new FloatBatch(1, 1, 4, 1, new float[] { 1, 2, 3, 4 }), options, Progress.NONE),
			"a model with a Square op was explained");
		assertTrue(e.getMessage().contains("cannot propagate through 1 op(s)") && e.getMessage().contains("Square (odd/Square: no rule for Square)"), e.getMessage());
	}
}
