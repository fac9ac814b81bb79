package ijxai.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ij.measure.ResultsTable;
import ijxai.engine.XaiException;
import ijxai.engine.bioimage.PackageCheck;
import ijxai.image.PackageChecks;

/** Check model's run and table, without the dialog; its macro keys. */
class CheckModelPluginTest {

	private static final Path CLASSIFIER = Path.of("models/packages/resnet_small_0.4.zip");

	@Test
	void theClassifierPackagePassesItsTestAndATinyToleranceFailsIt() {
		PackageCheck.Result result = CheckModelPlugin.check(CLASSIFIER, Map.of());
		assertTrue(result.passed(), result.summary());
		assertEquals(PackageCheck.Tolerance.DEFAULT, result.tolerance());
		assertEquals("resnet_small_0.4.zip check", CheckModelPlugin.title(result));
		ResultsTable table = PackageChecks.table(result);
		assertEquals("yes", table.getStringValue("passed", 0));
		assertEquals(10, table.getValue("values", 0));
		assertEquals(result.maxAbsolute(), table.getValue("largest absolute difference", 0), 1e-12);
		// float32 rounding in the model's run is above 1e-12 somewhere among ten softmax values of about 0.1
		PackageCheck.Result strict = CheckModelPlugin.check(CLASSIFIER, Map.of("absolute-tolerance", "0", "relative-tolerance", "0"));
		assertEquals(result.maxAbsolute() > 0, !strict.passed(), strict.summary());
	}

	@Test
	void aSavedModelFolderIsNoPackage() {
		String message = assertThrows(XaiException.class, () -> CheckModelPlugin.check(Path.of("models/fashion_mnist_cnn"), Map.of())).getMessage();
		assertTrue(message.contains("models/fashion_mnist_cnn is not a bioimage.io model package"), message);
	}

	@Test
	void theMacroKeysAreTheOptionNamesWithoutHyphens() {
		assertEquals(List.of("absolutetolerance", "relativetolerance", "trustmodel"), CheckModelPlugin.OPTIONS.stream().map(OptionFields::macroKey).toList());
	}
}
