package ijxai.engine.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import ijxai.engine.FloatBatch;
import ijxai.engine.XaiException;

/**
 * A classifier whose weights train: the frozen model's weight constants become variables again
 * (initialized from them), with the cross-entropy's gradients with respect to the weights and to
 * the input, and Adam steps (Kingma and Ba; TensorFlow's ResourceApplyAdam, Keras' defaults
 * β₁ 0.9, β₂ 0.999, ε 1e-7). Trained weights are exported as a new SavedModel, frozen; the model
 * it came from, on disk and loaded, is never changed. Keras' non-trainable variables (batch-norm
 * moving statistics) stay constants.
 */
public final class TrainableModel implements AutoCloseable {

	private static final String VARIABLE = "/ijxai_variable", OWN = "ijxai_training";
	private static final float BETA1 = 0.9f, BETA2 = 0.999f, EPSILON = 1e-7f;

	private final LoadedModel model;
	private final Graph graph;
	private final Session session;
	private final List<String> weights;
	private final Output<TFloat32> input, logits;
	private final Placeholder<TInt32> labels;
	private final Placeholder<TFloat32> sampleWeights, learningRate, beta1Power, beta2Power;
	private final Output<?> inputGradient;
	private final List<String> steps = new ArrayList<>();
	private final List<Output<?>> reads = new ArrayList<>();
	private final BatchTensors tensors;
	private int step;

	private TrainableModel(LoadedModel model, GraphDef trainable, List<String> weights) {
		this.model = model;
		this.weights = weights;
		this.tensors = new BatchTensors(model.info());
		this.graph = new Graph();
		try {
			graph.importGraphDef(trainable);
			ModelInfo info = model.info();
			Ops tf = Ops.create(graph).withSubScope(OWN);
			input = graph.outputOrThrow(info.inputTensor()).expect(TFloat32.class);
			logits = graph.outputOrThrow(info.logitsTensor()).expect(TFloat32.class);
			labels = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
			sampleWeights = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
			learningRate = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
			beta1Power = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
			beta2Power = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
			// ∂(Σ wₙ CEₙ)/∂logits = wₙ (softmax − one-hot): the seed of both backward passes, no gradient of the loss op needed
			Operand<TFloat32> oneHot = tf.oneHot(labels, tf.constant(info.classCount()), tf.constant(1f), tf.constant(0f));
			Operand<TFloat32> seed = tf.math.mul(tf.math.sub(tf.nn.softmax(logits), oneHot), tf.expandDims(sampleWeights, tf.constant(1)));
			inputGradient = graph.addGradients(OWN + "_input_gradient", new Output<?>[] { logits }, new Output<?>[] { input }, new Output<?>[] { seed.asOutput() })[0];
			for (String weight : weights) reads.add(graph.outputOrThrow(weight));
			Output<?>[] gradients = graph.addGradients(OWN + "_weight_gradients", new Output<?>[] { logits }, reads.toArray(new Output<?>[0]),
				new Output<?>[] { seed.asOutput() });
			List<String> initializers = new ArrayList<>();
			for (int w = 0; w < weights.size(); w++) {
				Output<?> variable = graph.outputOrThrow(weights.get(w) + VARIABLE);
				Shape shape = reads.get(w).shape();
				// named: resource variables with an empty shared name would all be one
				var m = tf.varHandleOp(TFloat32.class, shape, VarHandleOp.sharedName(weights.get(w) + "/ijxai_adam_m"));
				var v = tf.varHandleOp(TFloat32.class, shape, VarHandleOp.sharedName(weights.get(w) + "/ijxai_adam_v"));
				initializers.add(tf.assignVariableOp(m, tf.zeros(tf.constant(shape), TFloat32.class)).op().name());
				initializers.add(tf.assignVariableOp(v, tf.zeros(tf.constant(shape), TFloat32.class)).op().name());
				Operand<TFloat32> gradient = gradients[w] == null ? tf.zeros(tf.constant(shape), TFloat32.class) : gradients[w].expect(TFloat32.class);
				steps.add(tf.train.resourceApplyAdam(variable, m, v, beta1Power, beta2Power, learningRate, tf.constant(BETA1), tf.constant(BETA2),
					tf.constant(EPSILON), gradient).op().name());
				initializers.add(weights.get(w) + "/ijxai_assign");
			}
			Session created = new Session(graph, model.placement().config());
			try {
				Session.Runner init = created.runner();
				initializers.forEach(init::addTarget);
				init.run().close();
			}
			catch (RuntimeException e) {
				created.close();
				throw e;
			}
			session = created;
		}
		catch (RuntimeException e) {
			graph.close();
			throw e instanceof XaiException ? e : new XaiException("the model in " + model.info().folder() + " cannot be made trainable: "
				+ TensorFlowErrors.firstLine(String.valueOf(e.getMessage())), e);
		}
	}

