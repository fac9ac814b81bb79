package ijxai.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI-sized fuzz run ({@link Fuzz}): at least 1,000 corrupted models, odd images and command
 * lines, each ending in a result or one clear message. {@code -Dfuzz.cases=N -Dfuzz.seed=S} for
 * longer or other runs.
 */
class FuzzTest {

	@TempDir
	Path temp;

	@Test
	void everyCaseEndsInAResultOrOneClearMessage() {
		int cases = Integer.getInteger("fuzz.cases", 1000);
		Fuzz.Report report = new Fuzz(Long.getLong("fuzz.seed", 1), temp).run(cases);
		System.out.println(report);
		assertEquals(cases, report.tried());
		assertTrue(report.failures().isEmpty(), report.toString());
		assertTrue(report.results() > cases / 20 && report.messages() > cases / 20, "both results and messages: " + report);
	}
}
