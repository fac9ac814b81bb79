package ijxai.engine.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ijxai.engine.XaiException;

class MethodSettingsTest {

	private static String outOfRange(double min, double max, String given) {
		MethodParameter epsilon = MethodParameter.number("epsilon", "epsilon", 1, min, max, "step size");
		return assertThrows(XaiException.class, () -> MethodSettings.check("attack", List.of(epsilon), Map.of("epsilon", given), Map.of()))
			.getMessage();
	}

	@Test
	void boundsPrintAsTheyWereDeclared() {
		assertEquals("attack option 'epsilon' must be between 0 and 255, not 300", outOfRange(0, 255, "300"));
		assertEquals("attack option 'epsilon' must be between 0.5 and 2.5, not 3", outOfRange(0.5, 2.5, "3"));
		// a whole bound beyond what a long holds must not print as Long.MAX_VALUE
		assertEquals("attack option 'epsilon' must be between 0 and 1.0E30, not -1", outOfRange(0, 1e30, "-1"));
	}
}