	/**
	 * The model with its weights as variables. Refused for a model that is no softmax (or linear)
	 * classifier, and for TF1 reference variables (VariableV2), which TensorFlow's resource
	 * optimizers do not update.
	 */
	public static TrainableModel of(LoadedModel model) {
		ModelInfo info = model.info();
		if (info.outputShape().length != 2 || "sigmoid".equalsIgnoreCase(info.outputActivation())) {
			throw new XaiException("fine-tuning needs a classifier with one softmax (or linear) output per class; the model in " + info.folder()
				+ " gives " + java.util.Arrays.toString(info.outputShape()) + (info.outputActivation() == null ? "" : " through " + info.outputActivation()));
		}
		Map<String, String> variables = SavedModelLoader.variableOps(Path.of(info.folder()));
		List<String> reference = variables.entrySet().stream().filter(e -> !e.getValue().equals("VarHandleOp")).map(Map.Entry::getKey).toList();
		GraphDef frozen = model.graphDef();
		List<String> weights = new ArrayList<>();
		GraphDef.Builder trainable = frozen.toBuilder().clearNode();
		for (NodeDef node : frozen.getNodeList()) {
			boolean weight = variables.containsKey(node.getName()) && node.getOp().equals("Const")
				&& node.getAttrOrThrow("dtype").getType() == DataType.DT_FLOAT && !isStatistic(node.getName());
			if (!weight) {
				trainable.addNode(node);
				continue;
			}
			if (reference.contains(node.getName())) {
				throw new XaiException("the model in " + info.folder() + " keeps its weights in TF1 reference variables (" + variables.get(node.getName())
					+ " '" + node.getName() + "'), which cannot be trained here; export it with resource variables (TF2, tf.compat.v1.enable_resource_variables())");
			}
			weights.add(node.getName());
			addVariable(trainable, node);
		}
		if (weights.isEmpty()) throw new XaiException("the model in " + info.folder() + " has no weights to train");
		return new TrainableModel(model, trainable.build(), List.copyOf(weights));
	}

	/** Keras' non-trainable variables: batch normalization's moving mean and variance. */
	private static boolean isStatistic(String name) {
		return name.contains("moving_mean") || name.contains("moving_variance");
	}

	/** Const NAME → VarHandleOp NAME/ijxai_variable, its initializer, and ReadVariableOp NAME, which the layers go on reading. */
	private static void addVariable(GraphDef.Builder graph, NodeDef constant) {
		String name = constant.getName();
		AttrValue dtype = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();
		TensorShapeProto shape = constant.getAttrOrThrow("value").getTensor().getTensorShape();
		graph.addNode(NodeDef.newBuilder().setName(name + VARIABLE).setOp("VarHandleOp").putAttr("dtype", dtype)
			.putAttr("shape", AttrValue.newBuilder().setShape(shape).build()).putAttr("shared_name", AttrValue.newBuilder().setS(com.google.protobuf.ByteString
				.copyFromUtf8(name + VARIABLE)).build()).putAttr("container", AttrValue.newBuilder().setS(com.google.protobuf.ByteString.EMPTY).build()));
		graph.addNode(constant.toBuilder().setName(name + "/ijxai_initial"));
		graph.addNode(NodeDef.newBuilder().setName(name + "/ijxai_assign").setOp("AssignVariableOp").addInput(name + VARIABLE).addInput(name + "/ijxai_initial")
			.putAttr("dtype", dtype));
		graph.addNode(NodeDef.newBuilder().setName(name).setOp("ReadVariableOp").addInput(name + VARIABLE).putAttr("dtype", dtype));
	}

	/** The names of the weights that train, as the frozen model calls its constants. */
	public List<String> weights() {
		return weights;
	}

	/** The logits of a batch with the current weights. */
	public float[] logits(FloatBatch batch) {
		try (TFloat32 in = tensors.toInputTensor(batch); Result result = run(session.runner().feed(input, in).fetch(logits))) {
			return BatchTensors.read(result.get(0));
		}
	}

