package ijxai.engine.method;

import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

import ijxai.engine.FloatBatch;
import ijxai.engine.ImageSpace;
import ijxai.engine.Progress;

/**
 * The noise tunnel (Captum's {@code NoiseTunnel}; Smilkov et al. 2017, Adebayo et al. 2018) around
 * any {@link Smoothable} method: the method's raw maps of noisy copies of each slice, combined per
 * value a as smoothgrad = mean(a), squared = mean(a²) (SmoothGrad²) or vargrad = mean(a²) −
 * mean(a)² (clamped at 0 against rounding), then shown as the method shows its own maps. Every copy
 * is explained for the class of the clean slice (its target, or what the model predicts for it).
 *
 * <p>Noise: σ = noise level × (max − min of the slice), so Captum's absolute {@code stdevs} is
 * noise level × the slice's range. The standard-normal values are {@code new
 * java.util.Random(seed).nextGaussian()}, drawn anew for each slice (copy by copy, values in
 * H·W·C order): every slice gets the same pattern, scaled by its own σ, so a result can be
 * reproduced exactly, whatever the slice's position in a stack (as the SmoothGrad method, which is
 * saliency in this tunnel). Baselines a method derives from its input (IG's black, white, blur,
 * noise) are derived from each noisy copy; images given per slice as options are the clean slice's.
 *
 * <p>The copies go through the method in batches of the batch size (so memory is that of the
 * method on that many slices), with progress per copy and cancellation between batches. Measures
 * (IG's completeness gap, LRP's relevance sum) are their means over the copies.
 */
public final class NoiseTunnel {

	public static final String SMOOTHING = "smoothing", NOISE = "noise", SAMPLES = "samples", SEED = "seed";
	/** At most this many noise values (doubles) are kept for reuse by the slices. */
	private static final long PATTERN_CACHE = 1 << 22;

	/** The noise level and the seed, as the SmoothGrad method has them too. */
	public static final MethodParameter NOISE_LEVEL = MethodParameter.number(NOISE, "Noise level", 0.15, 0, 10,
		"noise σ as a fraction of the slice's value range (0.1–0.2 suit most images)"),
		NOISE_SEED = MethodParameter.integer(SEED, "Random seed", 0, Integer.MIN_VALUE, Integer.MAX_VALUE, "the same seed gives the same noise");

	private static final List<MethodParameter> PARAMETERS = List.of(
		MethodParameter.choice(SMOOTHING, "Smoothing", "noise tunnel: none; smoothgrad: the mean map over noisy copies; squared: the mean of the squared maps "
			+ "(SmoothGrad²); vargrad: their variance", "none", "smoothgrad", "squared", "vargrad"),
		NOISE_LEVEL, MethodParameter.integer(SAMPLES, "Samples", 25, 1, 100000, "noisy copies per slice when smoothing"), NOISE_SEED);

	/** How the maps of the noisy copies are combined. */
	public enum Smoothing {
		NONE, SMOOTHGRAD, SQUARED, VARGRAD;

		/** The option value that names this smoothing. */
		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}

		public static Smoothing of(String key) {
			return valueOf(key.toUpperCase(Locale.ROOT));
		}

