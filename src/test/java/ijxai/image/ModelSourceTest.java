package ijxai.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import ijxai.engine.bioimage.ModelPackage;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelOptions;

/** A model path is a SavedModel folder or a bioimage.io package; a package's SavedModel is leased with the package beside it. */
class ModelSourceTest {

	private static final Path PACKAGES = Path.of("models/packages");

	@Test
	void aZippedPackageIsOpenedOnceAndItsSavedModelLeased() {
		Path zip = PACKAGES.resolve("resnet_small_0.4.zip");
		try (ModelCache cache = new ModelCache(); ModelSource.Lease lease = ModelSource.lease(cache, zip, ModelOptions.DEFAULTS);
			ModelSource.Lease again = ModelSource.lease(cache, zip, ModelOptions.DEFAULTS))
		{
			ModelPackage pack = lease.pack().orElseThrow();
			assertEquals("ij-xai small ResNet", pack.description().name());
			assertSame(pack, again.pack().orElseThrow(), "opened (hashed, unpacked) once");
			assertSame(lease.model(), again.model(), "one model in the cache");
			assertEquals(1, cache.size());
			assertArrayEquals(new long[] { -1, 28, 28, 1 }, lease.model().info().inputShape());
			assertEquals(pack.savedModel().toString(), lease.model().info().folder());
		}
	}

	@Test
	void aFolderPackageAndABareSavedModel() {
		try (ModelCache cache = new ModelCache(); ModelSource.Lease folder = ModelSource.lease(cache, PACKAGES.resolve("unet_small_0.5"), ModelOptions.DEFAULTS);
			ModelSource.Lease bare = ModelSource.lease(cache, Path.of("models/resnet_small"), ModelOptions.DEFAULTS))
		{
			assertEquals("ij-xai small U-Net", folder.pack().orElseThrow().description().name());
			assertTrue(folder.model().info().isDenseOutput());
			// the rdf's output channel_names, where the SavedModel has no labels of its own
			assertEquals(java.util.List.of("foreground"), folder.model().info().classes());
			assertTrue(folder.model().info().notes().contains("class names from the model package: foreground"), folder.model().info().notes().toString());
			assertFalse(bare.pack().isPresent());
			assertEquals(2, cache.size());
		}
	}
}
