package ijxai.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code info} on a nested model lists the layers inside it by path, and the nested models. */
class NestedInfoTest {

	@Test
	void infoListsInnerLayersByPathAndTheNestedModels() {
		BadInputTest.Run run = BadInputTest.cli("info", "--model", "models/nested_two_level");
		assertEquals(0, run.status(), run.err());
		String json = run.out();
		assertTrue(json.contains("{\"name\": \"backbone/block/block_conv\", \"op\": \"BiasAdd\""), json);
		assertTrue(json.contains("\"shape\": [null, 16, 16, 8], \"spatial\": true}"), json);
		assertTrue(json.contains("\"models\": [\n    {\"name\": \"backbone\""), json);
	}
}
