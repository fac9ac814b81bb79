package ijxai.engine.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.exceptions.TFResourceExhaustedException;
import org.tensorflow.exceptions.TFUnimplementedException;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import ijxai.engine.FloatBatch;
import ijxai.engine.XaiException;
import ijxai.engine.graph.BackwardPass;
import ijxai.engine.graph.ConvolutionInputGradient;
import ijxai.engine.graph.GraphFlattener;
import ijxai.engine.graph.RuleSet;

/**
 * One loaded, flattened and frozen model: the owner of its graph and session and of the
 * gradient ops built on them. Thread-safe: TensorFlow sessions run concurrently, and graph
 * extension is serialized.
 */
public final class LoadedModel implements AutoCloseable {

	private final Graph graph;
	private final Session session;
	private final ModelInfo info;
	private final Placement placement;
	private final Output<TFloat32> input;
	private final Output<TFloat32> output;
	private final Output<TFloat32> logits;
	private final Map<GradientKey, GradientOps> gradientOps = new HashMap<>();
	private final Map<GradientKey, XaiException> gradientFailures = new HashMap<>();
	private final Map<String, LayerGradientOps> layerGradientOps = new HashMap<>();
	/** Numbers the gradient builds, so that each gets its own op names even after a failed one. */
	private int gradientBuilds;
	/** Conditionals whose predicate only the input tells (e.g. a crop that depends on the image size). */
	private final List<GraphOperation> runtimeConditions = new ArrayList<>();
	/** This graph with those conditionals decided, by decision: what gradients run on. */
	private final Map<List<Boolean>, LoadedModel> specialized = new HashMap<>();
	private List<GraphOperation> modelOperations;
	private boolean closed;

	/**
	 * What a gradient is taken of and how: the score kind, the tensor it is taken with respect to
	 * (null: the input; or a layer), the backward rules (null: TensorFlow's own gradients), whether it
	 * is the gradient of the cross-entropy loss instead of a score, and the channel weights when the
	 * class activation map of the layer is wanted instead of the gradient (null: the gradient).
	 */
	public record GradientKey(ScoreKind kind, String wrt, RuleSet rules, boolean loss, CamWeights cam) {

		public GradientKey(ScoreKind kind, String wrt, RuleSet rules, boolean loss) {
			this(kind, wrt, rules, loss, null);
		}
	}

	/**
	 * The channel weights of a class activation map, as ops: [N,k] from a layer's values A
	 * [N,h,w,k] and the gradient g = ∂S/∂A. Keys the built ops: one constant per method.
	 */
	public interface CamWeights {
		Operand<TFloat32> of(Ops tf, Operand<TFloat32> activations, Operand<TFloat32> gradient);
	}

	/**
	 * The ops that give the gradient of a target score: the seed defaults to one-hot(predicted
	 * class). For the loss, the seed is the one-hot of the loss's class, and {@code sign} (default
	 * 1) multiplies the loss.
	 */
	public record GradientOps(PlaceholderWithDefault<TFloat32> seed, PlaceholderWithDefault<TFloat32> sign, Output<TFloat32> score, Output<?> gradient) {}

	/** The ops that give the gradient of Σ seed·A with respect to the input, A a layer's output; the seed is fed flat. */
	private record LayerGradientOps(Placeholder<TFloat32> seed, Output<?> gradient) {}

	/**
	 * A batch's forward pass ({@code count} samples) and, when asked for, its gradients.
	 *
	 * @param gradient the gradient of the target score with respect to the input (shaped like the
	 *     batch) or to a layer (shaped like the layer: [N,h,w,k], a dense layer as [N,1,1,k]), or
	 *     a class activation map [N,h,w,1]
	 */
	public record Pass(int count, float[] outputs, float[] logits, int[] targets, float[] scores, FloatBatch gradient) {}

