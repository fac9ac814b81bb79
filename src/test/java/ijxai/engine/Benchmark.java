package ijxai.engine;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ijxai.engine.attack.AttackReport;
import ijxai.engine.attribution.GradCam;
import ijxai.engine.attribution.IntegratedGradients;
import ijxai.engine.attribution.Occlusion;
import ijxai.engine.lrp.Lrp;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.method.SampleChunks;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.ModelOptions;
import ijxai.engine.model.ScoreKind;
import ijxai.engine.model.Target;
import ijxai.image.ExplainImage;

/**
 * The benchmark harness behind {@code bench/run}; never run by {@code mvn test}. It times every
 * method through the engine API beside its floor: bare TensorFlow session calls of the same
 * fetches on the same flattened graph, with the input tensors made beforehand. One tab-separated
 * line per measurement goes to the output file.
 *
 * <pre>
 * Benchmark table OUT [REPEATS [ONLY]]  method, model, batch, ij-xai ms, floor ms, device, note (ONLY: a regex on "method model batch")
 * Benchmark scaling OUT             SmoothGrad / IG with 32 samples per call against one per call
 * Benchmark load MODEL OUT          (fresh JVM) native start, load + flatten, first result, reuse
 * Benchmark stream SLICES OUT       a stack of SLICES Fashion-MNIST slices through ExplainImage
 * Benchmark stacks DIR              the benchmark batches as TIFF stacks, for the command line runs
 * </pre>
 */
public final class Benchmark {

	static final List<String> MODELS = List.of("fashion_mnist_cnn", "mobilenetv2_small");
	static final int[] BATCHES = { 1, 32 };
	/** Seconds of unmeasured alternating runs before the measured ones, and at least as many seconds of measured ones. */
	static final double WARM_UP_SECONDS = 3, MEASURE_SECONDS = 2;
	static final int CHUNK = ExplainOptions.DEFAULT_BATCH_SIZE, SMOOTHGRAD_SAMPLES = 50, IG_STEPS = 64, PGD_STEPS = 20, OCCLUSION_PATCH = 8;

	/** One benchmarked method: the ij-xai name, its settings, and the session calls its floor makes. */
	private record Case(String method, Map<String, String> settings, FloorCalls floor) {}

	private interface FloorCalls {
		/** @param lossCalls how many loss gradients PGD took (it stops when every sample reached its goal) */
		List<Call> make(LoadedModel model, int count, int lossCalls);
	}

	/** One bare session call: the input tensor, an optional seed fed to {@code seedOp}, the fetches. */
	private record Call(TFloat32 input, TFloat32 seed, Output<TFloat32> seedOp, List<Output<?>> fetches) {
		void run(LoadedModel model) {
			Session.Runner runner = model.session().runner().feed(model.inputTensor(), input);
			if (seed != null) runner.feed(seedOp, seed);
			fetches.forEach(runner::fetch);
			try (Result result = runner.run()) {
				// fetched and released: reading the values is the method's own work
			}
		}

		void close() {
			input.close();
			if (seed != null) seed.close();
		}
	}

	static final List<Case> CASES = List.of(
		new Case("saliency", Map.of(), (model, n, lossCalls) -> gradients(model, n, plain(), false)),
		// the samples SmoothGrad and IG feed, not copies of the inputs: TensorFlow's time depends on the values (noisy MobileNetV2 inputs take longer)
		new Case("smoothgrad", Map.of("samples", Integer.toString(SMOOTHGRAD_SAMPLES)),
			(model, n, lossCalls) -> join(forward(model, n), gradients(model, noisy(model, n), plain(), true))),
		new Case("integrated-gradients", Map.of("steps", Integer.toString(IG_STEPS), "baseline", "zero"),
			(model, n, lossCalls) -> join(forward(model, n), gradients(model, path(model, n), plain(), true), forward(model, n))),
		new Case("occlusion", Map.of("patch", Integer.toString(OCCLUSION_PATCH), "stride", Integer.toString(OCCLUSION_PATCH), "fill", "zero"),
			(model, n, lossCalls) -> join(forward(model, n), forward(model, n * windows(model.info())))),
		new Case("gradcam", Map.of(), (model, n, lossCalls) -> gradients(model, n,
			new LoadedModel.GradientKey(ScoreKind.LOGIT, model.info().scoreSideTensor(model.info().lastSpatialLayer()), null, false, new GradCam().weights()), false)),
		new Case("lrp", Map.of("rule", "epsilon"), (model, n, lossCalls) -> gradients(model, n,
			new LoadedModel.GradientKey(ScoreKind.LOGIT, null, Lrp.composite(new MethodSettings(Map.of("rule", "epsilon"), Map.of()).forMethod(new Lrp())), false),
			false)),
		new Case("fgsm", Map.of("epsilon", "0.03", "units", "model"), (model, n, lossCalls) -> join(gradients(model, n, loss(), false), forward(model, 3 * n))),
		// ε of one gray level, so that few samples reach their goal before the 20 steps
		new Case("pgd", Map.of("epsilon", "0.004", "units", "model", "steps", Integer.toString(PGD_STEPS)), (model, n, lossCalls) -> {
			List<Call> calls = new ArrayList<>(gradients(model, n, loss(), false));
			for (int step = 1; step < lossCalls; step++) calls.addAll(gradients(model, n, loss(), true));
			calls.addAll(forward(model, 3 * n));
			return calls;
		}));

