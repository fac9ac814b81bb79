package ijxai.image;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import ijxai.engine.FloatBatch;
import ijxai.engine.ImageSpace;
import ijxai.engine.Normalization;
import ijxai.engine.XaiException;
import ijxai.engine.method.Explanation;
import ijxai.engine.model.MemoryBudget;
import ijxai.engine.model.ModelInfo;

/**
 * ImagePlus to model batch and back. Every slice (z and t) of the image becomes one sample;
 * channels come from RGB or from the hyperstack's channel axis. The input image is only read.
 */
public final class ImageBridge {

	/** File endings of the images a folder is read for. */
	public static final java.util.Set<String> IMAGE_SUFFIXES = java.util.Set.of(".tif", ".tiff", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".pgm");

	private ImageBridge() {}

	/**
	 * Opens an image file; a file ImageJ cannot read, or whose reader fails on damaged bytes
	 * (e.g. a truncated TIFF header), is refused by name.
	 */
	public static ImagePlus open(java.nio.file.Path file) {
		ImagePlus image;
		try {
			image = ij.IJ.openImage(file.toAbsolutePath().toString());
		}
		catch (RuntimeException e) {
			image = null;
		}
		if (image == null) throw new XaiException("image " + file + " cannot be read: not an image format ImageJ knows, or a damaged file");
		return image;
	}

	/** The batch for an image; with {@code resize}, slices are scaled (bilinear) to the model's fixed size. */
	public static FloatBatch toBatch(ImagePlus image, ModelInfo info, Normalization normalization, boolean resize) {
		return toInput(image, info, normalization, resize).batch();
	}

	/** A batch and how its values map back to the image's. */
	public record Input(FloatBatch batch, ImageSpace space) {}

	public static Input toInput(ImagePlus image, ModelInfo info, Normalization normalization, boolean resize) {
		String name = describe(image);
		if (image.getStackSize() == 0 || image.getProcessor() == null) throw new XaiException(name + " has no pixels");
		boolean rgb = image.getType() == ImagePlus.COLOR_RGB;
		int channels = rgb ? 3 : image.getNChannels();
		int samples = image.getStackSize() / (rgb ? 1 : image.getNChannels());
		int[] size = targetSize(image, info, resize);
		int height = size[0], width = size[1];
		double bitDepthMax = rgb || image.getBitDepth() == 8 ? 255 : image.getBitDepth() == 16 ? 65535 : 0;
		FloatBatch batch = FloatBatch.zeros(samples, height, width, channels);
		ImageSpace.Affine[] affines = new ImageSpace.Affine[samples];
		float[] data = batch.data();
		ImageStack stack = image.getStack();
		for (int n = 0; n < samples; n++) {
			for (int c = 0; c < channels; c++) {
				ImageProcessor plane = rgb ? ((ColorProcessor) stack.getProcessor(n + 1)).getChannel(c + 1, null)
					: stack.getProcessor(n * channels + c + 1);
				FloatProcessor values = plane.convertToFloatProcessor();
				if (values.getWidth() != width || values.getHeight() != height) {
					values.setInterpolationMethod(ImageProcessor.BILINEAR);
					values = (FloatProcessor) values.resize(width, height, true);
				}
				float[] pixels = (float[]) values.getPixels();
				for (int i = 0; i < pixels.length; i++) data[(n * height * width + i) * channels + c] = pixels[i];
			}
			affines[n] = normalization.apply(data, n * batch.sampleSize(), (n + 1) * batch.sampleSize(), bitDepthMax);
		}
		if (batch.hasNonFinite()) throw new XaiException(name + " has NaN or infinite pixel values; replace them first (Process › Math › NaN Background)");
		boolean integer = bitDepthMax > 0;
		return new Input(batch, new ImageSpace(affines, integer ? 0 : Double.NEGATIVE_INFINITY, integer ? bitDepthMax : Double.POSITIVE_INFINITY, integer));
	}

	/** Refuses an image whose copy as model input alone would exceed the memory budget. */
	public static void checkMemory(ImagePlus image, ModelInfo info, boolean resize, MemoryBudget memory) {
		if (image.getProcessor() == null) return;
		int[] size = targetSize(image, info, resize);
		long channels = image.getType() == ImagePlus.COLOR_RGB ? 3 : 1;
		memory.checkImage(describe(image), (long) image.getStackSize() * channels * size[0] * size[1]);
	}

	/** Height and width the model gets: the image's, or the model's fixed size when resizing. */
	private static int[] targetSize(ImagePlus image, ModelInfo info, boolean resize) {
		long[] shape = info.inputShape();
		if (!resize || shape.length < 3 || shape[1] < 0 || shape[2] < 0) return new int[] { image.getHeight(), image.getWidth() };
		return new int[] { (int) shape[1], (int) shape[2] };
	}

