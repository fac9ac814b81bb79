package ijxai.engine.features;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

import org.tensorflow.GraphOperation;

import ijxai.engine.XaiException;
import ijxai.engine.graph.BackwardPass;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelInfo;

/**
 * The kernels of the model's first convolution (the first Conv2D or depthwise convolution the
 * input reaches), as {@code [height, width, in, out]} weights: what the network looks for first.
 *
 * @param layer the Keras layer the convolution belongs to
 */
public record FirstLayerKernels(String layer, int height, int width, int inputs, int outputs, float[] weights) {

	private static final Set<String> CONVOLUTIONS = Set.of("Conv2D", "DepthwiseConv2dNative");

	public static FirstLayerKernels of(LoadedModel model) {
		GraphOperation convolution = firstConvolution(model);
		LoadedModel.Constant kernel = model.constant(convolution.input(1));
		long[] shape = kernel.shape();
		int inputs = (int) shape[2], outputs = (int) (convolution.type().equals("Conv2D") ? shape[3] : shape[2] * shape[3]);
		float[] weights = kernel.values();
		if (!convolution.type().equals("Conv2D")) weights = depthwiseAsFull(weights, (int) shape[0], (int) shape[1], inputs, (int) shape[3]);
		return new FirstLayerKernels(layerName(model.info(), convolution), (int) shape[0], (int) shape[1], inputs, outputs, weights);
	}

	/** The weight of kernel {@code k} at row y, column x, input channel c. */
	public float weight(int k, int y, int x, int c) {
		return weights[((y * width + x) * inputs + c) * outputs + k];
	}

	/** Breadth first from the input: the convolution nearest to it. */
	private static GraphOperation firstConvolution(LoadedModel model) {
		ArrayDeque<GraphOperation> queue = new ArrayDeque<>();
		Set<String> seen = new HashSet<>();
		queue.add(model.inputOperation());
		while (!queue.isEmpty()) {
			GraphOperation op = queue.poll();
			if (CONVOLUTIONS.contains(op.type()) && !op.name().startsWith(BackwardPass.OWN_OPS)) return op;
			for (int i = 0; i < op.numOutputs(); i++) {
				for (GraphOperation consumer : op.consumers(i)) if (seen.add(consumer.name())) queue.add(consumer);
			}
		}
		throw new XaiException("the model in " + model.info().folder() + " has no convolution: there are no first-layer filters to show");
	}

	/** A depthwise kernel [h,w,in,multiplier] as a full one [h,w,in,in·multiplier]: output in·m + j sees input in only. */
	private static float[] depthwiseAsFull(float[] depthwise, int height, int width, int inputs, int multiplier) {
		int outputs = inputs * multiplier;
		float[] full = new float[height * width * inputs * outputs];
		for (int p = 0; p < height * width; p++) {
			for (int c = 0; c < inputs; c++) {
				for (int j = 0; j < multiplier; j++) full[(p * inputs + c) * outputs + c * multiplier + j] = depthwise[(p * inputs + c) * multiplier + j];
			}
		}
		return full;
	}

	/** The Keras layer an op sits in: the layer whose output op shares its scope, else the op's name. */
	private static String layerName(ModelInfo info, GraphOperation op) {
		String scope = op.name().substring(0, Math.max(0, op.name().lastIndexOf('/')));
		for (ModelInfo.Layer layer : info.layers()) {
			String tensorOp = layer.tensor().split(":")[0];
			if (tensorOp.lastIndexOf('/') > 0 && tensorOp.substring(0, tensorOp.lastIndexOf('/')).equals(scope)) return layer.name();
		}
		return op.name();
	}
}
