package ijxai.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ijxai.engine.bioimage.PackageCheckTest;
import ijxai.engine.bioimage.ZipUnpacker;

/**
 * bioimage.io packages on the command line. {@code check}: the fixture packages pass their own test
 * (exit 0); a changed test output fails it (exit 1); a folder that is no package is told so.
 * {@code info} and the methods take a package as {@code --model}.
 */
class PackageCommandLineTest {

	static final Path PACKAGES = Path.of("models/packages");
	private static final Pattern LARGEST = Pattern.compile("largest absolute difference ([0-9.e+-]+), largest relative difference ([0-9.e+-]+)");

	@TempDir
	static Path cache;
	private static String formerCache;

	@TempDir
	Path temp;

	@BeforeAll
	static void unpackIntoATemporaryCache() {
		formerCache = System.setProperty("ijxai.packageCache", cache.toString());
	}

	@AfterAll
	static void restoreTheCache() {
		if (formerCache == null) System.clearProperty("ijxai.packageCache");
		else System.setProperty("ijxai.packageCache", formerCache);
	}

	@ParameterizedTest
	@ValueSource(strings = { "unet_small_0.5", "resnet_small_0.4.zip", "unet_small_csbdeep.bioimage.io.zip" })
	void everyFixturePackagePassesItsTest(String name) {
		BadInputTest.Run run = BadInputTest.cli("check", "--model", PACKAGES.resolve(name).toString());
		assertEquals(0, run.status(), run.err());
		Matcher largest = LARGEST.matcher(run.out());
		assertTrue(largest.find() && run.out().contains(name + ": passed"), run.out());
		// the test outputs are TensorFlow's own numbers: float rounding only (the CSBDeep U-Net's outputs are in the hundreds)
		assertTrue(Double.parseDouble(largest.group(1)) < 5e-5 && Double.parseDouble(largest.group(2)) < 1e-5, run.out());
	}

	@Test
	void aTestOutputChangedByMoreThanTheToleranceFailsWithStatus1() throws IOException {
		// 1e-3 added to one value of the test output, and rdf.yaml given the file's new sha256
		Path copy = PackageCheckTest.copyOfUNet(temp.resolve("changed"));
		Path npy = copy.resolve("test_output.npy");
		String before = ZipUnpacker.sha256(npy);
		PackageCheckTest.addToEighthValue(npy, 1e-3f);
		Path rdf = copy.resolve("rdf.yaml");
		Files.writeString(rdf, Files.readString(rdf).replace(before, ZipUnpacker.sha256(npy)));

		BadInputTest.Run failed = BadInputTest.cli("check", "--model", copy.toString());
		assertEquals(1, failed.status(), failed.out() + failed.err());
		Matcher largest = LARGEST.matcher(failed.out());
		assertTrue(largest.find() && failed.out().contains("changed: FAILED"), failed.out());
		assertEquals(1e-3, Double.parseDouble(largest.group(1)), 2e-5);
		assertTrue(failed.err().strip().equals("ij-xai: changed did not pass its test: 1 values outside the tolerance"), failed.err());

		BadInputTest.Run tolerant = BadInputTest.cli("check", "--model", copy.toString(), "--absolute-tolerance", "2e-3");
		assertEquals(0, tolerant.status(), tolerant.err());
	}

	@Test
	void aSavedModelFolderIsNoPackage() {
		BadInputTest.Run run = BadInputTest.cli("check", "--model", BadInputTest.CNN.toString());
		assertEquals(1, run.status(), run.err());
		assertEquals("ij-xai: models/fashion_mnist_cnn is not a bioimage.io model package: neither a .zip nor a folder holding rdf.yaml or model.yaml", run.err().strip());
		BadInputTest.Run missing = BadInputTest.cli("check", "--model", "no/such/package.zip");
		assertEquals("ij-xai: model package no/such/package.zip does not exist", missing.err().strip());
		BadInputTest.Run negative = BadInputTest.cli("check", "--model", PACKAGES.resolve("unet_small_0.5").toString(), "--relative-tolerance", "x");
		assertEquals(2, negative.status(), negative.err());
		assertTrue(negative.err().startsWith("ij-xai: option 'relative-tolerance' takes a number, not 'x'"), negative.err());
	}

	@Test
	void infoOfAPackageShowsTheModelAndThePackagesNameAuthorsLicenceAndCitation() {
		BadInputTest.Run run = BadInputTest.cli("info", "--model", PACKAGES.resolve("resnet_small_0.4.zip").toString());
		assertEquals(0, run.status(), run.err());
		assertTrue(run.out().contains("\"shape\": [null, 28, 28, 1]"), run.out());
		assertTrue(run.out().contains("\"package\": [\"package: ij-xai small ResNet (bioimage.io format 0.4.10, resnet_small_0.4.zip)\", \"authors: ij-xai developers\", "
			+ "\"licence: BSD-2-Clause\", \"cite: He et al., Deep Residual Learning (2016) (doi:10.1109/CVPR.2016.90)\""), run.out());
		BadInputTest.Run bare = BadInputTest.cli("info", "--model", BadInputTest.CNN.toString());
		assertFalse(bare.out().contains("\"package\""), bare.out());
	}

	@Test
	void aMethodExplainsWithAPackageAsModel() throws IOException {
		Path out = temp.resolve("out");
		BadInputTest.Run run = BadInputTest.cli("saliency", "--model", PACKAGES.resolve("resnet_small_0.4.zip").toString(), "--image", BadInputTest.IMAGE.toString(),
			"--out", out.toString());
		assertEquals(0, run.status(), run.err());
		assertTrue(Files.isRegularFile(out.resolve("fashion-0000-ankle-boot_saliency.tif")), run.out());
		String info = (String) ij.IJ.openImage(out.resolve("fashion-0000-ankle-boot_saliency.tif").toString()).getProperty("Info");
		assertTrue(info.contains("package: ij-xai small ResNet") && info.contains("the package's preprocessing"), info);
		BadInputTest.Run given = BadInputTest.cli("saliency", "--model", PACKAGES.resolve("resnet_small_0.4.zip").toString(), "--image", BadInputTest.IMAGE.toString(),
			"--out", out.toString(), "--normalize", "0-1");
		assertEquals(0, given.status(), given.err());
		String overridden = (String) ij.IJ.openImage(out.resolve("fashion-0000-ankle-boot_saliency.tif").toString()).getProperty("Info");
		assertTrue(overridden.contains("note: normalize 0-1 given: it replaces the package's preprocessing"), overridden);
	}
}
