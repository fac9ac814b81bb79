package ijxai.image;

import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import ijxai.engine.model.ModelInfo;

/** Images of 3×2 pixels (width 3, height 2; values row by row) and models that take them, for the bridge's tests. */
final class TinyImages {

	static final int WIDTH = 3, HEIGHT = 2;

	private TinyImages() {}

	static ByteProcessor bytes(int... values) {
		byte[] pixels = new byte[values.length];
		for (int i = 0; i < values.length; i++) pixels[i] = (byte) values[i];
		return new ByteProcessor(WIDTH, HEIGHT, pixels);
	}

	static ShortProcessor shorts(int... values) {
		short[] pixels = new short[values.length];
		for (int i = 0; i < values.length; i++) pixels[i] = (short) values[i];
		return new ShortProcessor(WIDTH, HEIGHT, pixels, null);
	}

	static FloatProcessor floats(float... values) {
		return new FloatProcessor(WIDTH, HEIGHT, values.clone());
	}

	/** An RGB plane from (red, green, blue) per pixel. */
	static ColorProcessor rgb(int[]... colours) {
		int[] pixels = new int[colours.length];
		for (int i = 0; i < colours.length; i++) pixels[i] = colours[i][0] << 16 | colours[i][1] << 8 | colours[i][2];
		return new ColorProcessor(WIDTH, HEIGHT, pixels);
	}

	static ImagePlus image(String title, ImageProcessor plane) {
		return new ImagePlus(title, plane);
	}

	/** A hyperstack of the planes in ImageJ's order: channel fastest, then slice (z), then frame (t). */
	static ImagePlus hyperstack(String title, int channels, int slices, int frames, ImageProcessor... planes) {
		ImageStack stack = new ImageStack(WIDTH, HEIGHT);
		for (ImageProcessor plane : planes) stack.addSlice(plane);
		ImagePlus image = new ImagePlus(title, stack);
		image.setDimensions(channels, slices, frames);
		return image;
	}

	/** A model input of shape [N,height,width,channels] (-1: any), two classes; nothing else of the model is read. */
	static ModelInfo model(long height, long width, long channels) {
		return new ModelInfo("tiny-model", "serving_default", "x", "x:0", new long[] { -1, height, width, channels }, "y", "y:0", new long[] { -1, 2 },
			"none", "y:0", List.of(), List.of("a", "b"), List.of());
	}

	/** A model that takes images of any size. */
	static ModelInfo anySize(long channels) {
		return model(-1, -1, channels);
	}

	/** The pixels of a plane as floats (RGB packed values are not wanted here: use the channels). */
	static float[] values(ImageProcessor plane) {
		return (float[]) plane.convertToFloatProcessor().getPixels();
	}
}
