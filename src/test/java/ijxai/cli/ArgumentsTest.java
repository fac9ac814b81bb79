package ijxai.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Options as a user writes them, read against what each command takes; anything else is a usage error naming it. */
class ArgumentsTest {

	private static Arguments parse(String command, String... args) {
		return Arguments.parse(Commands.named(command), List.of(args));
	}

	private static void assertUsageError(String message, String command, String... args) {
		assertEquals(message, assertThrows(UsageException.class, () -> parse(command, args)).getMessage());
	}

	@Test
	void valuesFlagsAndRepeatedRules() {
		Arguments lrp = parse("lrp", "--model", "m", "--raw", "--layer-rule", "conv2d=flat", "--image", "a.png", "--layer-rule", "dense_1=zplus", "--resize");
		assertEquals("m", lrp.get("model"));
		assertEquals("a.png", lrp.required("image"));
		assertEquals("true", lrp.get("raw"));
		assertEquals("true", lrp.get("resize"));
		assertEquals("conv2d=flat,dense_1=zplus", lrp.get("layer-rule"));
		assertNull(lrp.get("out"));
		assertEquals("missing --out", assertThrows(UsageException.class, () -> lrp.required("out")).getMessage());
	}

	@Test
	void eachCommandTakesItsOwnOptions() {
		assertUsageError("unknown option --steps for gradcam", "gradcam", "--model", "m", "--steps", "4");
		assertUsageError("unknown option --raw for sweep", "sweep", "--model", "m", "--raw");
		assertUsageError("unknown option --image for filters", "filters", "--model", "m", "--image", "a.png");
		assertUsageError("unknown option --labels for universal", "universal", "--labels", "l.csv");
		assertEquals("0,8", parse("sweep", "--epsilons", "0,8", "--labels", "l.csv").get("epsilons"));
	}

	@Test
	void malformedCommandLines() {
		assertUsageError("unexpected argument 'a.png'", "saliency", "--model", "m", "a.png");
		assertUsageError("option --model needs a value", "info", "--model");
		assertUsageError("option --steps is given twice", "integrated-gradients", "--steps", "8", "--steps", "16");
		assertEquals("unknown command 'explain'", assertThrows(UsageException.class, () -> Commands.named("explain")).getMessage());
	}

	/** A common option's bad value is a usage error (exit status 2), as before the options were declared in the engine. */
	@Test
	void badCommonValuesAreUsageErrors() {
		assertEquals("option 'overlay' (overlay opacity) must be between 0 and 1, not 2",
			assertThrows(UsageException.class, () -> parse("saliency", "--overlay", "2").common()).getMessage());
		assertThrows(UsageException.class, () -> parse("saliency", "--batch", "many").common());
		assertEquals(0.5, parse("saliency", "--overlay", "0.5").common().overlay());
	}
}
