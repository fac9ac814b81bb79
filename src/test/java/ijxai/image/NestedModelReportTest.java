package ijxai.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import ij.measure.ResultsTable;
import ijxai.engine.Fixtures;
import ijxai.engine.model.ModelInfo;

/** How a nested model is described: the info table as a tree, the dialogs' layer lists, and the summary. */
class NestedModelReportTest extends Fixtures {

	private static final String MODEL = "nested_two_level";

	@Test
	void theInfoTableShowsTheTreeWithPathsOpsShapesAndSpatial() {
		ModelInfo info = model(MODEL).info();
		ResultsTable table = ModelReport.layers(info);
		assertEquals(info.tree().size() + 2, table.size());
		List<String> expected = List.of("input:serving_default_input_6", "model:backbone", "layer:backbone/stem", "model:backbone/block",
			"layer:backbone/block/block_conv", "layer:backbone/block/block_relu", "layer:backbone/out_relu", "layer:flatten", "layer:predictions");
		for (int row = 1; row < expected.size(); row++) {
			assertEquals(expected.get(row), table.getStringValue("role", row) + ":" + table.getStringValue("name", row), "row " + row);
		}
		int blockConv = 4;
		assertEquals("BiasAdd", table.getStringValue("op", blockConv));
		assertEquals("[?,16,16,8]", table.getStringValue("shape", blockConv));
		assertEquals("yes", table.getStringValue("spatial", blockConv));
		assertEquals("no", table.getStringValue("spatial", 7), "flatten");
		assertEquals("yes", table.getStringValue("default", 6), "backbone/out_relu is Grad-CAM's default");
		String summary = ModelReport.summary(info);
		assertTrue(summary.contains("Layers: 6 (in 2 nested models: backbone, backbone/block), default layer for Grad-CAM and feature maps: backbone/out_relu"), summary);
	}

	@Test
	void theDialogsListInnerLayersByPathSpatialFirst() {
		assertEquals(List.of("default", "backbone", "backbone/stem", "backbone/block", "backbone/block/block_conv", "backbone/block/block_relu",
			"backbone/out_relu", "flatten", "predictions"), ModelChoices.layers(model(MODEL).info()));
	}
}
