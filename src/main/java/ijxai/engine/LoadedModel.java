package ijxai.engine;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One loaded, flattened and frozen model: the owner of its graph and session and of the
 * gradient ops built on them. Thread-safe: TensorFlow sessions run concurrently, and graph
 * extension is serialized.
 */
public final class LoadedModel implements AutoCloseable {

	private final Graph graph;
	private final Session session;
	private final ModelInfo info;
	private final Output<TFloat32> input;
	private final Output<TFloat32> output;
	private final Output<TFloat32> logits;
	private final Map<ScoreKind, GradientOps> gradientOps = new EnumMap<>(ScoreKind.class);
	private final Map<ScoreKind, XaiException> gradientFailures = new EnumMap<>(ScoreKind.class);
	/** Conditionals whose predicate only the input tells (e.g. a crop that depends on the image size). */
	private final List<GraphOperation> runtimeConditions = new ArrayList<>();
	/** This graph with those conditionals decided, by decision: what gradients run on. */
	private final Map<List<Boolean>, LoadedModel> specialized = new HashMap<>();
	private boolean closed;

	/** The ops that give the gradient of a target score: the seed defaults to one-hot(predicted class). */
	private record GradientOps(PlaceholderWithDefault<TFloat32> seed, Output<TFloat32> score, Output<?> gradient) {}

	/** A batch's forward pass and, when asked for, its gradients. */
	public record Pass(float[] outputs, float[] logits, int[] targets, float[] scores, FloatBatch gradient) {}

	LoadedModel(Graph graph, ModelInfo info) {
		this.graph = graph;
		this.info = info;
		this.session = new Session(graph);
		this.input = graph.outputOrThrow(info.inputTensor()).expect(TFloat32.class);
		this.output = graph.outputOrThrow(info.outputTensor()).expect(TFloat32.class);
		this.logits = info.logitsTensor().equals(info.outputTensor())
			? Ops.create(graph).withSubScope("ijxai_logits").identity(output).asOutput()
			: graph.outputOrThrow(info.logitsTensor()).expect(TFloat32.class);
		graph.operations().forEachRemaining(op -> {
			if (GraphFlattener.IF_OPS.contains(op.type())) runtimeConditions.add(op);
		});
	}

	public ModelInfo info() {
		return info;
	}

	/** Output values per sample (flattened), e.g. class probabilities, and the logits. */
	public Pass predict(FloatBatch batch) {
		try (TFloat32 in = toInputTensor(batch); Result result = run(session.runner().feed(input, in).fetch(output).fetch(logits), batch)) {
			return new Pass(read(result.get(0)), read(result.get(1)), null, null, null);
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
		catch (org.tensorflow.exceptions.TensorFlowException e) {
			throw new XaiException("TensorFlow could not run the model in " + info.folder() + " on " + batch.width() + "x" + batch.height() +
				" pixels with " + batch.channels() + " channel(s): " + SavedModelLoader.firstLine(e.getMessage()).strip(), e);
		}
	}

	/**
	 * Forward pass plus the gradient of the target score with respect to the input, for every
	 * sample of the batch in one TensorFlow call.
	 */
	public Pass gradients(FloatBatch batch, Target target, ScoreKind kind) {
		if (!runtimeConditions.isEmpty()) return specializedFor(batch).gradients(batch, target, kind);
		GradientOps ops = gradientOps(kind);
		try (TFloat32 in = toInputTensor(batch); TFloat32 seed = target.isPredicted() ? null : seedFor(batch.count(), target.resolve(info))) {
			Session.Runner runner = session.runner().feed(input, in);
			if (seed != null) runner.feed(ops.seed(), seed);
			try (Result result = run(runner.fetch(output).fetch(logits).fetch(ops.score()).fetch(ops.gradient()), batch)) {
				float[] scores = read(result.get(2));
				float[] gradient = read(result.get(3));
				float[] outputs = read(result.get(0));
				int[] targets = new int[batch.count()];
				float[] logitValues = read(result.get(1));
				for (int n = 0; n < batch.count(); n++) {
					targets[n] = target.isPredicted() ? argmaxOfSample(logitValues, n, batch.count()) : target.resolve(info);
				}
				FloatBatch gradients = new FloatBatch(batch.count(), batch.height(), batch.width(), batch.channels(), gradient);
				return new Pass(outputs, logitValues, targets, scores, gradients);
			}
		}
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
				Graph decidedGraph = new Graph();
				try {
					decidedGraph.importGraphDef(flat.graphDef());
				}
				catch (RuntimeException e) {
					decidedGraph.close();
					throw new XaiException("the model in " + info.folder() + " could not be specialized for this image size: " + e.getMessage(), e);
				}
				model = new LoadedModel(decidedGraph, info);
				specialized.put(decisions, model);
			}
			return model;
		}
	}

	/** The class a sample's logits point to; for per-pixel outputs, summed over the pixels. */
	private int argmaxOfSample(float[] values, int sample, int count) {
		int perSample = values.length / count;
		int classes = info.classCount();
		double[] sums = new double[classes];
		for (int i = 0; i < perSample; i++) sums[i % classes] += values[sample * perSample + i];
		int best = 0;
		for (int k = 1; k < classes; k++) if (sums[k] > sums[best]) best = k;
		return best;
	}

	private TFloat32 seedFor(int count, int classIndex) {
		int classes = info.classCount();
		float[] oneHot = new float[count * classes];
		for (int n = 0; n < count; n++) oneHot[n * classes + classIndex] = 1f;
		return TFloat32.tensorOf(Shape.of(count, classes), DataBuffers.of(oneHot, true, false));
	}

	private synchronized GradientOps gradientOps(ScoreKind kind) {
		ensureOpen();
		// a failed addGradients leaves half-built ops behind: remember the failure, do not retry
		if (gradientFailures.containsKey(kind)) throw gradientFailures.get(kind);
		try {
			return gradientOps.computeIfAbsent(kind, this::buildGradientOps);
		}
		catch (XaiException e) {
			gradientFailures.put(kind, e);
			throw e;
		}
	}

	private GradientOps buildGradientOps(ScoreKind kind) {
		Ops tf = Ops.create(graph).withSubScope("ijxai_" + kind.name().toLowerCase());
		Output<TFloat32> scoreTensor = kind == ScoreKind.LOGIT ? logits : output;
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
		Output<?>[] gradient;
		try {
			gradient = graph.addGradients("ijxai_gradient_" + kind.name().toLowerCase(),
				new Output<?>[] { scoreTensor }, new Output<?>[] { input }, new Output<?>[] { fullSeed.asOutput() });
		}
		catch (RuntimeException e) {
			throw new XaiException("TensorFlow cannot differentiate the model in " + info.folder() + ": " + e.getMessage(), e);
		}
		return new GradientOps(seed, score.asOutput(), gradient[0]);
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