	private static LoadedModel.GradientKey plain() {
		return new LoadedModel.GradientKey(ScoreKind.LOGIT, null, null, false);
	}

	private static LoadedModel.GradientKey loss() {
		return new LoadedModel.GradientKey(ScoreKind.LOGIT, null, null, true);
	}

	@SafeVarargs
	private static List<Call> join(List<Call>... parts) {
		List<Call> all = new ArrayList<>();
		for (List<Call> part : parts) all.addAll(part);
		return all;
	}

	/** Forward passes of {@code count} samples in chunks: outputs and logits. */
	private static List<Call> forward(LoadedModel model, int count) {
		List<Call> calls = new ArrayList<>();
		for (int size : chunks(count)) calls.add(new Call(inputTensor(model, size), null, null, List.of(model.outputTensor(), model.logitsTensor())));
		return calls;
	}

	/** Forward and backward passes of {@code count} samples in chunks: outputs, logits, the gradient (and the layer's values). */
	private static List<Call> gradients(LoadedModel model, int count, LoadedModel.GradientKey key, boolean seeded) {
		return gradients(model, input(model, count), key, seeded);
	}

	/** The same, of the given samples. */
	private static List<Call> gradients(LoadedModel model, FloatBatch samples, LoadedModel.GradientKey key, boolean seeded) {
		int count = samples.count();
		LoadedModel.GradientOps ops = model.gradientOps(key);
		List<Output<?>> fetches = List.of(model.outputTensor(), model.logitsTensor(), ops.score(), ops.gradient());
		List<Call> calls = new ArrayList<>();
		for (int size : chunks(count)) {
			TFloat32 seed = null;
			if (seeded) {
				float[] oneHot = new float[size * model.info().classCount()];
				for (int n = 0; n < size; n++) oneHot[n * model.info().classCount()] = 1;
				seed = TFloat32.tensorOf(Shape.of(size, model.info().classCount()), DataBuffers.of(oneHot, true, false));
			}
			int from = calls.size() * CHUNK;
			calls.add(new Call(tensor(samples.slice(from, from + size)), seed, ops.seed().output(), fetches));
		}
		return calls;
	}

	/** SmoothGrad's noisy copies of {@code count} inputs, as SmoothGrad makes them (σ = 0.15 of each input's range, seed 0). */
	private static FloatBatch noisy(LoadedModel model, int count) {
		FloatBatch input = input(model, count);
		int size = input.sampleSize();
		FloatBatch samples = FloatBatch.zeros(count * SMOOTHGRAD_SAMPLES, input.height(), input.width(), input.channels());
		for (int n = 0; n < count; n++) {
			float[] range = SampleChunks.range(input, n);
			float sigma = (float) (0.15 * (range[1] - range[0]));
			java.util.Random random = new java.util.Random(0);
			for (int k = 0; k < SMOOTHGRAD_SAMPLES; k++) {
				for (int i = 0; i < size; i++) samples.data()[(n * SMOOTHGRAD_SAMPLES + k) * size + i] = input.data()[n * size + i] + (float) (sigma * random.nextGaussian());
			}
		}
		return samples;
	}