	public LoadedModel(Graph graph, ModelInfo info, Placement placement) {
		this.graph = graph;
		this.info = info;
		this.placement = placement;
		this.input = graph.outputOrThrow(info.inputTensor()).expect(TFloat32.class);
		this.output = graph.outputOrThrow(info.outputTensor()).expect(TFloat32.class);
		this.logits = info.logitsTensor().equals(info.outputTensor())
			? Ops.create(graph).withSubScope(BackwardPass.OWN_OPS + "logits").identity(output).asOutput()
			: graph.outputOrThrow(info.logitsTensor()).expect(TFloat32.class);
		graph.operations().forEachRemaining(op -> {
			if (GraphFlattener.IF_OPS.contains(op.type())) runtimeConditions.add(op);
		});
		// last: nothing above can leave a session open when it throws
		this.session = new Session(graph, placement.config());
	}

	public ModelInfo info() {
		return info;
	}

	/** Where the model runs and with how many threads. */
	public Placement placement() {
		return placement;
	}

	/** The session, and below the tensors fed and fetched: for the benchmark's bare session calls (bench/). */
	public Session session() {
		return session;
	}

	public Output<TFloat32> inputTensor() {
		return input;
	}

	public Output<TFloat32> outputTensor() {
		return output;
	}

	public Output<TFloat32> logitsTensor() {
		return logits;
	}

	/** The ops of the model's graph (not those ij-xai added), listed once: the graph grows with every gradient built. */
	public synchronized List<GraphOperation> operations() {
		ensureOpen();
		if (modelOperations == null) {
			List<GraphOperation> ops = new ArrayList<>();
			graph.operations().forEachRemaining(op -> {
				if (!op.name().startsWith(BackwardPass.OWN_OPS)) ops.add(op);
			});
			modelOperations = List.copyOf(ops);
		}
		return modelOperations;
	}

	/** Output values per sample (flattened), e.g. class probabilities, and the logits. */
	public Pass predict(FloatBatch batch) {
		try (TFloat32 in = toInputTensor(batch); Result result = run(session.runner().feed(input, in).fetch(output).fetch(logits), batch)) {
			return new Pass(batch.count(), read(result.get(0)), read(result.get(1)), null, null, null);
		}
	}

	/**
	 * Runs a session call; what TensorFlow rejects at run time (e.g. an image too small for the
	 * network's pooling) becomes a message naming the model and the input size.
	 */
	private Result run(Session.Runner runner, FloatBatch batch) {
		try {
			return runner.run();
		}
		catch (TFResourceExhaustedException e) {
			throw new XaiException("TensorFlow ran out of memory running the model in " + info.folder() + " on " + batch.count() + " sample(s) of " +
				batch.width() + "x" + batch.height() + " pixels; use a smaller batch or memory budget, or a smaller image", e);
		}
		// TensorFlow's invalid-argument and unimplemented errors are IllegalArgument/UnsupportedOperation exceptions, not TensorFlowExceptions
		catch (TensorFlowException | TFInvalidArgumentException | TFUnimplementedException e) {
			throw new XaiException("TensorFlow could not run the model in " + info.folder() + " on " + batch.width() + "x" + batch.height() +
				" pixels with " + batch.channels() + " channel(s): " + TensorFlowErrors.firstLine(e.getMessage()).strip(), e);
		}
	}

	/**
	 * Forward pass plus the gradient of the score of {@code targets[n]} (null: each sample's
	 * predicted class) with respect to the tensor {@code wrt} (null: the input), by TensorFlow's
	 * gradients or, when {@code rules} are given, by a backward pass with those rules.
	 */
	public Pass gradients(FloatBatch batch, int[] targets, ScoreKind kind, String wrt, RuleSet rules) {
		return gradients(batch, targets == null ? null : oneHot(targets), targets, kind, wrt, rules);
	}