	/**
	 * A 32-bit stack, one slice per sample (and per channel for raw maps), labelled, with a
	 * magnitude or diverging LUT, calibrated like the input. Maps at model size are scaled back
	 * to the image size unless {@code keepModelSize} (raw output in model-input space).
	 */
	public static ImagePlus toImage(Explanation explanation, ImagePlus source, String title, boolean keepModelSize) {
		FloatBatch maps = explanation.maps();
		int width = keepModelSize ? maps.width() : source.getWidth();
		int height = keepModelSize ? maps.height() : source.getHeight();
		ImageStack stack = new ImageStack(width, height);
		double maxAbs = 0;
		for (int n = 0; n < maps.count(); n++) {
			for (int c = 0; c < maps.channels(); c++) {
				FloatProcessor plane = new FloatProcessor(maps.width(), maps.height());
				for (int y = 0; y < maps.height(); y++) for (int x = 0; x < maps.width(); x++) plane.setf(x, y, maps.get(n, y, x, c));
				if (plane.getWidth() != width || plane.getHeight() != height) {
					plane.setInterpolationMethod(ImageProcessor.BILINEAR);
					plane = (FloatProcessor) plane.resize(width, height, true);
				}
				for (float v : (float[]) plane.getPixels()) maxAbs = Math.max(maxAbs, Math.abs(v));
				String channel = !explanation.channelNames().isEmpty() ? " · " + explanation.channelNames().get(c)
					: maps.channels() > 1 ? " · channel " + (c + 1) : "";
				stack.addSlice(explanation.labels().get(n) + channel, plane);
			}
		}
		ImagePlus result = new ImagePlus(title, stack);
		if (explanation.display() == Explanation.Display.IMAGE) result = asImages(result, maps, source);
		else if (maps.channels() > 1) result.setDimensions(maps.channels(), maps.count(), 1);
		if (!keepModelSize || (width == source.getWidth() && height == source.getHeight())) result.setCalibration(source.getCalibration().copy());
		if (maxAbs == 0) maxAbs = 1;
		if (explanation.display() == Explanation.Display.SIGNED) {
			result.getProcessor().setLut(Luts.diverging());
			result.setDisplayRange(-maxAbs, maxAbs);
		}
		else if (explanation.display() == Explanation.Display.MAGNITUDE) {
			result.getProcessor().setLut(Luts.magnitude());
			result.setDisplayRange(0, maxAbs);
		}
		// the labels also go into the info, which a single-image TIFF keeps where it drops the slice label
		StringBuilder info = new StringBuilder("ij-xai " + explanation.method() + "\n");
		for (int n = 0; n < explanation.labels().size(); n++) info.append("slice ").append(n + 1).append(": ").append(explanation.labels().get(n)).append('\n');
		result.setProperty("Info", info.toString());
		return result;
	}

	/**
	 * Maps that are images (feature visualizations, in image units): planes are frames (or layers)
	 * of the source's channels, so they become a hyperstack of those channels over time, shown
	 * as an RGB composite for RGB sources and in gray over the whole range otherwise.
	 */
	private static ImagePlus asImages(ImagePlus stacked, FloatBatch maps, ImagePlus source) {
		int channels = source.getType() == ImagePlus.COLOR_RGB ? 3 : source.getNChannels();
		if (maps.channels() % channels != 0) channels = 1;
		stacked.setDimensions(channels, 1, stacked.getStackSize() / channels);
		ImagePlus result = stacked;
		if (channels == 3 && source.getType() == ImagePlus.COLOR_RGB) {
			result = new CompositeImage(stacked, IJ.COMPOSITE);
			java.awt.Color[] colours = { java.awt.Color.RED, java.awt.Color.GREEN, java.awt.Color.BLUE };
			for (int c = 0; c < 3; c++) ((CompositeImage) result).setChannelLut(LUT.createLutFromColor(colours[c]), c + 1);
		}
		ij.process.StackStatistics range = new ij.process.StackStatistics(stacked);
		for (int c = 1; c <= channels; c++) {
			result.setC(c);
			result.setDisplayRange(range.min, range.max);
		}
		result.setC(1);
		return result;
	}

