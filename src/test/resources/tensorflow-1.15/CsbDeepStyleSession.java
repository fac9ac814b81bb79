import org.tensorflow.DataType;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.TensorFlow;
import org.tensorflow.Tensors;

/**
 * What CSBDeep and StarDist do with TensorFlow Java 1.15 in Fiji, reduced to one session: a
 * denoiser-like 3×3 mean filter as a Conv2D graph, fed a 4×4 image of nines. Compiled against
 * libtensorflow-1.15.0.jar by TensorFlowBesideCsbDeepIT; a macro calls {@link #run}.
 */
public class CsbDeepStyleSession {

	public static String run() {
		float[][][][] kernel = new float[3][3][1][1], image = new float[1][4][4][1];
		for (float[][][] row : kernel) for (float[][] column : row) column[0][0] = 1f / 9;
		for (float[][] row : image[0]) for (float[] pixel : row) pixel[0] = 9;
		try (Graph graph = new Graph(); Tensor<Float> weights = Tensors.create(kernel); Tensor<Float> input = Tensors.create(image)) {
			Output<Float> x = graph.opBuilder("Placeholder", "input").setAttr("dtype", DataType.FLOAT).build().output(0);
			Output<Float> w = graph.opBuilder("Const", "kernel").setAttr("dtype", DataType.FLOAT).setAttr("value", weights).build().output(0);
			graph.opBuilder("Conv2D", "output").addInput(x).addInput(w).setAttr("strides", new long[] {1, 1, 1, 1}).setAttr("padding", "SAME").build();
			try (Session session = new Session(graph); Tensor<?> output = session.runner().feed("input", input).fetch("output").run().get(0)) {
				float[][][][] result = new float[1][4][4][1];
				output.expect(Float.class).copyTo(result);
				return "TensorFlow " + TensorFlow.version() + " session: corner " + result[0][0][0][0] + ", centre " + result[0][1][1][0];
			}
		}
	}
}
