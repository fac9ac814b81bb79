package ijxai.engine.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import ijxai.engine.Filters;
import ijxai.engine.FloatBatch;
import ijxai.engine.ImageSpace;
import ijxai.engine.Progress;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.method.SampleChunks;

/**
 * Regularized gradient ascent on model inputs, the optimizer of every feature visualization
 * (Simonyan et al. 2014; Yosinski et al. 2015; Mordvintsev et al. 2015). Each iteration: a random
 * jitter (circular shift), an Adam step (Kingma &amp; Ba 2015, as Lucid optimizes) along the
 * objective's gradient, so that a pixel moves by about the learning rate times the valid range
 * per step whatever the objective's scale (the gradient is first scaled to RMS 1 per sample), L2
 * decay towards the middle of the range, a Gaussian blur every few steps, clipping of pixels with
 * a small norm or a small contribution, and clipping to the valid range.
 */
final class FeatureAscent {

	static final String ITERATIONS = "iterations", LEARNING_RATE = "learning-rate", DECAY = "decay", BLUR_EVERY = "blur-every",
		BLUR_SIGMA = "blur-sigma", JITTER = "jitter", CLIP_NORM = "clip-norm", CLIP_CONTRIBUTION = "clip-contribution", SEED = "seed",
		START = "start";

	/** What is maximized: the gradient of each sample's objective with respect to its input. */
	interface Objective {
		/**
		 * @param first the index, in the whole batch, of the first sample of {@code x}
		 * @param shift the jitter {dy, dx} {@code x} was shifted by, for objectives that compare with the
		 *     unoptimized image, which must then be shifted alike
		 */
		FloatBatch gradient(FloatBatch x, int first, int[] shift);
	}

	/** The optimizer's settings; a strength of zero turns that regularizer off. */
	record Settings(int iterations, double learningRate, double decay, int blurEvery, double blurSigma, int jitter, double clipNorm,
		double clipContribution, int seed) {

		static Settings of(MethodSettings.Values values) {
			return new Settings(values.integer(ITERATIONS), values.number(LEARNING_RATE), values.number(DECAY), values.integer(BLUR_EVERY),
				values.number(BLUR_SIGMA), values.integer(JITTER), values.number(CLIP_NORM), values.number(CLIP_CONTRIBUTION), values.integer(SEED));
		}

		/** The options that set these, with these values as defaults. */
		List<MethodParameter> parameters() {
			return List.of(
				MethodParameter.integer(ITERATIONS, "Iterations", iterations, 1, 100000, "gradient ascent steps"),
				MethodParameter.number(LEARNING_RATE, "Learning rate", learningRate, 0, 10, "Adam step size as a fraction of the valid value range"),
				MethodParameter.number(DECAY, "L2 decay", decay, 0, 1, "each step pulls the image this fraction towards the middle of the range"),
				MethodParameter.integer(BLUR_EVERY, "Blur every (iterations, 0: never)", blurEvery, 0, 100000, "blur the image every this many steps (0: never)"),
				MethodParameter.number(BLUR_SIGMA, "Blur sigma (pixels)", blurSigma, 0, 1000, "Gaussian blur of the image every 'blur-every' steps"),
				MethodParameter.integer(JITTER, "Jitter (pixels)", jitter, 0, 1000, "random circular shift of up to this many pixels before each step"),
				MethodParameter.number(CLIP_NORM, "Clip small norm (percentile)", clipNorm, 0, 100, "pixels whose norm is below this percentile are reset to the middle (0: off)"),
				MethodParameter.number(CLIP_CONTRIBUTION, "Clip small contribution (percentile)", clipContribution, 0, 100,
					"pixels whose |value x gradient| is below this percentile are reset to the middle (0: off)"),
				MethodParameter.integer(SEED, "Random seed", seed, Integer.MIN_VALUE, Integer.MAX_VALUE, "seed of the start noise and the jitter"));
		}
	}

	/** The range of values the optimized image may take, per sample, in model-input space. */
	record Range(double[] low, double[] high) {

