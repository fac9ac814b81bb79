package ijxai.engine.attribution;

import java.util.Arrays;

import ijxai.engine.XaiException;

/**
 * SLIC superpixels (Achanta et al. 2012) of one grey or multichannel slice, as scikit-image 0.26's
 * {@code slic} computes them without a mask, smoothing or Lab conversion: the values rescaled to [0, 1]
 * (over all channels), seeds on scikit-image's regular grid, k-means in (y, x, value/compactness)
 * within 2 grid steps of each centre, then small disconnected pieces merged into a neighbour
 * (4-connectivity, pieces under half the mean segment size).
 */
public final class Slic {

	/** A label per pixel (row-major), 0 to {@code count} − 1. */
	public record Superpixels(int height, int width, int count, int[] labels) {
		public Superpixels {
			if (labels.length != height * width) throw new XaiException("superpixels: " + labels.length + " labels for " + width + "x" + height + " pixels");
			for (int label : labels) if (label < 0 || label >= count) throw new XaiException("superpixels: label " + label + " is not in 0.." + (count - 1));
		}
	}

	private static final double MIN_SIZE_FACTOR = 0.5, MAX_SIZE_FACTOR = 3;
	private final int segments, iterations;
	private final double compactness;

	/** About {@code segments} superpixels; larger {@code compactness} makes them squarer; at most {@code iterations} k-means rounds. */
	public Slic(int segments, double compactness, int iterations) {
		if (segments < 1) throw new XaiException("SLIC segments must be at least 1, not " + segments);
		if (!(compactness > 0)) throw new XaiException("SLIC compactness must be positive, not " + compactness);
		if (iterations < 1) throw new XaiException("SLIC iterations must be at least 1, not " + iterations);
		this.segments = segments;
		this.compactness = compactness;
		this.iterations = iterations;
	}

	/** The superpixels of {@code image}: {@code height × width} pixels of {@code channels} interleaved values each. */
	public Superpixels segment(float[] image, int height, int width, int channels) {
		double[] values = rescaled(image, height * width * channels);
		for (int i = 0; i < values.length; i++) values[i] /= compactness;
		int[][] grid = grid(height, width, segments);
		int[] rows = grid[0], columns = grid[1];
		int seeds = rows.length * columns.length, features = 2 + channels;
		double[][] centres = new double[seeds][features];
		for (int k = 0; k < seeds; k++) {
			centres[k][0] = rows[k / columns.length];
			centres[k][1] = columns[k % columns.length];
		}
		// scikit-image's windows use the grid steps; its spatial weight the larger step
		int stepY = grid[2][0], stepX = grid[2][1];
		double step = Math.max(stepY, stepX), spatialWeight = 1 / (step * step);
		int[] nearest = kMeans(values, height, width, channels, centres, stepY, stepX, spatialWeight);
		double segmentSize = (double) height * width / seeds;
		return connected(nearest, height, width, (int) (MIN_SIZE_FACTOR * segmentSize), (int) (MAX_SIZE_FACTOR * segmentSize));
	}

