package ijxai.engine;

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

/** A model used again is not reloaded; a model whose files changed is; closing closes every model. */
class ModelCacheTest {

	@TempDir
	Path temp;

	@Test
	void reusesUntilTheFilesChange() throws IOException {
		Path model = temp.resolve("model");
		try (Stream<Path> files = Files.walk(Path.of("models/rank3_input"))) {
			for (Path file : (Iterable<Path>) files::iterator) {
				Path target = model.resolve(Path.of("models/rank3_input").relativize(file).toString());
				if (Files.isDirectory(file)) Files.createDirectories(target);
				else Files.copy(file, target);
			}
		}
		try (ModelCache cache = new ModelCache()) {
			LoadedModel first = cache.get(model, ModelOptions.DEFAULTS);
			assertSame(first, cache.get(model, ModelOptions.DEFAULTS));
			Files.writeString(model.resolve("labels.txt"), "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n");
			LoadedModel second = cache.get(model, ModelOptions.DEFAULTS);
			assertNotSame(first, second);
			assertEquals("a", second.info().className(0));
			assertThrows(IllegalStateException.class, () -> first.predict(FloatBatch.zeros(1, 28, 28, 1)), "the replaced model is closed");
			assertEquals(1, cache.size());
		}
	}
}
