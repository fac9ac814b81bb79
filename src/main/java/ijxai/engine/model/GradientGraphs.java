package ijxai.engine.model;

import java.util.HashMap;
import java.util.Map;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import ijxai.engine.XaiException;
import ijxai.engine.graph.BackwardPass;
import ijxai.engine.graph.ConvolutionInputGradient;
import ijxai.engine.model.LoadedModel.GradientKey;
import ijxai.engine.model.LoadedModel.GradientOps;

/**
 * The gradient ops added to one model's graph, each built once: of a target score (by
 * {@link GradientKey}) and of a seeded layer. Not thread-safe and owns nothing native: its
 * {@link LoadedModel} serializes the calls and closes the graph.
 */
final class GradientGraphs {

	/** The ops that give the gradient of Σ seed·A with respect to the input, A a layer's output; the seed is fed flat. */
	record LayerGradientOps(Placeholder<TFloat32> seed, Output<?> gradient) {}

	private final Graph graph;
	private final ModelInfo info;
	private final Output<TFloat32> input;
	private final Output<TFloat32> output;
	private final Output<TFloat32> logits;
	private final Map<GradientKey, GradientOps> gradientOps = new HashMap<>();
	private final Map<GradientKey, XaiException> gradientFailures = new HashMap<>();
	private final Map<String, LayerGradientOps> layerGradientOps = new HashMap<>();
	/** Numbers the gradient builds, so that each gets its own op names even after a failed one. */
	private int gradientBuilds;

	GradientGraphs(Graph graph, ModelInfo info, Output<TFloat32> input, Output<TFloat32> output, Output<TFloat32> logits) {
		this.graph = graph;
		this.info = info;
		this.input = input;
		this.output = output;
		this.logits = logits;
	}

	LayerGradientOps layerGradientOps(String tensor) {
		LayerGradientOps ops = layerGradientOps.get(tensor);
		if (ops != null) return ops;
		Output<?> layer = graph.output(tensor);
		if (layer == null) throw new XaiException("the model in " + info.folder() + " has no tensor '" + tensor + "'");
		String prefix = BackwardPass.OWN_OPS + "layer_" + gradientBuilds++;
		Ops tf = Ops.create(graph).withSubScope(prefix);
		Placeholder<TFloat32> seed = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
		Output<TFloat32> values = layer.expect(TFloat32.class);
		Output<?> gradient;
		try {
			Output<?> shapedSeed = tf.reshape(seed, tf.shape(values)).asOutput();
			gradient = graph.addGradients(prefix + "_gradient", new Output<?>[] { values }, new Output<?>[] { input }, new Output<?>[] { shapedSeed })[0];
		}
		catch (RuntimeException e) {
			throw new XaiException("TensorFlow cannot differentiate layer '" + tensor + "' of the model in " + info.folder() + ": " + e.getMessage(), e);
		}
		if (gradient == null) throw new XaiException("layer '" + tensor + "' of the model in " + info.folder() + " does not depend on the input");
		ops = new LayerGradientOps(seed, gradient);
		layerGradientOps.put(tensor, ops);
		return ops;
	}

	GradientOps gradientOps(GradientKey key) {
		// a failed gradient build leaves half-built ops behind: remember the failure, do not retry
		if (gradientFailures.containsKey(key)) throw gradientFailures.get(key);
		try {
			return gradientOps.computeIfAbsent(key, this::buildGradientOps);
		}
		catch (XaiException e) {
			gradientFailures.put(key, e);
			throw e;
		}
	}