	/** IG's path points from the zero baseline to {@code count} inputs at the Gauss-Legendre nodes. */
	private static FloatBatch path(LoadedModel model, int count) {
		FloatBatch input = input(model, count);
		int size = input.sampleSize();
		double[] nodes = IntegratedGradients.gaussLegendre(IG_STEPS)[0];
		FloatBatch samples = FloatBatch.zeros(count * IG_STEPS, input.height(), input.width(), input.channels());
		for (int n = 0; n < count; n++) {
			for (int k = 0; k < IG_STEPS; k++) {
				float alpha = (float) nodes[k];
				for (int i = 0; i < size; i++) samples.data()[(n * IG_STEPS + k) * size + i] = alpha * input.data()[n * size + i];
			}
		}
		return samples;
	}

	private static int[] chunks(int count) {
		int[] sizes = new int[(count + CHUNK - 1) / CHUNK];
		for (int i = 0; i < sizes.length; i++) sizes[i] = Math.min(CHUNK, count - i * CHUNK);
		return sizes;
	}

	private static int windows(ModelInfo info) {
		int height = (int) info.inputShape()[1], width = (int) info.inputShape()[2];
		return Occlusion.positions(height, OCCLUSION_PATCH, OCCLUSION_PATCH).length * Occlusion.positions(width, OCCLUSION_PATCH, OCCLUSION_PATCH).length;
	}

	private static TFloat32 inputTensor(LoadedModel model, int count) {
		return tensor(input(model, count));
	}

	private static TFloat32 tensor(FloatBatch batch) {
		return TFloat32.tensorOf(Shape.of(batch.count(), batch.height(), batch.width(), batch.channels()), DataBuffers.of(batch.data(), true, false));
	}

	/** {@code count} of the model's reference inputs, repeated. */
	private static FloatBatch input(LoadedModel model, int count) {
		try {
			return input(Path.of(model.info().folder()).getFileName().toString(), count);
		}
		catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	/** {@code count} samples: the model's reference inputs, repeated. */
	static FloatBatch input(String model, int count) throws IOException {
		FloatBatch reference = Npy.read(ConformanceTest.MODELS.resolve(model).resolve("reference").resolve("input.npy")).asBatch();
		FloatBatch batch = FloatBatch.zeros(count, reference.height(), reference.width(), reference.channels());
		for (int n = 0; n < count; n++) System.arraycopy(reference.data(), (n % reference.count()) * batch.sampleSize(), batch.data(), n * batch.sampleSize(), batch.sampleSize());
		return batch;
	}

	static ExplainOptions options(Map<String, String> settings, int batchSize) {
		return new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, batchSize, false, new MethodSettings(settings, Map.of()));
	}

	public static void main(String[] args) throws IOException {
		switch (args[0]) {
			case "table": table(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 5, args.length > 3 ? args[3] : ".*"); break;
			case "scaling": scaling(Path.of(args[1])); break;
			case "load": load(args[1], Path.of(args[2])); break;
			case "stream": stream(Integer.parseInt(args[1]), Path.of(args[2])); break;
			case "stacks": stacks(Path.of(args[1])); break;
			default: throw new IllegalArgumentException("unknown mode " + args[0]);
		}
	}

	/** @param only a regular expression on "method model batch": the rows to measure */
	private static void table(Path out, int repeats, String only) throws IOException {
		try (HeldModels cache = new HeldModels(); PrintStream lines = new PrintStream(Files.newOutputStream(out), true)) {
			for (String name : MODELS) {
				LoadedModel model = cache.get(ConformanceTest.MODELS.resolve(name), ModelOptions.DEFAULTS);
				for (int batch : BATCHES) {
					FloatBatch input = input(name, batch);
					for (Case c : CASES) {
						if (!(c.method() + " " + name + " " + batch).matches(only)) continue;
						Explainer method = Explainers.byName(c.method());
						ExplainOptions options = options(c.settings(), CHUNK);
						// PGD stops when every sample reached its goal: the floor takes as many loss gradients (the peers read the steps)
						Explanation first = method.explain(model, input, options, Progress.NONE);
						int steps = first.measures().containsKey(AttackReport.ITERATIONS) ? max(first.measures().get(AttackReport.ITERATIONS)) : 0;
						List<Call> calls = c.floor().make(model, batch, Math.min(steps + 1, PGD_STEPS));
						double[][] times = alternate(repeats, () -> method.explain(model, input, options, Progress.NONE), () -> calls.forEach(call -> call.run(model)));
						calls.forEach(Call::close);
						String note = c.method().equals("pgd") ? "steps " + steps : "";
						String line = String.format(Locale.ROOT, "%s\t%s\t%d\t%.2f\t%.2f\t%s\t%s", c.method(), name, batch, median(times[0]), median(times[1]),
							model.placement().device(), note);
						lines.println(line);
						System.out.println(line);
					}
				}
			}
		}
	}