		/**
		 * What the image type can hold (8/16-bit, RGB), mapped to model values; for 32-bit images the
		 * range of the image itself.
		 */
		static Range of(FloatBatch input, ImageSpace space) {
			int count = input.count();
			double[] low = new double[count], high = new double[count];
			for (int n = 0; n < count; n++) {
				if (Double.isFinite(space.minimum()) && Double.isFinite(space.maximum())) {
					low[n] = space.toModel(n, space.minimum());
					high[n] = space.toModel(n, space.maximum());
				}
				else {
					float[] bounds = SampleChunks.range(input, n);
					low[n] = bounds[0];
					high[n] = bounds[1];
				}
				if (low[n] > high[n]) {
					double swap = low[n];
					low[n] = high[n];
					high[n] = swap;
				}
				if (high[n] - low[n] < 1e-6) high[n] = low[n] + 1;
			}
			return new Range(low, high);
		}

		double middle(int n) {
			return 0.5 * (low[n] + high[n]);
		}

		double width(int n) {
			return high[n] - low[n];
		}

		/** Noise of ±10% of the range around its middle: the start of an optimization from nothing. */
		FloatBatch noise(FloatBatch like, int seed) {
			Random random = new Random(seed);
			FloatBatch noise = FloatBatch.zeros(like.count(), like.height(), like.width(), like.channels());
			int size = like.sampleSize();
			for (int i = 0; i < noise.data().length; i++) {
				int n = i / size;
				noise.data()[i] = (float) (middle(n) + (random.nextDouble() - 0.5) * 0.2 * width(n));
			}
			return noise;
		}

		/** The start the option {@code start} names: noise, or a copy of the image. */
		FloatBatch start(String start, FloatBatch input, int seed) {
			return start.equals("noise") ? noise(input, seed) : new FloatBatch(input.count(), input.height(), input.width(), input.channels(), input.data().clone());
		}
	}

	private static final double ADAM_BETA1 = 0.9, ADAM_BETA2 = 0.999;

	/** The image after an iteration. */
	record Frame(int iteration, FloatBatch image) {}

	private FeatureAscent() {}

	/**
	 * Optimizes {@code x} in place. Returns copies of {@code x} after every {@code frameEvery}-th
	 * iteration (0: none) and after the last one; progress is reported per iteration.
	 */
	static List<Frame> run(FloatBatch x, Range range, Objective objective, Settings settings, int batchSize, int frameEvery, Progress progress,
		String what)
	{
		Random random = new Random(settings.seed() ^ 0x5DEECE66DL);
		List<Frame> frames = new ArrayList<>();
		double[] mean = new double[x.data().length], square = new double[x.data().length];
		int size = x.sampleSize();
		for (int iteration = 1; iteration <= settings.iterations(); iteration++) {
			progress.checkCanceled();
			progress.report(iteration - 1, settings.iterations(), what);
			int dy = settings.jitter() == 0 ? 0 : random.nextInt(2 * settings.jitter() + 1) - settings.jitter();
			int dx = settings.jitter() == 0 ? 0 : random.nextInt(2 * settings.jitter() + 1) - settings.jitter();
			FloatBatch shifted = roll(x, dy, dx);
			FloatBatch gradient = FloatBatch.zeros(x.count(), x.height(), x.width(), x.channels());
			for (int from = 0; from < x.count(); from += batchSize) {
				int to = Math.min(x.count(), from + batchSize);
				gradient.put(from, objective.gradient(shifted.slice(from, to), from, new int[] { dy, dx }));
			}
			gradient = roll(gradient, -dy, -dx);
			float[] data = x.data(), g = gradient.data();
			for (int n = 0; n < x.count(); n++) {
				double squares = 0;
				for (int i = n * size; i < (n + 1) * size; i++) squares += (double) g[i] * g[i];
				double rms = Math.sqrt(squares / size);
				if (rms == 0 || !Double.isFinite(rms)) continue;
				double middle = range.middle(n);
				double c1 = 1 - Math.pow(ADAM_BETA1, iteration), c2 = 1 - Math.pow(ADAM_BETA2, iteration), step = settings.learningRate() * range.width(n);
				for (int i = n * size; i < (n + 1) * size; i++) {
					double gi = g[i] / rms;
					mean[i] = ADAM_BETA1 * mean[i] + (1 - ADAM_BETA1) * gi;
					square[i] = ADAM_BETA2 * square[i] + (1 - ADAM_BETA2) * gi * gi;
					data[i] += (float) (step * (mean[i] / c1) / (Math.sqrt(square[i] / c2) + 1e-8));
					data[i] = (float) (middle + (data[i] - middle) * (1 - settings.decay()));
				}
			}
			if (settings.blurEvery() > 0 && iteration % settings.blurEvery() == 0 && settings.blurSigma() > 0) {
				for (int n = 0; n < x.count(); n++) System.arraycopy(Filters.gaussianBlur(x, n, settings.blurSigma()), 0, data, n * size, size);
			}
			if (settings.clipNorm() > 0) clipPixels(x, range, settings.clipNorm(), null);
			if (settings.clipContribution() > 0) clipPixels(x, range, settings.clipContribution(), gradient);
			for (int i = 0; i < data.length; i++) {
				int n = i / size;
				data[i] = (float) Math.max(range.low()[n], Math.min(range.high()[n], data[i]));
			}
			if (frameEvery > 0 && iteration % frameEvery == 0 || iteration == settings.iterations()) {
				frames.add(new Frame(iteration, new FloatBatch(x.count(), x.height(), x.width(), x.channels(), data.clone())));
			}
		}
		progress.report(settings.iterations(), settings.iterations(), what);
		return frames;
	}

