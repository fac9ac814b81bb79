package ijxai.engine.model;

import java.util.ArrayList;
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
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;

import ijxai.engine.FloatBatch;
import ijxai.engine.XaiException;
import ijxai.engine.graph.BackwardPass;
import ijxai.engine.graph.RuleSet;
import ijxai.engine.model.GradientGraphs.LayerGradientOps;

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
	private final BatchTensors tensors;
	private final GradientGraphs gradientGraphs;
	/** Conditionals whose predicate only the input tells, and this graph with them decided: what gradients run on. */
	private final RuntimeConditions runtimeConditions;
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
	 * The channel weights of a class activation map, as ops, from a layer's values A [N,h,w,k] and
	 * the gradient g = ∂S/∂A: [N,k] for one weight per channel, or [N,h,w,k] for one per position
	 * and channel. Keys the built ops: one constant per method.
	 */
	public interface CamWeights {
		Operand<TFloat32> of(Ops tf, Operand<TFloat32> activations, Operand<TFloat32> gradient);
	}

	/**
	 * The ops that give the gradient of a target score: the seed defaults to one-hot(predicted
	 * class). For the loss, the seed is the one-hot of the loss's class, and {@code sign} (default
	 * 1) multiplies the loss. For a per-pixel output, {@code outputSeed} (else null) replaces the
	 * seed broadcast over the pixels with one weight per output value, fed flat: a region target.
	 */
	public record GradientOps(PlaceholderWithDefault<TFloat32> seed, PlaceholderWithDefault<TFloat32> outputSeed, PlaceholderWithDefault<TFloat32> sign,
		Output<TFloat32> score, Output<?> gradient) {}

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
		this.tensors = new BatchTensors(info);
		this.gradientGraphs = new GradientGraphs(graph, info, input, output, logits);
		this.runtimeConditions = new RuntimeConditions(graph, info, placement);
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
			return new Pass(batch.count(), BatchTensors.read(result.get(0)), BatchTensors.read(result.get(1)), null, null, null);
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
		return gradients(batch, targets, null, kind, wrt, rules);
	}

	/**
	 * As {@link #gradients(FloatBatch, int[], ScoreKind, String, RuleSet)}, for a per-pixel output
	 * with {@code outputSeed} (null: the targets' channels over every pixel) one weight per output
	 * value, in the output's [N,h,w,K] order: the score is Σ outputSeed · values, a region's sum
	 * or mean of its channel; {@code targets} then name the channels for the pass.
	 */
	public Pass gradients(FloatBatch batch, int[] targets, float[] outputSeed, ScoreKind kind, String wrt, RuleSet rules) {
		GradientKey key = new GradientKey(kind, wrt == null || wrt.equals(info.inputTensor()) ? null : wrt, rules, false);
		return gradients(key, batch, targets == null ? null : tensors.oneHot(targets), outputSeed, targets, 1);
	}

	/**
	 * Forward pass plus the class activation map relu(Σ_k w_k ⊙ A_k) of the score of
	 * {@code targets[n]} (null: each sample's predicted class) at the layer tensor {@code layer}
	 * (rank 4), with channel weights w made by {@code weights}; the map is the pass's gradient.
	 */
	public Pass classActivationMaps(FloatBatch batch, int[] targets, ScoreKind kind, String layer, CamWeights weights) {
		return classActivationMaps(batch, targets, null, kind, layer, weights);
	}

	/** As {@link #classActivationMaps(FloatBatch, int[], ScoreKind, String, CamWeights)} with an output seed (as {@link #gradients(FloatBatch, int[], float[], ScoreKind, String, RuleSet)}): Seg-Grad-CAM. */
	public Pass classActivationMaps(FloatBatch batch, int[] targets, float[] outputSeed, ScoreKind kind, String layer, CamWeights weights) {
		return gradients(new GradientKey(kind, layer, null, false, weights), batch, targets == null ? null : tensors.oneHot(targets), outputSeed, targets, 1);
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
		return gradients(key, batch, classes == null ? null : tensors.oneHot(classes), null, classes, descend ? -1 : 1);
	}

	private Pass gradients(GradientKey key, FloatBatch batch, float[] seed, float[] outputSeed, int[] targets, float sign) {
		if (!runtimeConditions.isEmpty()) return specializedFor(batch).gradients(key, batch, seed, outputSeed, targets, sign);
		GradientOps ops = gradientOps(key);
		if (outputSeed != null && ops.outputSeed() == null) throw new XaiException("a region target needs a per-pixel output; the model in " + info.folder() + " has none");
		boolean layer = key.wrt() != null;
		try (TFloat32 in = toInputTensor(batch); TFloat32 seedTensor = seed == null ? null : tensors.seedTensor(seed, batch.count());
			TFloat32 outputSeedTensor = outputSeed == null ? null : BatchTensors.flatTensor(outputSeed);
			TFloat32 signTensor = sign == 1 ? null : TFloat32.scalarOf(sign))
		{
			Session.Runner runner = session.runner().feed(input, in);
			if (seedTensor != null) runner.feed(ops.seed(), seedTensor);
			if (outputSeedTensor != null) runner.feed(ops.outputSeed(), outputSeedTensor);
			if (signTensor != null) runner.feed(ops.sign(), signTensor);
			runner.fetch(output).fetch(logits).fetch(ops.score()).fetch(ops.gradient());
			try (Result result = run(runner, batch)) {
				float[] logitValues = BatchTensors.read(result.get(1));
				int[] explained = targets != null ? targets.clone() : new int[batch.count()];
				if (targets == null) for (int n = 0; n < batch.count(); n++) explained[n] = Predictions.predictedClass(info, logitValues, n, batch.count());
				FloatBatch gradient = layer ? tensors.toBatch(result.get(3)) : BatchTensors.shapedLike(batch, result.get(3));
				return new Pass(batch.count(), BatchTensors.read(result.get(0)), logitValues, explained, BatchTensors.read(result.get(2)), gradient);
			}
		}
	}

	/** The values of a tensor (a layer's output) for a batch, as [N,h,w,k]. */
	public FloatBatch activations(FloatBatch batch, String tensor) {
		if (!runtimeConditions.isEmpty()) return specializedFor(batch).activations(batch, tensor);
		Output<?> values = graph.outputOrThrow(tensor);
		try (TFloat32 in = toInputTensor(batch); Result result = run(session.runner().feed(input, in).fetch(values), batch)) {
			return tensors.toBatch(result.get(0));
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
		try (TFloat32 in = toInputTensor(batch); TFloat32 seedTensor = BatchTensors.flatTensor(seed);
			Result result = run(session.runner().feed(input, in).feed(ops.seed(), seedTensor).fetch(ops.gradient()), batch))
		{
			return BatchTensors.shapedLike(batch, result.get(0));
		}
	}

	private synchronized LayerGradientOps layerGradientOps(String tensor) {
		ensureOpen();
		return gradientGraphs.layerGradientOps(tensor);
	}

	/** A tensor that does not depend on the input (e.g. a layer's weights): its shape and values. */
	public record Constant(long[] shape, float[] values) {}

	public Constant constant(Output<?> tensor) {
		ensureOpen();
		try (Result result = session.runner().fetch(tensor).run()) {
			return new Constant(result.get(0).shape().asArray(), BatchTensors.read(result.get(0)));
		}
		catch (org.tensorflow.exceptions.TensorFlowException | ClassCastException e) {
			throw new XaiException("tensor '" + tensor.op().name() + "' of the model in " + info.folder() + " is not a float constant: " +
				TensorFlowErrors.firstLine(String.valueOf(e.getMessage())).strip(), e);
		}
	}

	/**
	 * A second model, this one with the float constants named (frozen weights, by node name, as
	 * {@link #operations()} lists them) holding other values; the caller closes it. The model on
	 * disk and this model are untouched.
	 */
	public LoadedModel withConstants(Map<String, float[]> values) {
		Graph copy = new Graph();
		try {
			copy.importGraphDef(ConstantValues.replaced(graphDef(), values, info.folder()));
			return new LoadedModel(copy, info, placement);
		}
		catch (RuntimeException e) {
			copy.close();
			throw e;
		}
	}

	/** The model's own graph, without the ops ij-xai added to it. */
	synchronized GraphDef graphDef() {
		ensureOpen();
		return ConstantValues.replaced(graph.toGraphDef(), Map.of(), info.folder());
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
		List<Boolean> decisions;
		try (TFloat32 in = toInputTensor(batch)) {
			Session.Runner runner = session.runner().feed(input, in);
			runtimeConditions.fetchPredicates(runner);
			try (Result result = run(runner, batch)) {
				decisions = runtimeConditions.decisions(result);
			}
		}
		synchronized (this) {
			ensureOpen();
			return runtimeConditions.specializedFor(decisions);
		}
	}

	public synchronized GradientOps gradientOps(GradientKey key) {
		ensureOpen();
		return gradientGraphs.gradientOps(key);
	}

	private TFloat32 toInputTensor(FloatBatch batch) {
		ensureOpen();
		return tensors.toInputTensor(batch);
	}

	private void ensureOpen() {
		if (closed) throw new IllegalStateException("the model from " + info.folder() + " was closed");
	}

	@Override
	public synchronized void close() {
		if (closed) return;
		closed = true;
		runtimeConditions.close();
		session.close();
		graph.close();
	}
}
