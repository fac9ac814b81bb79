package ijxai.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ijxai.engine.FloatBatch;

/**
 * A model used again is not reloaded; a model whose files changed is; a replaced model still in
 * use stays open until its last lease returns; closing the cache closes every model not lent out.
 */
class ModelCacheTest {

	@TempDir
	Path temp;

	private Path copyOfModel() throws IOException {
		Path model = temp.resolve("model");
		try (Stream<Path> files = Files.walk(Path.of("models/rank3_input"))) {
			for (Path file : (Iterable<Path>) files::iterator) {
				Path target = model.resolve(Path.of("models/rank3_input").relativize(file).toString());
				if (Files.isDirectory(file)) Files.createDirectories(target);
				else Files.copy(file, target);
			}
		}
		return model;
	}

	@Test
	void reusesUntilTheFilesChange() throws IOException {
		Path model = copyOfModel();
		try (ModelCache cache = new ModelCache()) {
			LoadedModel first;
			try (ModelCache.Lease a = cache.lease(model, ModelOptions.DEFAULTS); ModelCache.Lease b = cache.lease(model, ModelOptions.DEFAULTS)) {
				first = a.model();
				assertSame(first, b.model());
			}
			Files.writeString(model.resolve("labels.txt"), "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n");
			try (ModelCache.Lease lease = cache.lease(model, ModelOptions.DEFAULTS)) {
				assertNotSame(first, lease.model());
				assertEquals("a", lease.model().info().className(0));
			}
			assertThrows(IllegalStateException.class, () -> first.predict(FloatBatch.zeros(1, 28, 28, 1)), "the replaced model is closed");
			assertEquals(1, cache.size());
		}
	}

	@Test
	void aReplacedModelStaysOpenWhileLent() throws IOException {
		Path model = copyOfModel();
		try (ModelCache cache = new ModelCache()) {
			ModelCache.Lease old = cache.lease(model, ModelOptions.DEFAULTS);
			Files.writeString(model.resolve("labels.txt"), "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n");
			try (ModelCache.Lease fresh = cache.lease(model, ModelOptions.DEFAULTS)) {
				assertNotSame(old.model(), fresh.model());
				assertEquals(10, old.model().predict(FloatBatch.zeros(1, 28, 28, 1)).outputs().length, "still usable by its command");
			}
			old.close();
			old.close();
			assertThrows(IllegalStateException.class, () -> old.model().predict(FloatBatch.zeros(1, 28, 28, 1)), "closed with its last lease");
		}
	}

	@Test
	void closingTheCacheWaitsForLentModels() throws IOException {
		Path model = copyOfModel();
		ModelCache cache = new ModelCache();
		ModelCache.Lease lease = cache.lease(model, ModelOptions.DEFAULTS);
		cache.close();
		assertEquals(0, cache.size());
		assertEquals(10, lease.model().predict(FloatBatch.zeros(1, 28, 28, 1)).outputs().length);
		lease.close();
		assertThrows(IllegalStateException.class, () -> lease.model().predict(FloatBatch.zeros(1, 28, 28, 1)));
	}
}
