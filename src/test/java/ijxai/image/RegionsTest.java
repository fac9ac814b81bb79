package ijxai.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.gui.OvalRoi;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.process.FloatProcessor;
import ijxai.engine.Explainers;
import ijxai.engine.FloatBatch;
import ijxai.engine.Normalization;
import ijxai.engine.Npy;
import ijxai.engine.Numbers;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelOptions;
import ijxai.engine.model.Region;
import ijxai.engine.model.ScoreKind;
import ijxai.engine.model.Target;

/** ImageJ's ROIs as regions, and what the results say of them. */
class RegionsTest {

	private static final Path U_NET = Path.of("models", "unet_small");

	@Test
	void anOvalIsThePixelsItContainsAndAPointOnePixel() {
		OvalRoi oval = new OvalRoi(3, 4, 9, 7);
		Region region = Regions.of(oval, "oval", 32, 32);
		int inside = 0, expected = 0;
		for (int y = 0; y < 32; y++) for (int x = 0; x < 32; x++) inside += region.weight(x, y) > 0 ? 1 : 0;
		Rectangle bounds = oval.getBounds();
		for (int y = bounds.y; y < bounds.y + bounds.height; y++) for (int x = bounds.x; x < bounds.x + bounds.width; x++) expected += oval.contains(x, y) ? 1 : 0;
		assertEquals(expected, inside);
		Region point = Regions.of(new PointRoi(5, 9), "point", 32, 32);
		assertEquals(1, point.weight(5, 9));
		float total = 0;
		for (int y = 0; y < 32; y++) for (int x = 0; x < 32; x++) total += point.weight(x, y);
		assertEquals(1, total);
	}

	/**
	 * The image's selection (a rectangle, so that TensorFlow's reference of make_region_references.py
	 * applies): the map, its outline drawn on it, the region's name in the table.
	 */
	@Test
	void theSelectionIsExplainedAndOutlined() throws IOException {
		FloatBatch input = Npy.read(U_NET.resolve("reference/input.npy")).asBatch();
		ImagePlus image = new ImagePlus("cell", new FloatProcessor(32, 32, Arrays.copyOf(input.data(), 32 * 32)));
		Roi selection = new Roi(4, 6, 10, 8);
		image.setRoi(selection);
		ExplainImage.Settings settings = new ExplainImage.Settings(U_NET, ModelOptions.DEFAULTS, Normalization.NONE, false, 0);
		ExplainOptions options = new ExplainOptions(Target.parse("0").inRegions(Regions.SELECTION, false), ScoreKind.LOGIT, 8, true, MethodSettings.NONE);
		try (ModelCache cache = new ModelCache()) {
			ExplainImage.Output result = ExplainImage.explain(image, settings, Explainers.byName("saliency"), options, Map.of(), cache, Progress.NONE);
			float[] map = (float[]) result.maps().getProcessor().getPixels();
			float[] reference = Arrays.copyOf(Npy.read(U_NET.resolve("reference/region_saliency.npy")).values, 32 * 32);
			assertTrue(Numbers.relativeL2(map, reference) < 1e-5, "relative L2 " + Numbers.relativeL2(map, reference));
			assertEquals(1, result.maps().getOverlay().size());
			assertEquals(new Rectangle(4, 6, 10, 8), result.maps().getOverlay().get(0).getBounds());
			assertEquals("selection", result.predictions().getStringValue("region", 0));
		}
	}

	@Test
	void noSelectionAndAnEmptyRoiManagerAreSaid() {
		ImagePlus image = new ImagePlus("bare", new FloatProcessor(8, 8));
		XaiException none = assertThrows(XaiException.class, () -> Regions.resolve(Target.PREDICTED.inRegions(Regions.SELECTION, false), image));
		assertTrue(none.getMessage().contains("has no selection"), none.getMessage());
		assertEquals(List.of(), Regions.resolve(Target.PREDICTED.inRegions(Target.WHOLE_IMAGE, false), image).regions());
	}
}
