package ijxai.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.FloatProcessor;
import ijxai.engine.ReferenceData;

/**
 * End to end as the issue checks it: a 32-bit image of the reference input, the command line's
 * {@code saliency --raw --normalize none}, the TIFF it writes, against TensorFlow's GradientTape.
 */
class RawGradientTest {

	@TempDir
	Path temp;

	/** Models with a flattened [N,784] or rank-3 [N,H,W] input get a 28x28 image, as a user would give them. */
	@ParameterizedTest
	@CsvSource({ "fashion_mnist_cnn,0", "mobilenetv2_small,0", "tf1_switch_merge,0", "keras3_export,0", "preprocessing_layers,0",
		"flat_input,28", "rank3_input,28" })
	void rawSaliencyFromTheCommandLineEqualsGradientTape(String model, int imageSide) throws IOException {
		ReferenceData reference = ReferenceData.of(Path.of("models", model));
		int height = imageSide > 0 ? imageSide : reference.input().height(), width = imageSide > 0 ? imageSide : reference.input().width();
		int channels = reference.input().channels();
		assertEquals(reference.input().sampleSize(), height * width * channels, "image shape of " + model);
		ImageStack stack = new ImageStack(width, height);
		for (int n = 0; n < reference.input().count(); n++) {
			for (int c = 0; c < channels; c++) {
				FloatProcessor plane = new FloatProcessor(width, height);
				for (int y = 0; y < height; y++) for (int x = 0; x < width; x++) plane.setf(x, y, reference.input().data()[n * reference.input().sampleSize() + (y * width + x) * channels + c]);
				stack.addSlice(plane);
			}
		}
		ImagePlus image = new ImagePlus("reference", stack);
		image.setDimensions(channels, reference.input().count(), 1);
		Path file = temp.resolve("reference.tif");
		new FileSaver(image).saveAsTiffStack(file.toString());

		BadInputTest.Run run = BadInputTest.cli("saliency", "--model", "models/" + model, "--image", file.toString(),
			"--raw", "--normalize", "none", "--out", temp.toString());
		assertEquals(0, run.status(), run.err());
		ImagePlus result = new ImagePlus(temp.resolve("reference_saliency.tif").toString());
		float[] gradient = reference.gradient();
		double diff = 0, norm = 0;
		int i = 0;
		for (int n = 0; n < reference.input().count(); n++) {
			for (int y = 0; y < height; y++) {
				for (int x = 0; x < width; x++) {
					for (int c = 0; c < channels; c++, i++) {
						float value = result.getStack().getProcessor(n * channels + c + 1).getf(x, y);
						diff += Math.pow(value - gradient[i], 2);
						norm += Math.pow(gradient[i], 2);
					}
				}
			}
		}
		assertTrue(Math.sqrt(diff / norm) < 1e-4, model + ": relative L2 " + Math.sqrt(diff / norm));
	}
}