	/**
	 * Forward pass plus the class activation map relu(Σ_k w_k A_k) of the score of
	 * {@code targets[n]} (null: each sample's predicted class) at the layer tensor {@code layer}
	 * (rank 4), with channel weights w made by {@code weights}; the map is the pass's gradient.
	 */
	public Pass classActivationMaps(FloatBatch batch, int[] targets, ScoreKind kind, String layer, CamWeights weights) {
		return gradients(new GradientKey(kind, layer, null, false, weights), batch, targets == null ? null : oneHot(targets), targets, 1);
	}

	/**
	 * Forward pass plus the gradient of the cross-entropy loss of {@code classes} (null: each
	 * sample's predicted class) with respect to the input, in one TensorFlow call: the seed
	 * d loss / d logits = probabilities − one-hot is made in the graph from the same forward pass.
	 * {@code descend} flips the sign (a targeted attack descends the loss of its target).
	 */
	public Pass lossGradients(FloatBatch batch, int[] classes, boolean descend) {
		if (info.isDenseOutput()) throw new XaiException("the loss gradient needs a classifier; the model in " + info.folder() + " has a per-pixel output");
		GradientKey key = new GradientKey(ScoreKind.LOGIT, null, null, true);
		return gradients(key, batch, classes == null ? null : oneHot(classes), classes, descend ? -1 : 1);
	}

	private Pass gradients(FloatBatch batch, float[] seed, int[] targets, ScoreKind kind, String wrt, RuleSet rules) {
		return gradients(new GradientKey(kind, wrt == null || wrt.equals(info.inputTensor()) ? null : wrt, rules, false), batch, seed, targets, 1);
	}

	private Pass gradients(GradientKey key, FloatBatch batch, float[] seed, int[] targets, float sign) {
		if (!runtimeConditions.isEmpty()) return specializedFor(batch).gradients(key, batch, seed, targets, sign);
		GradientOps ops = gradientOps(key);
		boolean layer = key.wrt() != null;
		try (TFloat32 in = toInputTensor(batch); TFloat32 seedTensor = seed == null ? null : seedTensor(seed, batch.count());
			TFloat32 signTensor = sign == 1 ? null : TFloat32.scalarOf(sign))
		{
			Session.Runner runner = session.runner().feed(input, in);
			if (seedTensor != null) runner.feed(ops.seed(), seedTensor);
			if (signTensor != null) runner.feed(ops.sign(), signTensor);
			runner.fetch(output).fetch(logits).fetch(ops.score()).fetch(ops.gradient());
			try (Result result = run(runner, batch)) {
				float[] logitValues = read(result.get(1));
				int[] explained = targets != null ? targets.clone() : new int[batch.count()];
				if (targets == null) for (int n = 0; n < batch.count(); n++) explained[n] = Predictions.predictedClass(info, logitValues, n, batch.count());
				FloatBatch gradient = layer ? toBatch(result.get(3))
					: new FloatBatch(batch.count(), batch.height(), batch.width(), batch.channels(), read(result.get(3)));
				return new Pass(batch.count(), read(result.get(0)), logitValues, explained, read(result.get(2)), gradient);
			}
		}
	}

	/** The values of a tensor (a layer's output) for a batch, as [N,h,w,k]. */
	public FloatBatch activations(FloatBatch batch, String tensor) {
		if (!runtimeConditions.isEmpty()) return specializedFor(batch).activations(batch, tensor);
		Output<?> values = graph.outputOrThrow(tensor);
		try (TFloat32 in = toInputTensor(batch); Result result = run(session.runner().feed(input, in).fetch(values), batch)) {
			return toBatch(result.get(0));
		}
	}

