package ijxai.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

import ij.measure.ResultsTable;
import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.ModelOptions;
import ijxai.image.ModelChoices;

/** The model info tables, built without showing them. */
class ModelInfoPluginTest {

	@Test
	void theInfoTableHasTheInputEveryLayerAndTheOutputAndTheClassesTableTheNames() {
		ModelInfo info = ModelChoices.read("models/fashion_mnist_cnn", ModelOptions.DEFAULTS);
		assertNotNull(info);
		ModelInfoPlugin.Tables tables = ModelInfoPlugin.tables(info);
		assertEquals("fashion_mnist_cnn model info", tables.infoTitle());
		assertEquals("fashion_mnist_cnn classes", tables.classesTitle());
		ResultsTable table = tables.info();
		int last = table.size() - 1;
		assertEquals(info.layers().size() + 2, table.size());
		assertEquals("input", table.getStringValue("role", 0));
		assertEquals(info.inputName(), table.getStringValue("name", 0));
		assertEquals("[?,28,28,1]", table.getStringValue("shape", 0));
		assertEquals("NHWC", table.getStringValue("layout", 0));
		assertEquals("yes", table.getStringValue("spatial", 0));
		for (int i = 0; i < info.layers().size(); i++) {
			ModelInfo.Layer layer = info.layers().get(i);
			assertEquals("layer", table.getStringValue("role", i + 1));
			assertEquals(layer.name(), table.getStringValue("name", i + 1));
			assertEquals(layer.op(), table.getStringValue("op", i + 1));
			assertEquals(ModelInfo.shapeString(layer.shape()), table.getStringValue("shape", i + 1));
			assertEquals(ModelInfo.isSpatial(layer) ? "yes" : "no", table.getStringValue("spatial", i + 1), layer.name());
		}
		assertEquals("yes", table.getStringValue("spatial", info.layers().indexOf(info.lastSpatialLayer()) + 1));
		for (int row = 0; row < table.size(); row++) {
			boolean isDefault = row == info.layers().indexOf(info.lastSpatialLayer()) + 1;
			assertEquals(isDefault ? "yes" : "no", table.getStringValue("default", row), "default layer column, row " + row);
		}
		assertEquals("output", table.getStringValue("role", last));
		assertEquals("[?,10]", table.getStringValue("shape", last));
		assertEquals("softmax", table.getStringValue("activation", last));
		assertEquals("no", table.getStringValue("spatial", last));
		ResultsTable classes = tables.classes();
		assertEquals(10, classes.size());
		assertEquals(0, classes.getValue("index", 0));
		assertEquals("T-shirt/top", classes.getStringValue("class", 0));
		assertEquals(9, classes.getValue("index", 9));
		assertEquals("Ankle boot", classes.getStringValue("class", 9));
	}
}