	private static int max(float[] values) {
		float max = 0;
		for (float value : values) max = Math.max(max, value);
		return (int) max;
	}

	/**
	 * Runs {@code a} and {@code b} in turns, {@code repeats} times and for at least {@link #MEASURE_SECONDS}, at most 60 s (at least 3
	 * times); milliseconds. Before that, unmeasured
	 * turns for {@link #WARM_UP_SECONDS} (at least one): ij-xai's own Java code runs interpreted for the first tens of calls in a
	 * fresh JVM (FGSM on a batch of 32 takes about 40 calls to settle), the bare session calls do not.
	 */
	static double[][] alternate(int repeats, Runnable a, Runnable b) {
		long warmUp = System.nanoTime();
		do {
			a.run();
			b.run();
		}
		while (System.nanoTime() - warmUp < WARM_UP_SECONDS * 1e9);
		List<Double> first = new ArrayList<>(), second = new ArrayList<>();
		long start = System.nanoTime();
		// at least the repeats and MEASURE_SECONDS: rows of a few milliseconds swing by 5-10% over 7 repeats on a shared machine
		while ((first.size() < repeats || System.nanoTime() - start < MEASURE_SECONDS * 1e9) && (first.size() < 3 || System.nanoTime() - start < 60e9)) {
			first.add(millis(a));
			second.add(millis(b));
		}
		return new double[][] { first.stream().mapToDouble(Double::doubleValue).toArray(), second.stream().mapToDouble(Double::doubleValue).toArray() };
	}

	static double millis(Runnable work) {
		long start = System.nanoTime();
		work.run();
		return (System.nanoTime() - start) / 1e6;
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int mid = sorted.length / 2;
		return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
	}

	/** SmoothGrad (50 samples) and IG (64 steps) on one image: 32 samples per TensorFlow call against one call per sample. */
	private static void scaling(Path out) throws IOException {
		try (HeldModels cache = new HeldModels(); PrintStream lines = new PrintStream(Files.newOutputStream(out), true)) {
			for (String name : MODELS) {
				LoadedModel model = cache.get(ConformanceTest.MODELS.resolve(name), ModelOptions.DEFAULTS);
				FloatBatch input = input(name, 1);
				for (Case c : CASES.subList(1, 3)) {
					Explainer method = Explainers.byName(c.method());
					double[][] times = alternate(5, () -> method.explain(model, input, options(c.settings(), CHUNK), Progress.NONE),
						() -> method.explain(model, input, options(c.settings(), 1), Progress.NONE));
					String line = String.format(Locale.ROOT, "%s\t%s\t%.2f\t%.2f", c.method(), name, median(times[0]), median(times[1]));
					lines.println(line);
					System.out.println(line);
				}
			}
		}
	}

	/** In a fresh JVM: TensorFlow's native start, load + flatten + freeze, the first saliency result, and a reused model. */
	private static void load(String name, Path out) throws IOException {
		long start = System.nanoTime();
		TensorFlow.version();
		long nativeReady = System.nanoTime();
		FloatBatch input = input(name, 1);
		try (HeldModels cache = new HeldModels(); PrintStream lines = new PrintStream(Files.newOutputStream(out), true)) {
			long before = System.nanoTime();
			LoadedModel model = cache.get(ConformanceTest.MODELS.resolve(name), ModelOptions.DEFAULTS);
			long loaded = System.nanoTime();
			Explainers.byName("saliency").explain(model, input, ExplainOptions.DEFAULTS, Progress.NONE);
			long first = System.nanoTime();
			LoadedModel again = cache.get(ConformanceTest.MODELS.resolve(name), ModelOptions.DEFAULTS);
			long reused = System.nanoTime();
			Explainers.byName("saliency").explain(again, input, ExplainOptions.DEFAULTS, Progress.NONE);
			long second = System.nanoTime();
			String line = String.format(Locale.ROOT, "%s\t%.0f\t%.0f\t%.0f\t%.0f\t%s\t%.2f\t%.1f", name, (nativeReady - start) / 1e6, (loaded - before) / 1e6,
				(first - loaded) / 1e6, (first - start) / 1e6, again == model, (reused - first) / 1e6, (second - reused) / 1e6);
			lines.println(line);
			System.out.println(line);
		}
	}

