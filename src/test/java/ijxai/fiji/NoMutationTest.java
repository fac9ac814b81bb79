package ijxai.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.scijava.module.ModuleInfo;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ColorProcessor;

/**
 * Every module that takes an image (each method's module, the universal perturbation and the feature
 * space, from the registries) leaves the input's pixels, calibration and title as they were, on a
 * gray stack and on an RGB image.
 */
class NoMutationTest extends HeadlessCommands {


	/** The ij-xai modules with an image input. */
	Stream<String> modulesWithAnImage() {
		List<String> ids = new ArrayList<>();
		for (XaiModuleInfo info : ijxaiModules()) if (info.getInput("image") != null) ids.add(info.getIdentifier());
		assertTrue(ids.size() >= 22, "every method's module, the universal perturbation and the feature space: " + ids);
		return ids.stream().sorted();
	}

	private static ImagePlus grayStack() {
		ImageStack stack = new ImageStack(28, 28);
		for (String name : new String[] { "fashion-0000-ankle-boot", "fashion-0002-trouser" }) {
			stack.addSlice(name, new ImagePlus("test-images/" + name + ".png").getProcessor());
		}
		return calibrated(new ImagePlus("clothes.tif", stack));
	}

	private static ImagePlus rgb() {
		ColorProcessor color = new ColorProcessor(40, 32);
		for (int i = 0; i < 40 * 32; i++) color.set(i, (int) ((i * 2654435761L) & 0xffffff));
		return calibrated(new ImagePlus("colour.tif", color));
	}

	private static ImagePlus calibrated(ImagePlus image) {
		Calibration calibration = image.getCalibration();
		calibration.pixelWidth = 0.25;
		calibration.pixelHeight = 0.5;
		calibration.setUnit("um");
		calibration.setFunction(Calibration.STRAIGHT_LINE, new double[] { 1, 2 }, "gray");
		return image;
	}

	@ParameterizedTest
	@MethodSource("modulesWithAnImage")
	void theInputImageIsUnchanged(String id) throws Exception {
		for (ImagePlus image : new ImagePlus[] { grayStack(), rgb() }) {
			String model = image.getType() == ImagePlus.COLOR_RGB ? "models/rgb_dynamic" : "models/fashion_mnist_cnn";
			List<Object> pixels = new ArrayList<>();
			for (int i = 1; i <= image.getStackSize(); i++) pixels.add(copy(image.getStack().getPixels(i)));
			String calibration = describe(image.getCalibration());
			ModuleInfo info = modules().getModuleById(id);
			// short runs: few samples, steps and passes where the module has them
			java.util.Map<String, Object> inputs = new java.util.HashMap<>(java.util.Map.of("image", image, "model", new File(model)));
			// and the method's own layer choice, whatever an earlier run left in the preferences
			java.util.Map.of("samples", 4, "steps", 4, "passes", 1, "heldOut", 0.0, "layer", "", "relevanceLayer", "", "layerRule", "", "baseline", "black").forEach((name, value) -> {
				if (info.getInput(name) != null) inputs.put(name, value);
			});
			XaiModule module = run(info, inputs);
			assertFalse(module.isCanceled(), id + " on " + image.getTitle() + ": " + module.getCancelReason());
			for (int i = 1; i <= image.getStackSize(); i++) assertPixelsEqual(pixels.get(i - 1), image.getStack().getPixels(i), id + " slice " + i);
			assertEquals(calibration, describe(image.getCalibration()), id);
			assertEquals(image.getType() == ImagePlus.COLOR_RGB ? "colour.tif" : "clothes.tif", image.getTitle(), id);
		}
	}

	private static String describe(Calibration calibration) {
		return calibration + " " + calibration.getFunction() + " " + java.util.Arrays.toString(calibration.getCoefficients()) + " " + calibration.getValueUnit();
	}

	private static Object copy(Object array) {
		if (array instanceof byte[] b) return b.clone();
		return ((int[]) array).clone();
	}

	private static void assertPixelsEqual(Object expected, Object actual, String what) {
		if (expected instanceof byte[] b) assertArrayEquals(b, (byte[]) actual, what);
		else assertArrayEquals((int[]) expected, (int[]) actual, what);
	}
}
