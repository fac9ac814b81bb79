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

	/** Outputs besides the explained one get a row each, before the explained output's (the last row). */
	@Test
	void theInfoTableListsTheOtherOutputs() {
		ModelInfo info = model("two_heads").info();
		ResultsTable table = ModelReport.layers(info);
		int last = table.size() - 1;
		assertEquals("other output:mask", table.getStringValue("role", last - 1) + ":" + table.getStringValue("name", last - 1));
		assertEquals("[?,32,32,1]", table.getStringValue("shape", last - 1));
		assertEquals("sigmoid", table.getStringValue("activation", last - 1));
		assertEquals("output:class", table.getStringValue("role", last) + ":" + table.getStringValue("name", last));
		assertTrue(ModelReport.summary(info).contains("Other output: mask [?,32,32,1] float32, ends in sigmoid"), ModelReport.summary(info));
	}
}