	/** ∂CE/∂x of each sample for its label, with the current weights (in the input's own layout, flattened). */
	public float[] inputGradient(FloatBatch batch, int[] classes) {
		float[] ones = new float[batch.count()];
		java.util.Arrays.fill(ones, 1f);
		try (TFloat32 in = tensors.toInputTensor(batch); TInt32 truth = TInt32.vectorOf(classes); TFloat32 weight = BatchTensors.flatTensor(ones);
			Result result = run(session.runner().feed(input, in).feed(labels, truth).feed(sampleWeights, weight).fetch(inputGradient)))
		{
			return BatchTensors.read(result.get(0));
		}
	}

	/** One Adam step on Σₙ wₙ CE(xₙ, labelₙ). */
	public void step(FloatBatch batch, int[] classes, float[] weightsPerSample, double rate) {
		step++;
		try (TFloat32 in = tensors.toInputTensor(batch); TInt32 truth = TInt32.vectorOf(classes); TFloat32 weight = BatchTensors.flatTensor(weightsPerSample);
			TFloat32 lr = TFloat32.scalarOf((float) rate); TFloat32 b1 = TFloat32.scalarOf((float) Math.pow(BETA1, step));
			TFloat32 b2 = TFloat32.scalarOf((float) Math.pow(BETA2, step)))
		{
			Session.Runner runner = session.runner().feed(input, in).feed(labels, truth).feed(sampleWeights, weight).feed(learningRate, lr)
				.feed(beta1Power, b1).feed(beta2Power, b2);
			steps.forEach(runner::addTarget);
			run(runner).close();
		}
	}

	/** A TensorFlow failure (a batch the model cannot take, say) as a message naming the model. */
	private Result run(Session.Runner runner) {
		try {
			return runner.run();
		}
		catch (TensorFlowException e) {
			throw new XaiException("training the model in " + model.info().folder() + " failed: " + TensorFlowErrors.firstLine(String.valueOf(e.getMessage())), e);
		}
	}

	/** The current weights, by constant name. */
	public Map<String, float[]> currentWeights() {
		Session.Runner runner = session.runner();
		reads.forEach(runner::fetch);
		Map<String, float[]> values = new LinkedHashMap<>();
		try (Result result = run(runner)) {
			for (int w = 0; w < weights.size(); w++) values.put(weights.get(w), BatchTensors.read(result.get(w)));
		}
		return values;
	}

	/**
	 * Writes the model with the current weights, frozen, as a SavedModel (serving_default taking and
	 * giving what the original's signature did) into {@code folder}, which must not exist yet; the
	 * class names go along as labels.txt.
	 */
	public void export(Path folder) {
		if (Files.exists(folder)) throw new XaiException(folder + " exists already: the fine-tuned model is never written over anything");
		ModelInfo info = model.info();
		GraphDef frozen = ConstantValues.replaced(model.graphDef(), currentWeights(), info.folder());
		SignatureDef signature = SignatureDef.newBuilder().setMethodName("tensorflow/serving/predict")
			.putInputs(info.inputName(), tensorInfo(info.inputTensor(), info.inputShape())).putOutputs(info.outputName(), tensorInfo(info.outputTensor(), info.outputShape()))
			.build();
		MetaGraphDef metaGraph = MetaGraphDef.newBuilder().setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder().addTags(ModelOptions.TAG))
			.setGraphDef(frozen).putSignatureDef("serving_default", signature).build();
		try {
			Files.createDirectories(folder.resolve("variables"));
			Files.write(folder.resolve("saved_model.pb"), SavedModel.newBuilder().setSavedModelSchemaVersion(1).addMetaGraphs(metaGraph).build().toByteArray());
			if (!info.classes().isEmpty()) Files.write(folder.resolve("labels.txt"), info.classes());
		}
		catch (IOException e) {
			throw new XaiException("cannot write the fine-tuned model to " + folder + ": " + e.getMessage());
		}
	}

	/** A float tensor of this shape (the batch axis, and any other unknown one, −1). */
	private static TensorInfo tensorInfo(String tensor, long[] shape) {
		TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
		for (int axis = 0; axis < shape.length; axis++) dims.addDim(TensorShapeProto.Dim.newBuilder().setSize(axis == 0 || shape[axis] < 0 ? -1 : shape[axis]));
		return TensorInfo.newBuilder().setName(tensor.contains(":") ? tensor : tensor + ":0").setDtype(DataType.DT_FLOAT).setTensorShape(dims).build();
	}

	@Override
	public void close() {
		session.close();
		graph.close();
	}
}
