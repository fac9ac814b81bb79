package ijxai.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.ModelOptions;
import ijxai.engine.model.ScoreKind;

/**
 * Every fixture model in models/ (real TensorFlow exports with GradientTape references made by
 * models/make_models.py): the flat frozen graph must predict what the SavedModel's own signature
 * predicts, and its gradients must equal TensorFlow's.
 */
public class ConformanceTest {

	public static final Path MODELS = Path.of("models");
	private static final HeldModels CACHE = new HeldModels();

	static Stream<String> fixtures() throws IOException {
		try (Stream<Path> dirs = Files.list(MODELS)) {
			return dirs.filter(d -> Files.isDirectory(d.resolve("reference"))).map(d -> d.getFileName().toString()).sorted().toList().stream();
		}
	}

	@AfterAll
	static void closeModels() {
		CACHE.close();
	}

	private static Npy reference(String model, String name) throws IOException {
		return Npy.read(MODELS.resolve(model).resolve("reference").resolve(name + ".npy"));
	}

	@ParameterizedTest
	@MethodSource("fixtures")
	void predictionsEqualTheSignatureRunWithin1e5(String name) throws IOException {
		LoadedModel model = CACHE.get(MODELS.resolve(name), ModelOptions.DEFAULTS);
		Npy input = reference(name, "input");
		float[] flat = model.predict(input.asBatch()).outputs();
		float[] signature = runSignature(MODELS.resolve(name), model.info(), input);
		assertTrue(Numbers.relativeL2(flat, signature) < 1e-5, name + ": flat graph vs signature " + Numbers.relativeL2(flat, signature));
		float[] python = reference(name, "output").values;
		assertTrue(Numbers.relativeL2(flat, python) < 1e-4, name + ": flat graph vs Python " + Numbers.relativeL2(flat, python));
	}

	@ParameterizedTest
	@MethodSource("fixtures")
	void gradientsEqualGradientTapeWithin1e4(String name) throws IOException {
		LoadedModel model = CACHE.get(MODELS.resolve(name), ModelOptions.DEFAULTS);
		Npy input = reference(name, "input");
		LoadedModel.Pass pass = model.gradients(input.asBatch(), null, ScoreKind.LOGIT, null, null);
		float[] targets = reference(name, "target").values;
		for (int i = 0; i < targets.length; i++) assertEquals((int) targets[i], pass.targets()[i], name + " target of sample " + i);
		float[] scores = reference(name, "score").values;
		assertTrue(Numbers.relativeL2(pass.scores(), scores) < 1e-4, name + ": scores " + Numbers.relativeL2(pass.scores(), scores));
		float[] gradient = reference(name, "gradient").values;
		double error = Numbers.relativeL2(pass.gradient().data(), gradient);
		assertTrue(error < 1e-4, name + ": gradient vs GradientTape, relative L2 " + error);
	}

	@ParameterizedTest
	@MethodSource("fixtures")
	void fixedTargetGivesThatClassGradient(String name) throws IOException {
		LoadedModel model = CACHE.get(MODELS.resolve(name), ModelOptions.DEFAULTS);
		FloatBatch input = reference(name, "input").asBatch();
		int[] predicted = model.gradients(input, null, ScoreKind.LOGIT, null, null).targets();
		int[] fixedTargets = new int[input.count()];
		java.util.Arrays.fill(fixedTargets, predicted[0]);
		LoadedModel.Pass fixed = model.gradients(input, fixedTargets, ScoreKind.LOGIT, null, null);
		LoadedModel.Pass again = model.gradients(input.slice(0, 1), null, ScoreKind.LOGIT, null, null);
		float[] first = java.util.Arrays.copyOf(fixed.gradient().data(), input.sampleSize());
		assertTrue(Numbers.relativeL2(first, again.gradient().data()) < 1e-5, name + ": fixed target = predicted target for sample 0");
		assertArrayEquals(new int[] { predicted[0], predicted[0] }, java.util.Arrays.copyOf(fixed.targets(), 2));
	}

	/** The TF1 fixture keeps its variables in several checkpoint shards, as multi-device exports do. */
	@org.junit.jupiter.api.Test
	void shardedCheckpointLoads() throws IOException {
		try (Stream<Path> files = Files.list(MODELS.resolve("tf1_cond_if").resolve("variables"))) {
			long shards = files.filter(f -> f.getFileName().toString().startsWith("variables.data-")).count();
			assertTrue(shards > 1, "tf1_cond_if should have a sharded checkpoint, has " + shards + " shard(s)");
		}
		assertTrue(CACHE.get(MODELS.resolve("tf1_cond_if"), ModelOptions.DEFAULTS).info().classCount() == 10);
	}

	/**
	 * Central differences along the gradient's own direction (where the signal is largest, so that
	 * float32 rounding of the scores stays small) agree with the gradient's norm. Inputs are tie-free.
	 */
	@ParameterizedTest
	@MethodSource("fixtures")
	void gradientAgreesWithFiniteDifferences(String name) throws IOException {
		LoadedModel model = CACHE.get(MODELS.resolve(name), ModelOptions.DEFAULTS);
		FloatBatch input = reference(name, "input").asBatch().slice(0, 1);
		LoadedModel.Pass pass = model.gradients(input, null, ScoreKind.LOGIT, null, null);
		int[] target = { pass.targets()[0] };
		float[] gradient = pass.gradient().data();
		double norm = 0, scale = 0;
		for (int i = 0; i < gradient.length; i++) {
			norm += gradient[i] * gradient[i];
			scale = Math.max(scale, Math.abs(input.data()[i]));
		}
		norm = Math.sqrt(norm);
		float[] direction = new float[gradient.length];
		for (int i = 0; i < gradient.length; i++) direction[i] = (float) (gradient[i] / norm);
		double h = 1e-3 * Math.max(scale, 1);
		double plus = score(model, input, direction, h, target), minus = score(model, input, direction, -h, target);
		double numeric = (plus - minus) / (2 * h);
		// 3% for curvature over the step, plus float32 rounding of the two scores
		double tolerance = 3e-2 * norm + 4 * Math.ulp((float) Math.max(Math.abs(plus), Math.abs(minus))) / h;
		assertEquals(norm, numeric, tolerance, name + ": derivative along the gradient");
	}

	private static double score(LoadedModel model, FloatBatch input, float[] direction, double step, int[] target) {
		float[] moved = input.data().clone();
		for (int i = 0; i < moved.length; i++) moved[i] += (float) (step * direction[i]);
		FloatBatch batch = new FloatBatch(1, input.height(), input.width(), input.channels(), moved);
		return model.gradients(batch, target, ScoreKind.LOGIT, null, null).scores()[0];
	}

	/** The SavedModel's own serving signature, run by TensorFlow's loader without ij-xai's flattening. */
	static float[] runSignature(Path folder, ModelInfo info, Npy input) {
		ConfigProto anyDevice = ConfigProto.newBuilder().setAllowSoftPlacement(true).build();
		try (SavedModelBundle bundle = SavedModelBundle.loader(folder.toString()).withTags(ModelOptions.TAG).withConfigProto(anyDevice).load();
			TFloat32 tensor = TFloat32.tensorOf(Shape.of(input.shape), DataBuffers.of(input.values, true, false));
			Result result = bundle.function(info.signature()).call(Map.of(info.inputName(), tensor)))
		{
			Tensor out = result.get(info.outputName()).orElseThrow();
			float[] values = new float[(int) out.shape().size()];
			((TFloat32) out).copyTo(DataBuffers.of(values, false, false));
			return values;
		}
	}
}
