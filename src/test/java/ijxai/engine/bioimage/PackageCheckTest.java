package ijxai.engine.bioimage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ijxai.engine.ConformanceTest;
import ijxai.engine.FloatBatch;
import ijxai.engine.XaiException;
import ijxai.engine.bioimage.PackageDescription.AxisSize;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelOptions;
import ijxai.engine.model.SavedModelLoader;

/** The fixture packages of models/make_packages.py pass their own test: test outputs from TensorFlow and numpy. */
public class PackageCheckTest {

	static final Path PACKAGES = ConformanceTest.MODELS.resolve("packages");

	@TempDir
	Path cache;

	private PackageCheck.Result check(String name) {
		PackageLimits limits = PackageLimits.defaults(cache);
		ModelPackage pack = ModelPackage.open(PACKAGES.resolve(name), limits);
		try (LoadedModel model = new SavedModelLoader(ModelOptions.DEFAULTS).load(pack.savedModel())) {
			PackageCheck.Result result = PackageCheck.run(pack, model, PackageCheck.Tolerance.DEFAULT);
			assertTrue(result.passed(), result.summary());
			System.out.println(result.summary());
			return result;
		}
	}

	@Test
	void uNetOfFormat05WithScaleRange() {
		PackageCheck.Result result = check("unet_small_0.5");
		assertEquals(40 * 40, result.count());
		assertTrue(result.maxAbsolute() < 1e-5, result.summary());
		ModelPackage pack = ModelPackage.open(PACKAGES.resolve("unet_small_0.5"), PackageLimits.defaults(cache));
		PackageDescription description = pack.description();
		assertEquals("ij-xai small U-Net", description.name());
		assertEquals(List.of("ij-xai developers"), description.authors());
		assertEquals("BSD-2-Clause", description.license());
		assertEquals("byxc", pack.input().axisLetters());
		assertEquals(new AxisSize.Parameterized(16, 4), pack.input().axis('y').size());
		assertEquals(4, pack.output().axis('x').halo());
		assertEquals(List.of("foreground"), pack.output().channelNames());
		assertTrue(pack.notes().contains("weights sha256 checked"), pack.notes().toString());
		assertTrue(pack.input().processing().get(0) instanceof Processing.ScaleRange);
	}

	@Test
	void anAdapterPreparesAnImageRunsTheModelAndGetsTheResult() throws IOException {
		PackageLimits limits = PackageLimits.defaults(cache);
		ModelPackage pack = ModelPackage.open(PACKAGES.resolve("unet_small_0.5"), limits);
		NpyReader.Array image = NpyReader.read(pack.input().testTensor(), 1 << 20), expected = NpyReader.read(pack.output().testTensor(), 1 << 20);
		int[] s = image.shape();
		try (LoadedModel model = new SavedModelLoader(ModelOptions.DEFAULTS).load(pack.savedModel())) {
			ModelPackage.ModelInput fed = pack.prepare(new FloatBatch(s[0], s[1], s[2], s[3], image.values()));
			TensorData result = pack.result(model.predict(fed.batch()).outputs(), fed);
			assertArrayEquals(expected.shape(), result.shape());
			assertArrayEquals(expected.values(), result.data(), 1e-5f);
		}
		assertEquals(List.of("package: ij-xai small U-Net (bioimage.io format 0.5.3, unet_small_0.5)", "authors: ij-xai developers", "licence: BSD-2-Clause",
			"cite: Ronneberger et al., U-Net (2015) (doi:10.1007/978-3-319-24574-4_28)", "input raw: axes byxc preprocessing scale_range", "output mask: axes byxc",
			"classes: foreground"), pack.describe().subList(0, 7));
	}

	@Test
	void classifierOfFormat04WithZeroMeanUnitVariance() {
		PackageCheck.Result result = check("resnet_small_0.4.zip");
		assertEquals(10, result.count());
		assertTrue(result.maxAbsolute() < 1e-5, result.summary());
	}

	@Test
	void csbdeepExportPaddedToAValidSizeAndCroppedBack() {
		PackageCheck.Result result = check("unet_small_csbdeep.bioimage.io.zip");
		assertEquals(42 * 42, result.count());
		assertTrue(result.notes().toString().contains("padded from [1, 42, 42, 1] to [1, 44, 44, 1]"), result.notes().toString());
		assertTrue(result.maxRelative() < 1e-5, result.summary());
	}

	@Test
	void aTestOutputOffByMoreThanTheToleranceFails() throws IOException {
		Path copy = copyOfUNet(cache.resolve("changed"));
		String before = ZipUnpacker.sha256(copy.resolve("test_output.npy"));
		addToEighthValue(copy.resolve("test_output.npy"), 1e-3f);
		PackageLimits limits = PackageLimits.defaults(cache.resolve("cache"));
		String changed = assertThrows(XaiException.class, () -> ModelPackage.open(copy, limits)).getMessage();
		assertTrue(changed.contains("outputs[0].test_tensor.sha256 is " + before), changed);
		Path rdf = copy.resolve("rdf.yaml");
		Files.writeString(rdf, Files.readString(rdf).replace(before, ZipUnpacker.sha256(copy.resolve("test_output.npy"))));
		ModelPackage pack = ModelPackage.open(copy, limits);
		try (LoadedModel model = new SavedModelLoader(ModelOptions.DEFAULTS).load(pack.savedModel())) {
			PackageCheck.Result result = PackageCheck.run(pack, model, PackageCheck.Tolerance.DEFAULT);
			assertFalse(result.passed(), result.summary());
			assertEquals(1, result.outside());
			assertEquals(1e-3, result.maxAbsolute(), 2e-5);
			assertTrue(PackageCheck.run(pack, model, new PackageCheck.Tolerance(2e-3, 0)).passed());
		}
		assertThrows(XaiException.class, () -> new PackageCheck.Tolerance(-1, 0));
	}

	/** A copy of the unet_small_0.5 package folder in {@code copy}. */
	public static Path copyOfUNet(Path copy) throws IOException {
		Files.createDirectories(copy);
		try (Stream<Path> files = Files.list(PACKAGES.resolve("unet_small_0.5"))) {
			for (Path file : files.toList()) Files.copy(file, copy.resolve(file.getFileName()));
		}
		return copy;
	}

	/** Adds {@code delta} to the 8th value of a float32 .npy file: its header (version 1) is 10 bytes plus its length. */
	public static void addToEighthValue(Path npy, float delta) throws IOException {
		byte[] bytes = Files.readAllBytes(npy);
		ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		int at = 10 + (buffer.getShort(8) & 0xFFFF) + 7 * 4;
		buffer.putFloat(at, buffer.getFloat(at) + delta);
		Files.write(npy, bytes);
	}
}
