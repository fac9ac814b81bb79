package ijxai.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

import ij.ImagePlus;
import ij.WindowManager;
import ij.process.ByteProcessor;
import ijxai.engine.attribution.GradCam;
import ijxai.engine.attribution.SmoothGrad;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelOptions;
import ijxai.engine.model.ScoreKind;
import ijxai.engine.model.Target;
import ijxai.image.ExplainImage;

/**
 * Cancellation and failure leave nothing behind (in the spirit of Captum's hook-removal test):
 * no native TensorFlow object left open (JavaCPP counts every native object with a deallocator:
 * tensors, results, sessions, graphs), no image window, and the model returned to the cache.
 */
class LeakTest {

	@TempDir
	Path temp;

	private static final ExplainOptions OPTIONS = new ExplainOptions(Target.PREDICTED, ScoreKind.LOGIT, 4, false,
		new MethodSettings(Map.of("samples", "40"), Map.of()));

	/** Cancels at the {@code after}-th progress report. */
	private static Progress cancelAfter(int after) {
		int[] reports = { 0 };
		return new Progress() {
			@Override public void report(int done, int total, String what) { reports[0]++; }
			@Override public boolean isCanceled() { return reports[0] >= after; }
		};
	}

	@Test
	void theCounterSeesAnOpenTensor() {
		long before = Pointer.totalCount();
		try (TFloat32 tensor = TFloat32.tensorOf(Shape.of(2, 2))) {
			assertEquals(before + 1, Pointer.totalCount(), "an open tensor is counted");
		}
		assertEquals(before, Pointer.totalCount());
	}

	@Test
	void cancelledAndFailedRunsCloseEveryTensor() throws IOException {
		try (ModelCache cache = new ModelCache(); ModelCache.Lease cnn = cache.lease(ConformanceTest.MODELS.resolve("fashion_mnist_cnn"), ModelOptions.DEFAULTS);
			ModelCache.Lease rank3 = cache.lease(ConformanceTest.MODELS.resolve("rank3_input"), ModelOptions.DEFAULTS))
		{
			FloatBatch input = Fixtures.input("fashion_mnist_cnn");
			// a complete run first: gradient ops are built once and stay with the model
			new SmoothGrad().explain(cnn.model(), input, OPTIONS, Progress.NONE);
			rank3.model().predict(FloatBatch.zeros(1, 28, 28, 1));
			long open = Pointer.totalCount();
			assertThrows(CancellationException.class, () -> new SmoothGrad().explain(cnn.model(), input, OPTIONS, cancelAfter(3)));
			assertEquals(open, Pointer.totalCount(), "native objects open after a cancelled run");
			// TensorFlow refuses the input inside the session call: the input tensor must still be closed
			assertThrows(XaiException.class, () -> rank3.model().gradients(FloatBatch.zeros(2, 64, 64, 1), null, ScoreKind.LOGIT, null, null));
			assertThrows(XaiException.class, () -> rank3.model().predict(FloatBatch.zeros(2, 64, 64, 1)));
			assertEquals(open, Pointer.totalCount(), "native objects open after failed runs");
		}
	}

	@Test
	void aCancelledCommandReturnsItsModelAndOpensNoWindow() throws IOException {
		Path model = temp.resolve("model");
		try (Stream<Path> files = Files.walk(ConformanceTest.MODELS.resolve("fashion_mnist_cnn"))) {
			for (Path file : (Iterable<Path>) files::iterator) {
				Path target = model.resolve(ConformanceTest.MODELS.resolve("fashion_mnist_cnn").relativize(file).toString());
				if (Files.isDirectory(file)) Files.createDirectories(target);
				else Files.copy(file, target);
			}
		}
		int windows = WindowManager.getImageCount();
		ij.ImageStack slices = new ij.ImageStack(28, 28);
		for (int i = 0; i < 8; i++) slices.addSlice(new ByteProcessor(28, 28));
		ImagePlus image = new ImagePlus("stack", slices);
		ExplainImage.Settings settings = new ExplainImage.Settings(model, ModelOptions.DEFAULTS, Normalization.ZERO_ONE, false, 0);
		try (ModelCache cache = new ModelCache()) {
			assertThrows(CancellationException.class, () -> ExplainImage.explain(image, settings, new SmoothGrad(), OPTIONS, Map.of(), cache, cancelAfter(2)));
			assertThrows(XaiException.class, () -> ExplainImage.explain(image, settings, new GradCam(),
				OPTIONS.withSettings(new MethodSettings(Map.of("layer", "no_such_layer"), Map.of())), Map.of(), cache, Progress.NONE));
			LoadedModel used;
			try (ModelCache.Lease lease = cache.lease(model, ModelOptions.DEFAULTS)) {
				used = lease.model();
			}
			// the model's files change: the cache replaces it, and closes it at once if no run still holds it
			Files.writeString(model.resolve("labels.txt"), "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n");
			cache.lease(model, ModelOptions.DEFAULTS).close();
			assertThrows(IllegalStateException.class, () -> used.predict(FloatBatch.zeros(1, 28, 28, 1)), "no lease left behind by the failed runs");
		}
		assertEquals(windows, WindowManager.getImageCount(), "no window left open");
	}
}