	private GradientOps buildGradientOps(GradientKey key) {
		String prefix = BackwardPass.OWN_OPS + key.kind().name().toLowerCase() + "_" + gradientBuilds++;
		Ops tf = Ops.create(graph).withSubScope(prefix);
		Output<TFloat32> scoreTensor = switch (key.kind()) {
			case LOGIT -> logits;
			case PROBABILITY -> output;
			case LOG_SOFTMAX -> logSoftmax(tf, logits);
		};
		String wrtName = key.wrt() == null ? info.inputTensor() : key.wrt();
		Output<?> wrt = graph.output(wrtName);
		if (wrt == null) throw new XaiException("the model in " + info.folder() + " has no tensor '" + wrtName + "'");
		int rank = info.outputShape().length;
		int classes = info.classCount();
		Operand<TInt32> lastAxis = tf.constant(-1);
		Operand<TFloat32> perClass = logits;
		if (rank > 2) perClass = tf.reduceSum(logits, tf.constant(range(1, rank - 1)));
		Operand<TFloat32> oneHot = tf.oneHot(tf.math.argMax(perClass, lastAxis), tf.constant(classes), tf.constant(1f), tf.constant(0f));
		// the seed is [N,K]; for per-pixel outputs it is broadcast over the pixels below
		PlaceholderWithDefault<TFloat32> seed = tf.placeholderWithDefault(oneHot, Shape.of(-1, classes));
		Operand<TFloat32> fullSeed = seed;
		PlaceholderWithDefault<TFloat32> outputSeed = null;
		if (rank > 2) {
			long[] shape = new long[rank];
			java.util.Arrays.fill(shape, 1);
			shape[0] = -1;
			shape[rank - 1] = classes;
			Operand<TFloat32> broadcast = tf.math.mul(tf.reshape(seed, tf.constant(shape)), tf.onesLike(scoreTensor));
			// a region target feeds its own seed, one weight per output value (flat): the score becomes the weighted sum over the region
			outputSeed = tf.placeholderWithDefault(tf.reshape(broadcast, tf.constant(new long[] { -1 })), Shape.of(-1));
			fullSeed = tf.reshape(outputSeed, tf.shape(scoreTensor));
		}
		Operand<TFloat32> score = tf.reduceSum(tf.math.mul(fullSeed, scoreTensor), tf.constant(range(1, rank)));
		PlaceholderWithDefault<TFloat32> sign = null;
		if (key.loss()) {
			// d cross-entropy / d logits = probabilities − one-hot, from this forward pass; the score is the loss
			Operand<TFloat32> probabilities = info.outputActivation().equals("none") ? tf.nn.softmax(logits) : output;
			sign = tf.placeholderWithDefault(tf.constant(1f), Shape.scalar());
			fullSeed = tf.math.mul(sign, tf.math.sub(probabilities, seed));
			score = tf.math.mul(tf.math.neg(sign), tf.reduceSum(tf.math.mul(seed, tf.math.log(probabilities)), lastAxis));
		}
		Output<?> gradient;
		try {
			gradient = key.rules() == null
				? ConvolutionInputGradient.asDepthwise(tf,
					graph.addGradients(prefix + "_gradient", new Output<?>[] { scoreTensor }, new Output<?>[] { wrt }, new Output<?>[] { fullSeed.asOutput() })[0])
				: new BackwardPass(graph, key.rules(), prefix + "_backward").run(scoreTensor, fullSeed.asOutput(), wrt);
		}
		catch (XaiException e) {
			throw e;
		}
		catch (RuntimeException e) {
			throw new XaiException("TensorFlow cannot differentiate the model in " + info.folder() + ": " + e.getMessage(), e);
		}
		if (gradient == null) throw new XaiException("the score of the model in " + info.folder() + " does not depend on '" + wrtName + "'");
		if (key.cam() != null) {
			// relu(Σ_k w_k A_k) in the graph: fetching A and g and weighting them in Java cost more than the backward pass on small layers
			Operand<TFloat32> values = wrt.expect(TFloat32.class), slopes = gradient.expect(TFloat32.class);
			Operand<TFloat32> weights = key.cam().of(tf, values, slopes);
			// channel weights [N,k] weigh every position alike; weights per position [N,h,w,k] (LayerCAM) apply as they are
			if (weights.shape().numDimensions() != 4) weights = tf.expandDims(tf.expandDims(weights, tf.constant(1)), tf.constant(1));
			gradient = tf.nn.relu(tf.reduceSum(tf.math.mul(values, weights), lastAxis)).asOutput();
		}
		return new GradientOps(seed, outputSeed, sign, score.asOutput(), gradient);
	}

	/**
	 * log softmax over the last axis, as x − max − log Σ exp(x − max): TensorFlow's C++ gradient of
	 * LogSoftmax sums over axis 1, right for [N,K] only, not for a per-pixel [N,h,w,K] output.
	 */
	private static Output<TFloat32> logSoftmax(Ops tf, Output<TFloat32> logits) {
		Operand<TFloat32> max = tf.stopGradient(tf.max(logits, tf.constant(-1), org.tensorflow.op.core.Max.keepDims(true)));
		Operand<TFloat32> shifted = tf.math.sub(logits, max);
		Operand<TFloat32> sum = tf.reduceSum(tf.math.exp(shifted), tf.constant(-1), org.tensorflow.op.core.ReduceSum.keepDims(true));
		return tf.math.sub(shifted, tf.math.log(sum)).asOutput();
	}

	private static int[] range(int from, int to) {
		int[] axes = new int[to - from];
		for (int i = 0; i < axes.length; i++) axes[i] = from + i;
		return axes;
	}
}