	/**
	 * Model inputs back as an image of the source's type (8/16/32-bit, RGB, channels), values
	 * mapped back through the normalization, rounded and clipped as that type stores them. Only at
	 * the model's input size (no resizing back: the values are what the model saw).
	 */
	public static ImagePlus toSourceType(FloatBatch batch, ImageSpace space, ImagePlus source, String title, java.util.List<String> labels) {
		boolean rgb = source.getType() == ImagePlus.COLOR_RGB;
		int width = batch.width(), height = batch.height(), channels = batch.channels();
		if (rgb && channels != 3) throw new XaiException("an RGB image takes 3 channels back, not " + channels + " (" + title + ")");
		ImageStack stack = new ImageStack(width, height);
		for (int n = 0; n < batch.count(); n++) {
			FloatProcessor[] planes = new FloatProcessor[channels];
			for (int c = 0; c < channels; c++) {
				planes[c] = new FloatProcessor(width, height);
				for (int y = 0; y < height; y++) {
					for (int x = 0; x < width; x++) planes[c].setf(x, y, (float) space.toImage(n, space.stored(n, batch.get(n, y, x, c))));
				}
			}
			String label = labels.get(n);
			if (rgb) {
				ColorProcessor color = new ColorProcessor(width, height);
				for (int c = 0; c < 3; c++) color.setChannel(c + 1, planes[c].convertToByteProcessor(false));
				stack.addSlice(label, color);
			}
			else {
				for (int c = 0; c < channels; c++) {
					ImageProcessor plane = source.getBitDepth() == 8 ? planes[c].convertToByteProcessor(false)
						: source.getBitDepth() == 16 ? planes[c].convertToShortProcessor(false) : planes[c];
					stack.addSlice(label, plane);
				}
			}
		}
		ImagePlus result = new ImagePlus(title, stack);
		if (!rgb && channels > 1) result.setDimensions(channels, batch.count(), 1);
		result.setCalibration(source.getCalibration().copy());
		return result;
	}

	/**
	 * The heatmap (first channel of each sample, with its LUT and display range) blended over the
	 * image as RGB: {@code opacity} 0 shows only the image, 1 only the heatmap.
	 */
	public static ImagePlus overlay(ImagePlus maps, ImagePlus source, double opacity, String title) {
		int width = source.getWidth(), height = source.getHeight();
		boolean rgb = source.getType() == ImagePlus.COLOR_RGB;
		int sourceChannels = rgb ? 1 : source.getNChannels(), mapChannels = maps.getNChannels();
		ImageStack stack = new ImageStack(width, height);
		int planes = maps.getStackSize() / mapChannels, slices = Math.max(1, source.getStackSize() / sourceChannels);
		// methods that make several planes per slice (frames of a feature visualization) lay them out slice by slice
		int perSlice = Math.max(1, planes / slices);
		for (int n = 0; n < planes; n++) {
			ImageProcessor base = source.getStack().getProcessor(Math.min(slices - 1, n / perSlice) * sourceChannels + 1).duplicate();
			if (!rgb) base.setMinAndMax(source.getDisplayRangeMin(), source.getDisplayRangeMax());
			int[] image = (int[]) base.convertToColorProcessor().getPixels();
			ImageProcessor map = maps.getStack().getProcessor(n * mapChannels + 1).duplicate();
			if (map.getWidth() != width || map.getHeight() != height) {
				map.setInterpolationMethod(ImageProcessor.BILINEAR);
				map = map.resize(width, height, true);
			}
			map.setLut(maps.getProcessor().getLut());
			map.setMinAndMax(maps.getDisplayRangeMin(), maps.getDisplayRangeMax());
			int[] heat = (int[]) map.convertToColorProcessor().getPixels();
			int[] blended = new int[image.length];
			for (int i = 0; i < blended.length; i++) {
				int pixel = 0;
				for (int shift = 0; shift <= 16; shift += 8) {
					double value = (1 - opacity) * ((image[i] >> shift) & 255) + opacity * ((heat[i] >> shift) & 255);
					pixel |= ((int) Math.round(value) & 255) << shift;
				}
				blended[i] = pixel;
			}
			stack.addSlice(maps.getStack().getSliceLabel(n * mapChannels + 1), new ColorProcessor(width, height, blended));
		}
		ImagePlus result = new ImagePlus(title, stack);
		result.setCalibration(source.getCalibration().copy());
		return result;
	}

	static String describe(ImagePlus image) {
		String dir = image.getOriginalFileInfo() != null ? image.getOriginalFileInfo().directory : null;
		return "image '" + (dir != null ? dir : "") + image.getTitle() + "'";
	}

	/** LUTs for attribution maps. */
	public static final class Luts {
		private Luts() {}

		/** Black → red → yellow → white, for non-negative magnitudes. */
		public static LUT magnitude() {
			byte[] r = new byte[256], g = new byte[256], b = new byte[256];
			for (int i = 0; i < 256; i++) {
				r[i] = (byte) Math.min(255, i * 3);
				g[i] = (byte) Math.max(0, Math.min(255, i * 3 - 255));
				b[i] = (byte) Math.max(0, Math.min(255, i * 3 - 510));
			}
			return new LUT(r, g, b);
		}

		/** Blue → white → red, centred on zero when the display range is symmetric. */
		public static LUT diverging() {
			byte[] r = new byte[256], g = new byte[256], b = new byte[256];
			for (int i = 0; i < 256; i++) {
				double t = (i - 127.5) / 127.5;
				r[i] = (byte) (t < 0 ? Math.round(255 * (1 + t)) : 255);
				g[i] = (byte) Math.round(255 * (1 - Math.abs(t)));
				b[i] = (byte) (t > 0 ? Math.round(255 * (1 - t)) : 255);
			}
			return new LUT(r, g, b);
		}
	}
}
