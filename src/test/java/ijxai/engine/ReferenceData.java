package ijxai.engine;

import java.io.IOException;
import java.nio.file.Path;

/** A fixture's TensorFlow reference input (as a rank-4 batch) and gradient, for tests outside this package. */
public record ReferenceData(FloatBatch input, float[] gradient) {

	public static ReferenceData of(Path model) throws IOException {
		Path folder = model.resolve("reference");
		return new ReferenceData(Npy.read(folder.resolve("input.npy")).asBatch(), Npy.read(folder.resolve("gradient.npy")).values);
	}
}