	/** The values rescaled to [0, 1] over all channels (left at 0 when they are all equal), as scikit-image does. */
	private static double[] rescaled(float[] image, int size) {
		if (image.length < size) throw new XaiException("SLIC: " + image.length + " values, expected " + size);
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < size; i++) {
			if (!Float.isFinite(image[i])) throw new XaiException("SLIC: the image has a non-finite value (" + image[i] + ")");
			min = Math.min(min, image[i]);
			max = Math.max(max, image[i]);
		}
		double[] values = new double[size];
		for (int i = 0; i < size; i++) values[i] = max > min ? (image[i] - min) / (max - min) : image[i] - min;
		return values;
	}

	/** The seed rows, the seed columns and {step y, step x}: scikit-image's regular_grid of the (1, height, width) volume. */
	static int[][] grid(int height, int width, int points) {
		double[] shape = { 1, height, width };
		Integer[] order = { 0, 1, 2 };
		Arrays.sort(order, (a, b) -> Double.compare(shape[a], shape[b]));
		double[] sorted = { shape[order[0]], shape[order[1]], shape[order[2]] }, steps = new double[3];
		double space = (double) height * width;
		int[] starts = new int[3], strides = new int[3];
		if (space <= points) {
			Arrays.fill(strides, 1);
		} else {
			Arrays.fill(steps, Math.pow(space / points, 1.0 / 3));
			if (sorted[0] < steps[0] || sorted[1] < steps[1] || sorted[2] < steps[2]) {
				for (int dim = 0; dim < 3; dim++) {
					steps[dim] = sorted[dim];
					double rest = 1;
					for (int d = dim + 1; d < 3; d++) rest *= sorted[d];
					for (int d = dim + 1; d < 3; d++) steps[d] = Math.pow(rest / points, 1.0 / (3 - dim - 1));
					if (sorted[0] >= steps[0] && sorted[1] >= steps[1] && sorted[2] >= steps[2]) break;
				}
			}
			for (int d = 0; d < 3; d++) {
				starts[order[d]] = (int) Math.floor(steps[d] / 2);
				strides[order[d]] = (int) Math.rint(steps[d]);
			}
		}
		return new int[][] { positions(starts[1], strides[1], height), positions(starts[2], strides[2], width), { strides[1], strides[2] } };
	}

	private static int[] positions(int start, int stride, int length) {
		int count = start >= length ? 0 : (length - start + stride - 1) / stride;
		int[] positions = new int[count];
		for (int i = 0; i < count; i++) positions[i] = start + i * stride;
		return positions;
	}

	/** Lloyd iterations restricted to windows of ±2 steps around each centre; stops early when no pixel changes its centre. */
	private int[] kMeans(double[] values, int height, int width, int channels, double[][] centres, int stepY, int stepX, double spatialWeight) {
		int pixels = height * width, features = 2 + channels;
		int[] nearest = new int[pixels];
		double[] distance = new double[pixels];
		for (int iteration = 0; iteration < iterations; iteration++) {
			boolean changed = false;
			Arrays.fill(distance, Double.MAX_VALUE);
			for (int k = 0; k < centres.length; k++) {
				double cy = centres[k][0], cx = centres[k][1];
				// as scikit-image's C casts: an emptied centre (NaN) gets no pixels
				int yMin = (int) (cy - 2 * stepY > 0 ? cy - 2 * stepY : 0), yMax = (int) (cy + 2 * stepY + 1 < height ? cy + 2 * stepY + 1 : height);
				int xMin = (int) (cx - 2 * stepX > 0 ? cx - 2 * stepX : 0), xMax = (int) (cx + 2 * stepX + 1 < width ? cx + 2 * stepX + 1 : width);
				for (int y = yMin; y < yMax; y++) {
					double dy = (cy - y) * (cy - y);
					for (int x = xMin; x < xMax; x++) {
						int p = y * width + x;
						double d = (dy + (cx - x) * (cx - x)) * spatialWeight;
						for (int c = 0; c < channels; c++) {
							double t = values[p * channels + c] - centres[k][2 + c];
							d += t * t;
						}
						if (distance[p] > d) {
							nearest[p] = k;
							distance[p] = d;
							changed = true;
						}
					}
				}
			}
			if (!changed) break;
			int[] members = new int[centres.length];
			for (double[] centre : centres) Arrays.fill(centre, 0);
			for (int p = 0; p < pixels; p++) {
				double[] centre = centres[nearest[p]];
				members[nearest[p]]++;
				centre[0] += p / width;
				centre[1] += p % width;
				for (int c = 0; c < channels; c++) centre[2 + c] += values[p * channels + c];
			}
			for (int k = 0; k < centres.length; k++) for (int f = 0; f < features; f++) centres[k][f] /= members[k];
		}
		return nearest;
	}

	/**
	 * Connected pieces of equal label, numbered in raster order by breadth-first search (grown to at
	 * most {@code maxSize} pixels); a piece under {@code minSize} joins the last neighbouring piece
	 * already numbered that its search met, as scikit-image's _enforce_label_connectivity_cython.
	 */
	static Superpixels connected(int[] labels, int height, int width, int minSize, int maxSize) {
		int pixels = height * width;
		int[] connected = new int[pixels], queue = new int[Math.max(1, maxSize)];
		Arrays.fill(connected, -1);
		int[] dx = { 1, -1, 0, 0 }, dy = { 0, 0, 1, -1 };
		int next = 0;
		for (int start = 0; start < pixels; start++) {
			if (connected[start] >= 0) continue;
			int label = labels[start], adjacent = 0, size = 1, visited = 0;
			connected[start] = next;
			queue[0] = start;
			search:
			while (visited < size && size < maxSize) {
				int y = queue[visited] / width, x = queue[visited] % width;
				for (int i = 0; i < 4; i++) {
					int yy = y + dy[i], xx = x + dx[i];
					if (yy < 0 || yy >= height || xx < 0 || xx >= width) continue;
					int q = yy * width + xx;
					if (labels[q] == label && connected[q] == -1) {
						connected[q] = next;
						queue[size++] = q;
						if (size >= maxSize) break search;
					} else if (connected[q] >= 0 && connected[q] != next) {
						adjacent = connected[q];
					}
				}
				visited++;
			}
			if (size < minSize) {
				for (int i = 0; i < size; i++) connected[queue[i]] = adjacent;
			} else {
				next++;
			}
		}
		return new Superpixels(height, width, Math.max(next, 1), connected);
	}
}