	/**
	 * Resets to the middle of the range the pixels whose norm over the channels (of the offset from
	 * the middle; with a gradient: of offset × gradient, the pixel's contribution) is below the
	 * percentile, per sample (Yosinski et al.'s clipping regularizers).
	 */
	private static void clipPixels(FloatBatch x, Range range, double percentile, FloatBatch gradient) {
		int pixels = x.height() * x.width(), c = x.channels();
		float[] data = x.data();
		for (int n = 0; n < x.count(); n++) {
			double middle = range.middle(n);
			double[] measure = new double[pixels];
			for (int p = 0; p < pixels; p++) {
				double sum = 0;
				for (int ch = 0; ch < c; ch++) {
					int i = (n * pixels + p) * c + ch;
					double offset = data[i] - middle;
					sum += gradient == null ? offset * offset : offset * gradient.data()[i];
				}
				measure[p] = gradient == null ? Math.sqrt(sum) : Math.abs(sum);
			}
			double[] sorted = measure.clone();
			Arrays.sort(sorted);
			double threshold = sorted[(int) Math.min(pixels - 1, Math.floor(percentile / 100 * pixels))];
			for (int p = 0; p < pixels; p++) {
				if (measure[p] < threshold) for (int ch = 0; ch < c; ch++) data[(n * pixels + p) * c + ch] = (float) middle;
			}
		}
	}

	/** A circular shift of every sample by {@code dy} rows and {@code dx} columns. */
	static FloatBatch roll(FloatBatch batch, int dy, int dx) {
		if (dy == 0 && dx == 0) return batch;
		int h = batch.height(), w = batch.width(), c = batch.channels();
		FloatBatch out = FloatBatch.zeros(batch.count(), h, w, c);
		for (int n = 0; n < batch.count(); n++) {
			for (int y = 0; y < h; y++) {
				int ty = Math.floorMod(y + dy, h);
				for (int x = 0; x < w; x++) {
					int tx = Math.floorMod(x + dx, w);
					System.arraycopy(batch.data(), ((n * h + y) * w + x) * c, out.data(), ((n * h + ty) * w + tx) * c, c);
				}
			}
		}
		return out;
	}
}