	/** A stack of {@code slices} Fashion-MNIST slices explained through ExplainImage: progress reports, time, resident memory. */
	private static void stream(int slices, Path out) throws IOException {
		FloatBatch batch = input("fashion_mnist_cnn", slices);
		ImageStack stack = new ImageStack(batch.width(), batch.height());
		for (int n = 0; n < slices; n++) {
			stack.addSlice("slice " + n, new FloatProcessor(batch.width(), batch.height(), Arrays.copyOfRange(batch.data(), n * batch.sampleSize(), (n + 1) * batch.sampleSize())));
		}
		ImagePlus image = new ImagePlus("stack", stack);
		int[] reports = new int[1];
		int[] lastDone = new int[1];
		Progress progress = new Progress() {
			@Override public void report(int done, int total, String what) {
				reports[0]++;
				lastDone[0] = done;
			}

			@Override public boolean isCanceled() { return false; }
		};
		long rssBefore = LeakRun.residentKb("VmRSS");
		try (ModelCache cache = new ModelCache(); PrintStream lines = new PrintStream(Files.newOutputStream(out), true)) {
			ExplainImage.Settings settings = new ExplainImage.Settings(ConformanceTest.MODELS.resolve("fashion_mnist_cnn"), ModelOptions.DEFAULTS,
				Normalization.parse("none"), false, 0);
			long start = System.nanoTime();
			ExplainImage.Output result = ExplainImage.explain(image, settings, Explainers.byName("saliency"), ExplainOptions.DEFAULTS, Map.of(), cache, progress);
			double seconds = (System.nanoTime() - start) / 1e9;
			String line = String.format(Locale.ROOT, "%d\t%d\t%d\t%d\t%.2f\t%d\t%d\t%d", slices, result.maps().getStackSize(), reports[0], lastDone[0], seconds,
				rssBefore, LeakRun.residentKb("VmRSS"), LeakRun.residentKb("VmHWM"));
			lines.println(line);
			System.out.println(line);
		}
	}

	/** The benchmark batches as images for the command line: 32-bit stacks of the Fashion-MNIST inputs, RGB stacks of the MobileNetV2 ones (0-255). */
	private static void stacks(Path dir) throws IOException {
		Files.createDirectories(dir);
		for (String name : MODELS) {
			for (int count : BATCHES) {
				FloatBatch batch = input(name, count);
				ImageStack stack = new ImageStack(batch.width(), batch.height());
				for (int n = 0; n < count; n++) {
					if (batch.channels() == 1) {
						stack.addSlice("", new FloatProcessor(batch.width(), batch.height(), Arrays.copyOfRange(batch.data(), n * batch.sampleSize(), (n + 1) * batch.sampleSize())));
						continue;
					}
					int[] pixels = new int[batch.width() * batch.height()];
					for (int p = 0; p < pixels.length; p++) {
						int rgb = 0;
						for (int c = 0; c < 3; c++) rgb = rgb << 8 | (int) Math.max(0, Math.min(255, Math.round(batch.data()[n * batch.sampleSize() + p * 3 + c] * 255)));
						pixels[p] = rgb;
					}
					stack.addSlice("", new ColorProcessor(batch.width(), batch.height(), pixels));
				}
				ImagePlus image = new ImagePlus(name + "_" + count, stack);
				String file = dir.resolve(name + "_" + count + ".tif").toString();
				if (!(count > 1 ? new FileSaver(image).saveAsTiffStack(file) : new FileSaver(image).saveAsTiff(file))) throw new IOException("cannot write " + file);
			}
		}
	}
}