		/** The combined value from the mean and the mean square of a value over the copies. */
		float combine(double mean, double meanSquare) {
			return (float) (this == SMOOTHGRAD ? mean : this == SQUARED ? meanSquare : Math.max(0, meanSquare - mean * mean));
		}
	}

	/**
	 * A smoothing: how, with which noise level (σ as a fraction of the slice's range, as given) and
	 * how many noisy copies of each slice from which seed.
	 */
	public record Settings(Smoothing smoothing, String noise, int samples, int seed) {

		/** The smoothing a method's checked settings ask for (the tunnel's options, {@link #withParameters}). */
		public static Settings of(MethodSettings.Values values) {
			return new Settings(Smoothing.of(values.text(SMOOTHING)), values.text(NOISE), values.integer(SAMPLES), values.integer(SEED));
		}

		/** As slice labels say it, e.g. "smoothgrad ×25, σ 0.15". */
		public String describe() {
			return String.format(Locale.ROOT, "%s ×%d, σ %s", smoothing.key(), samples, noise);
		}
	}

	/** Noise patterns as every slice draws them: {@code samples} × {@code size} values of one generator. */
	private record NoisePatterns(int seed, int samples, int size, double[] values) {}

	/**
	 * The last patterns drawn, kept (softly) for the next call with the same seed, samples and
	 * slice size: a stack explained in batches, or one image at a time, would draw them again, and
	 * drawing takes longer than TensorFlow's work on small images.
	 */
	private static SoftReference<NoisePatterns> lastPatterns = new SoftReference<>(null);

	private NoiseTunnel() {}

	/** A smoothable method's own parameters followed by the tunnel's, but for those it has already (IG's seed seeds its noise baseline too). */
	public static List<MethodParameter> withParameters(List<MethodParameter> own) {
		List<MethodParameter> all = new ArrayList<>(own);
		for (MethodParameter p : PARAMETERS) if (own.stream().noneMatch(o -> o.name().equals(p.name()))) all.add(p);
		return List.copyOf(all);
	}

	/** The method's explanation of the job: of the input itself, or smoothed as the job's settings say. */
	public static Explanation explain(Smoothable method, ExplainJob job) {
		Settings settings = Settings.of(job.settings());
		if (settings.smoothing() == Smoothing.NONE) return method.attribute(job);
		return smooth(method, method, job, settings, details -> details.isEmpty() ? settings.describe() : details + ", " + settings.describe());
	}

	/**
	 * {@code method}'s maps smoothed over noisy copies of the job's input, labelled as {@code named}'s
	 * with {@code details} of the details the method gave its copies.
	 */
	public static Explanation smooth(Explainer named, Smoothable method, ExplainJob job, Settings settings, UnaryOperator<String> details) {
		FloatBatch input = job.input();
		int samples = settings.samples(), size = input.sampleSize(), total = input.count() * samples, batchSize = job.options().batchSize();
		SampleChunks.Scores scores = SampleChunks.scores(job);
		SampleChunks.Samples copies = noisyCopies(input, Double.parseDouble(settings.noise()), samples, settings.seed(), scores.targets());
		ExplainOptions rawOptions = job.options().withRaw(true);
		ImageSpace space = job.space();
		Progress progress = job.progress();
		double[] sum = null, squares = null;
		FloatBatch like = null;
		Map<String, double[]> measureSums = new LinkedHashMap<>();
		String copyDetails = "";
		List<String> channelNames = List.of();
		for (int from = 0; from < total; from += batchSize) {
			progress.checkCanceled();
			progress.report(from, total, named.title());
			int to = Math.min(total, from + batchSize), first = from;
			float[] data = new float[(to - from) * size];
			int[] targets = new int[to - from];
			ImageSpace.Affine[] affines = new ImageSpace.Affine[to - from];
			for (int i = from; i < to; i++) {
				copies.fill(i, data, (i - from) * size);
				targets[i - from] = copies.target(i);
				affines[i - from] = space.affines()[i / samples];
			}
			FloatBatch chunk = new FloatBatch(to - from, input.height(), input.width(), input.channels(), data);
			MethodSettings.Values copySettings = job.settings().withImages(image -> image.count() == input.count() ? ofCopies(image, first, to, samples) : image);
			int[] sources = new int[to - from];
			for (int i = from; i < to; i++) sources[i - from] = i / samples;
			RegionMasks regions = job.regions() == null ? null : job.regions().forCopies(sources);
			Explanation part = method.attribute(new ExplainJob(job.model(), chunk, targets, copySettings, rawOptions,
				new ImageSpace(affines, space.minimum(), space.maximum(), space.integer()), within(progress, from, to, total, named.title()), regions));
			FloatBatch maps = part.maps();
			int mapSize = maps.sampleSize();
			if (sum == null) {
				like = maps;
				sum = new double[input.count() * mapSize];
				squares = new double[sum.length];
				copyDetails = SampleChunks.details(part, 0);
				channelNames = part.channelNames();
			}
			for (int row = 0; row < to - from; row++) {
				int at = ((from + row) / samples) * mapSize;
				for (int i = 0; i < mapSize; i++) {
					float value = maps.data()[row * mapSize + i];
					sum[at + i] += value;
					squares[at + i] += (double) value * value;
				}
				for (Map.Entry<String, float[]> measure : part.measures().entrySet()) {
					measureSums.computeIfAbsent(measure.getKey(), key -> new double[input.count()])[(from + row) / samples] += measure.getValue()[row];
				}
			}
		}
		progress.report(total, total, named.title());
		FloatBatch raw = FloatBatch.zeros(input.count(), like.height(), like.width(), like.channels());
		for (int i = 0; i < sum.length; i++) raw.data()[i] = settings.smoothing().combine(sum[i] / samples, squares[i] / samples);
		Map<String, float[]> measures = new LinkedHashMap<>();
		measureSums.forEach((key, sums) -> {
			float[] means = new float[sums.length];
			for (int n = 0; n < sums.length; n++) means[n] = (float) (sums[n] / samples);
			measures.put(key, means);
		});
		boolean rawMaps = job.options().raw();
		// squares and variances are magnitudes, whatever the method's maps are
		Explanation.Display display = settings.smoothing() == Smoothing.SMOOTHGRAD ? method.display(rawMaps) : Explanation.Display.MAGNITUDE;
		return SampleChunks.result(named, job, rawMaps ? raw : method.shown(job, raw), channelNames, scores, display, measures, details.apply(copyDetails));
	}

	/**
	 * {@code samples} noisy copies of every slice of {@code input} (copy s of slice n is sample
	 * n·samples + s), explained for {@code targets[n]}; they must be filled in order.
	 */
	public static SampleChunks.Samples noisyCopies(FloatBatch input, double noise, int samples, int seed, int[] targets) {
		int size = input.sampleSize();
		float[] sigma = new float[input.count()];
		for (int n = 0; n < input.count(); n++) {
			float[] range = SampleChunks.range(input, n);
			sigma[n] = (float) (noise * (range[1] - range[0]));
		}
		double[] patterns = (long) samples * size <= PATTERN_CACHE ? patterns(seed, samples, size) : null;
		return new SampleChunks.Samples() {
			// without kept patterns: one generator per slice, consumed in sample order
			private Random random;
			private int next = -1;

			@Override public int count() { return input.count() * samples; }

			@Override public void fill(int index, float[] into, int offset) {
				int slice = index / samples, sample = index % samples;
				if (patterns == null) {
					if (sample == 0) random = new Random(seed);
					else if (index != next) throw new IllegalStateException("noisy samples must be drawn in order");
					next = index + 1;
				}
				for (int i = 0; i < size; i++) {
					double z = patterns != null ? patterns[sample * size + i] : random.nextGaussian();
					into[offset + i] = input.data()[slice * size + i] + (float) (sigma[slice] * z);
				}
			}

			@Override public int target(int index) { return targets[index / samples]; }
		};
	}

	/** Every slice restarts the generator, so the slices share these patterns. */
	private static synchronized double[] patterns(int seed, int samples, int size) {
		NoisePatterns last = lastPatterns.get();
		if (last != null && last.seed() == seed && last.samples() == samples && last.size() == size) return last.values();
		Random random = new Random(seed);
		double[] values = new double[samples * size];
		for (int i = 0; i < values.length; i++) values[i] = random.nextGaussian();
		lastPatterns = new SoftReference<>(new NoisePatterns(seed, samples, size, values));
		return values;
	}

	/** An image given per slice, as one per copy {@code from} to {@code to}. */
	private static FloatBatch ofCopies(FloatBatch image, int from, int to, int samples) {
		FloatBatch copies = FloatBatch.zeros(to - from, image.height(), image.width(), image.channels());
		for (int i = from; i < to; i++) copies.put(i - from, image.samples(i / samples, i / samples + 1));
		return copies;
	}

	/** Progress of the method on copies {@code from} to {@code to}, reported as progress over all {@code total} copies. */
	private static Progress within(Progress progress, int from, int to, int total, String what) {
		return new Progress() {
			@Override public void report(int done, int of, String step) {
				progress.report(from + (of == 0 ? 0 : (int) ((long) done * (to - from) / of)), total, what);
			}

			@Override public boolean isCanceled() { return progress.isCanceled(); }
		};
	}
}