	/**
	 * The gradient of Σ seed·A with respect to the input, where A are the values of {@code tensor}
	 * for the batch and {@code seed} has one value per value of A (in [N,h,w,k] order): how
	 * objectives on a layer (feature visualization) reach the input, their seed being ∂objective/∂A.
	 */
	public FloatBatch layerGradient(FloatBatch batch, String tensor, float[] seed) {
		if (!runtimeConditions.isEmpty()) return specializedFor(batch).layerGradient(batch, tensor, seed);
		LayerGradientOps ops = layerGradientOps(tensor);
		try (TFloat32 in = toInputTensor(batch); TFloat32 seedTensor = TFloat32.tensorOf(Shape.of(seed.length), DataBuffers.of(seed, true, false));
			Result result = run(session.runner().feed(input, in).feed(ops.seed(), seedTensor).fetch(ops.gradient()), batch))
		{
			return new FloatBatch(batch.count(), batch.height(), batch.width(), batch.channels(), read(result.get(0)));
		}
	}

	private synchronized LayerGradientOps layerGradientOps(String tensor) {
		ensureOpen();
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

	/** A tensor that does not depend on the input (e.g. a layer's weights): its shape and values. */
	public record Constant(long[] shape, float[] values) {}

	public Constant constant(Output<?> tensor) {
		ensureOpen();
		try (Result result = session.runner().fetch(tensor).run()) {
			return new Constant(result.get(0).shape().asArray(), read(result.get(0)));
		}
		catch (org.tensorflow.exceptions.TensorFlowException | ClassCastException e) {
			throw new XaiException("tensor '" + tensor.op().name() + "' of the model in " + info.folder() + " is not a float constant: " +
				TensorFlowErrors.firstLine(String.valueOf(e.getMessage())).strip(), e);
		}
	}

	/** The op that takes the model's input. */
	public GraphOperation inputOperation() {
		return (GraphOperation) input.op();
	}

	/**
	 * TensorFlow's C++ gradients do not cross {@code If}: evaluate the predicates for this batch and
	 * run on a copy of the graph with the branches taken inlined (cached per decision).
	 */
	private LoadedModel specializedFor(FloatBatch batch) {
		List<Boolean> decisions = new ArrayList<>();
		try (TFloat32 in = toInputTensor(batch)) {
			Session.Runner runner = session.runner().feed(input, in);
			for (GraphOperation condition : runtimeConditions) runner.fetch(condition.input(0));
			try (Result result = run(runner, batch)) {
				for (int i = 0; i < runtimeConditions.size(); i++) {
					org.tensorflow.Tensor value = result.get(i);
					if (value.shape().size() != 1 || !(value instanceof TBool)) {
						throw new XaiException("the model in " + info.folder() + " has a conditional '" + runtimeConditions.get(i).name() +
							"' on a non-scalar predicate, which cannot be differentiated");
					}
					decisions.add(((TBool) value).getBoolean(new long[value.shape().numDimensions()]));
				}
			}
		}
		synchronized (this) {
			ensureOpen();
			LoadedModel model = specialized.get(decisions);
			if (model == null) {
				Map<String, Boolean> decided = new HashMap<>();
				for (int i = 0; i < decisions.size(); i++) decided.put(runtimeConditions.get(i).name(), decisions.get(i));
				GraphDef source = graph.toGraphDef();
				GraphFlattener.FlatGraph flat = new GraphFlattener(source, decided).flatten(List.of(info.inputTensor(), info.outputTensor(), info.logitsTensor()));
				// inlining renames a tensor that is itself a conditional's output
				Map<String, String> renamed = flat.tensors();
				ModelInfo decidedInfo = new ModelInfo(info.folder(), info.signature(), info.inputName(), renamed.getOrDefault(info.inputTensor(), info.inputTensor()),
					info.inputShape(), info.outputName(), renamed.getOrDefault(info.outputTensor(), info.outputTensor()), info.outputShape(),
					info.outputActivation(), renamed.getOrDefault(info.logitsTensor(), info.logitsTensor()), info.layers(), info.classes(), info.notes());
				Graph decidedGraph = new Graph();
				try {
					decidedGraph.importGraphDef(flat.graphDef());
					model = new LoadedModel(decidedGraph, decidedInfo, placement);
				}
				catch (RuntimeException e) {
					decidedGraph.close();
					throw new XaiException("the model in " + info.folder() + " could not be specialized for this image size: " + e.getMessage(), e);
				}
				specialized.put(decisions, model);
			}
			return model;
		}
	}

	private float[] oneHot(int[] targets) {
		int classes = info.classCount();
		float[] oneHot = new float[targets.length * classes];
		for (int n = 0; n < targets.length; n++) {
			if (targets[n] < 0 || targets[n] >= classes) throw new XaiException("class " + targets[n] + " is not an output of the model in " + info.folder());
			oneHot[n * classes + targets[n]] = 1f;
		}
		return oneHot;
	}

	private TFloat32 seedTensor(float[] seed, int count) {
		if (seed.length != count * info.classCount()) throw new IllegalArgumentException("a seed needs " + count * info.classCount() + " values");
		return TFloat32.tensorOf(Shape.of(count, info.classCount()), DataBuffers.of(seed, true, false));
	}

	public synchronized GradientOps gradientOps(GradientKey key) {
		ensureOpen();
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
		Output<TFloat32> scoreTensor = key.kind() == ScoreKind.LOGIT ? logits : output;
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
		if (rank > 2) {
			long[] shape = new long[rank];
			java.util.Arrays.fill(shape, 1);
			shape[0] = -1;
			shape[rank - 1] = classes;
			fullSeed = tf.math.mul(tf.reshape(seed, tf.constant(shape)), tf.onesLike(scoreTensor));
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
			Operand<TFloat32> weights = tf.expandDims(tf.expandDims(key.cam().of(tf, values, slopes), tf.constant(1)), tf.constant(1));
			gradient = tf.nn.relu(tf.reduceSum(tf.math.mul(values, weights), lastAxis)).asOutput();
		}
		return new GradientOps(seed, sign, score.asOutput(), gradient);
	}

	private static int[] range(int from, int to) {
		int[] axes = new int[to - from];
		for (int i = 0; i < axes.length; i++) axes[i] = from + i;
		return axes;
	}

	private TFloat32 toInputTensor(FloatBatch batch) {
		ensureOpen();
		long[] shape;
		switch (info.inputRank()) {
			case 4: shape = new long[] { batch.count(), batch.height(), batch.width(), batch.channels() }; break;
			case 3: shape = new long[] { batch.count(), batch.height(), batch.width() }; break;
			default: shape = new long[] { batch.count(), batch.sampleSize() };
		}
		return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(batch.data(), true, false));
	}

