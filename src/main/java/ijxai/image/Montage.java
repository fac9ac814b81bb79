package ijxai.image;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ijxai.engine.features.FirstLayerKernels;

/** Tiles side by side: feature maps per channel, first-layer filters, image thumbnails. */
public final class Montage {

	/** Tiles are enlarged to at least this many pixels on their longer side. */
	static final int MIN_TILE = 48;

	private Montage() {}

	/**
	 * Tiles of one size in a grid of {@code columns} (0: about square), each enlarged {@code scale}
	 * times (nearest neighbour, so that pixels stay pixels), {@code border} pixels of
	 * {@code background} between them. All tiles are of one processor type.
	 */
	static ImageProcessor grid(List<ImageProcessor> tiles, int columns, int scale, int border, double background) {
		if (columns <= 0) columns = (int) Math.ceil(Math.sqrt(tiles.size()));
		int rows = (tiles.size() + columns - 1) / columns;
		int w = tiles.get(0).getWidth() * scale, h = tiles.get(0).getHeight() * scale;
		ImageProcessor grid = tiles.get(0).createProcessor(columns * (w + border) + border, rows * (h + border) + border);
		grid.setValue(background);
		grid.fill();
		for (int i = 0; i < tiles.size(); i++) {
			ImageProcessor tile = tiles.get(i);
			tile.setInterpolationMethod(ImageProcessor.NONE);
			grid.insert(scale == 1 ? tile : tile.resize(w, h), border + (i % columns) * (w + border), border + (i / columns) * (h + border));
		}
		return grid;
	}

	static int scaleFor(int width, int height) {
		return Math.max(1, (int) Math.ceil((double) MIN_TILE / Math.max(width, height)));
	}

	/**
	 * A layer's feature maps (a stack of {@code channels} planes per image) as one montage per
	 * image: every channel a tile, its own values, borders at the stack's minimum.
	 */
	public static ImagePlus featureMaps(ImagePlus maps, int channels, String title) {
		ImageStack source = maps.getStack();
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (int i = 1; i <= source.getSize(); i++) {
			ImageProcessor plane = source.getProcessor(i);
			plane.resetMinAndMax();
			min = Math.min(min, plane.getMin());
			max = Math.max(max, plane.getMax());
		}
		ImageStack montages = null;
		int scale = scaleFor(maps.getWidth(), maps.getHeight());
		for (int n = 0; n < source.getSize() / channels; n++) {
			List<ImageProcessor> tiles = new ArrayList<>();
			for (int c = 1; c <= channels; c++) tiles.add(source.getProcessor(n * channels + c).convertToFloat());
			ImageProcessor grid = grid(tiles, 0, scale, 1, min);
			if (montages == null) montages = new ImageStack(grid.getWidth(), grid.getHeight());
			montages.addSlice(source.getSliceLabel(n * channels + 1), grid);
		}
		ImagePlus result = new ImagePlus(title, montages);
		result.getProcessor().setLut(maps.getProcessor().getLut());
		result.setDisplayRange(min, max);
		return result;
	}

	/**
	 * The first convolution's kernels as a montage, one tile per kernel: RGB for three input
	 * channels (weights scaled together, 0 as mid-gray), otherwise one 32-bit montage per input
	 * channel.
	 */
	public static ImagePlus filters(FirstLayerKernels kernels, String title) {
		int scale = scaleFor(kernels.width(), kernels.height());
		double maxAbs = 0;
		for (float w : kernels.weights()) maxAbs = Math.max(maxAbs, Math.abs(w));
		if (maxAbs == 0) maxAbs = 1;
		if (kernels.inputs() == 3) {
			List<ImageProcessor> tiles = new ArrayList<>();
			for (int k = 0; k < kernels.outputs(); k++) {
				ColorProcessor tile = new ColorProcessor(kernels.width(), kernels.height());
				for (int y = 0; y < kernels.height(); y++) {
					for (int x = 0; x < kernels.width(); x++) {
						int[] rgb = new int[3];
						for (int c = 0; c < 3; c++) rgb[c] = (int) Math.round(127.5 + 127.5 * kernels.weight(k, y, x, c) / maxAbs);
						tile.putPixel(x, y, rgb);
					}
				}
				tiles.add(tile);
			}
			return new ImagePlus(title + " (" + kernels.layer() + ")", grid(tiles, 0, scale, 1, 0xffffff));
		}
		ImageStack stack = null;
		for (int c = 0; c < kernels.inputs(); c++) {
			List<ImageProcessor> tiles = new ArrayList<>();
			for (int k = 0; k < kernels.outputs(); k++) {
				FloatProcessor tile = new FloatProcessor(kernels.width(), kernels.height());
				for (int y = 0; y < kernels.height(); y++) for (int x = 0; x < kernels.width(); x++) tile.setf(x, y, kernels.weight(k, y, x, c));
				tiles.add(tile);
			}
			ImageProcessor grid = grid(tiles, 0, scale, 1, 0);
			if (stack == null) stack = new ImageStack(grid.getWidth(), grid.getHeight());
			stack.addSlice(kernels.layer() + " input channel " + (c + 1), grid);
		}
		ImagePlus result = new ImagePlus(title + " (" + kernels.layer() + ")", stack);
		result.getProcessor().setLut(ImageBridge.Luts.diverging());
		result.setDisplayRange(-maxAbs, maxAbs);
		return result;
	}
}
