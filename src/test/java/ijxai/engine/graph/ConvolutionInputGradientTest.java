package ijxai.engine.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

import ijxai.engine.Numbers;

/** The depthwise form of a convolution's input gradient, against TensorFlow's own Conv2DBackpropInput in the same graph. */
class ConvolutionInputGradientTest {

	private static final int HEIGHT = 9, WIDTH = 11, OUT_CHANNELS = 5;

	/** The gradient of ½Σ conv(x, W)² with respect to x: TensorFlow's and the rewrite's values, and whether it was rewritten. */
	private record Gradients(float[] tensorflows, float[] rewritten, boolean replaced) {}

	private static Gradients gradients(int inChannels, int kernel, int stride, String padding) {
		Random random = new Random(kernel * 31 + inChannels);
		try (Graph graph = new Graph(); Session session = new Session(graph)) {
			Ops tf = Ops.create(graph);
			Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, HEIGHT, WIDTH, inChannels)));
			Operand<TFloat32> filter = tf.constant(Shape.of(kernel, kernel, inChannels, OUT_CHANNELS), DataBuffers.of(gaussian(random, kernel * kernel * inChannels * OUT_CHANNELS)));
			Operand<TFloat32> y = tf.nn.conv2d(x, filter, List.of(1L, (long) stride, (long) stride, 1L), padding);
			Operand<TFloat32> score = tf.math.mul(tf.constant(0.5f), tf.reduceSum(tf.math.mul(y, y), tf.constant(new int[] { 0, 1, 2, 3 })));
			Output<?> tensorflows = graph.addGradients("gradient", new Output<?>[] { score.asOutput() }, new Output<?>[] { x.asOutput() }, null)[0];
			assertEquals("Conv2DBackpropInput", tensorflows.op().type());
			Output<?> rewritten = ConvolutionInputGradient.asDepthwise(tf, tensorflows);
			// an unchanged gradient is fetched once more through an identity (a tensor cannot be fetched twice)
			boolean replaced = rewritten != tensorflows;
			if (!replaced) rewritten = tf.identity(tensorflows.expect(TFloat32.class)).asOutput();
			try (TFloat32 input = TFloat32.tensorOf(Shape.of(2, HEIGHT, WIDTH, inChannels), DataBuffers.of(gaussian(random, 2 * HEIGHT * WIDTH * inChannels)));
				Result result = session.runner().feed(x, input).fetch(tensorflows).fetch(rewritten).run())
			{
				return new Gradients(values(result.get(0)), values(result.get(1)), replaced);
			}
		}
	}

	private static float[] gaussian(Random random, int count) {
		float[] values = new float[count];
		for (int i = 0; i < count; i++) values[i] = (float) random.nextGaussian();
		return values;
	}

	private static float[] values(org.tensorflow.Tensor tensor) {
		float[] values = new float[(int) tensor.shape().size()];
		((TFloat32) tensor).copyTo(DataBuffers.of(values, false, false));
		return values;
	}

	@Test
	void grayStrideOneConvolutionsAreRewrittenToTheSameGradient() {
		for (String padding : List.of("SAME", "VALID")) {
			for (int kernel : padding.equals("SAME") ? new int[] { 1, 3, 5 } : new int[] { 2, 3, 4 }) {
				Gradients g = gradients(1, kernel, 1, padding);
				assertTrue(g.replaced(), padding + " " + kernel + "x" + kernel);
				double error = Numbers.relativeL2(g.rewritten(), g.tensorflows());
				assertTrue(error < 1e-5, padding + " " + kernel + "x" + kernel + ": relative L2 " + error);
			}
		}
	}

	@Test
	void otherConvolutionsKeepTensorFlowsOp() {
		assertTrue(!gradients(3, 3, 1, "SAME").replaced(), "RGB input: the depthwise form is slower");
		assertTrue(!gradients(1, 3, 2, "SAME").replaced(), "stride 2");
		assertTrue(!gradients(1, 2, 1, "SAME").replaced(), "even kernel with SAME padding");
		assertSame(null, ConvolutionInputGradient.asDepthwise(null, null));
	}
}