	/** A float tensor of rank 2 to 4 as a batch: [N,k] as [N,1,1,k], [N,h,w] as [N,h,w,1]. */
	private FloatBatch toBatch(org.tensorflow.Tensor tensor) {
		long[] shape = tensor.shape().asArray();
		float[] values = read(tensor);
		switch (shape.length) {
			case 4: return new FloatBatch((int) shape[0], (int) shape[1], (int) shape[2], (int) shape[3], values);
			case 3: return new FloatBatch((int) shape[0], (int) shape[1], (int) shape[2], 1, values);
			case 2: return new FloatBatch((int) shape[0], 1, 1, (int) shape[1], values);
			default: throw new XaiException("a tensor of shape " + ModelInfo.shapeString(shape) + " of the model in " + info.folder() + " is not an image-like layer");
		}
	}

	private static float[] read(org.tensorflow.Tensor tensor) {
		TFloat32 values = (TFloat32) tensor;
		float[] copy = new float[(int) values.size()];
		values.copyTo(DataBuffers.of(copy, false, false));
		return copy;
	}

	private void ensureOpen() {
		if (closed) throw new IllegalStateException("the model from " + info.folder() + " was closed");
	}

	@Override
	public synchronized void close() {
		if (closed) return;
		closed = true;
		specialized.values().forEach(LoadedModel::close);
		session.close();
		graph.close();
	}
}
