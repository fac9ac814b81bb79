package ijxai.engine.evaluation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.tensorflow.GraphOperation;

import ijxai.engine.XaiException;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelInfo;

/**
 * A layer's weights in the flat frozen graph: the float constants (behind the identities freezing
 * leaves) that feed the weight inputs of its convolutions, matrix products, bias additions and batch
 * normalizations, in graph order: kernel then bias, or gamma, beta, moving mean, moving variance,
 * the order of Keras's {@code layer.get_weights()}.
 *
 * @param layer the layer's path, as {@link ModelInfo} names it
 * @param constants the constants' node names
 */
public record LayerWeights(String layer, List<String> constants) {

	/** Ops whose inputs from the second on are weights. */
	private static final Set<String> WEIGHTED = Set.of("Conv2D", "DepthwiseConv2dNative", "MatMul", "BiasAdd", "FusedBatchNorm", "FusedBatchNormV2",
		"FusedBatchNormV3", "Conv3D", "Conv2DBackpropInput");

	/** Every layer with weights, from the input towards the logits. */
	public static List<LayerWeights> of(LoadedModel model) {
		Map<String, String> layerByScope = new LinkedHashMap<>();
		for (ModelInfo.Layer layer : model.info().layers()) layerByScope.putIfAbsent(scope(layer.tensor().split(":")[0]), layer.name());
		Map<String, List<String>> constants = new LinkedHashMap<>();
		for (ModelInfo.Layer layer : model.info().layers()) constants.put(layer.name(), new ArrayList<>());
		Set<String> taken = new HashSet<>();
		for (GraphOperation op : model.operations()) {
			String layer = layerByScope.get(scope(op.name()));
			if (!WEIGHTED.contains(op.type()) || layer == null) continue;
			for (int i = 1; i < op.numInputs(); i++) {
				GraphOperation source = (GraphOperation) op.input(i).op();
				while (source.type().equals("Identity") && source.numInputs() == 1) source = (GraphOperation) source.input(0).op();
				if (source.type().equals("Const") && taken.add(source.name())) constants.get(layer).add(source.name());
			}
		}
		List<LayerWeights> layers = new ArrayList<>();
		constants.forEach((layer, names) -> {
			if (!names.isEmpty()) layers.add(new LayerWeights(layer, List.copyOf(names)));
		});
		if (layers.isEmpty()) throw new XaiException("the model in " + model.info().folder() + " has no layers with weights to randomize");
		return layers;
	}

	private static String scope(String opName) {
		return opName.substring(0, Math.max(0, opName.lastIndexOf('/')));
	}

	/**
	 * This layer's weights re-initialized as Quantus 0.6.0 does it for a TensorFlow model
	 * ({@code TensorFlowModel.get_random_layer_generator}): {@code np.random.seed(seed + 1)}, then
	 * each weight array in turn {@code np.random.permutation(w)}, which shuffles its rows (the first
	 * axis) and keeps their values; the seed is the same for every layer.
	 */
	public Map<String, float[]> randomized(LoadedModel model, long seed) {
		NumpyRandom random = new NumpyRandom(seed + 1);
		Map<String, float[]> values = new LinkedHashMap<>();
		for (String name : constants) {
			GraphOperation op = model.operations().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
			LoadedModel.Constant constant = model.constant(op.output(0));
			values.put(name, permuteRows(constant.values(), constant.shape().length == 0 ? 1 : (int) constant.shape()[0], random));
		}
		return values;
	}

	/** The rows of a row-major array of {@code rows} rows in numpy's permuted order. */
	static float[] permuteRows(float[] values, int rows, NumpyRandom random) {
		int[] order = random.permutation(rows);
		int rowSize = values.length / rows;
		float[] permuted = new float[values.length];
		for (int i = 0; i < rows; i++) System.arraycopy(values, order[i] * rowSize, permuted, i * rowSize, rowSize);
		return permuted;
	}
}
