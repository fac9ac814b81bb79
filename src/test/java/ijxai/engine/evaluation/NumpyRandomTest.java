package ijxai.engine.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** numpy's legacy generator: the permutations of np.random.seed(43) (models/make_sanity_references.py's permutations.json). */
class NumpyRandomTest {

	@Test
	void permutationsEqualNumpys() throws IOException {
		String json = Files.readString(MapSimilarityTest.FOLDER.resolve("permutations.json")).replace(" ", "");
		// one seed, then permutations of 3 and of 10 in turn
		NumpyRandom random = new NumpyRandom(43);
		for (int n : new int[] { 3, 10 }) {
			assertEquals("\"" + n + "\":" + Arrays.toString(random.permutation(n)).replace(" ", ""), find(json, "\"" + n + "\":"), "n = " + n);
		}
		NumpyRandom consecutive = new NumpyRandom(43);
		String expected = "\"consecutive_3_then_32\":[" + Arrays.toString(consecutive.permutation(3)) + "," + Arrays.toString(consecutive.permutation(32)) + "]";
		assertEquals(expected.replace(" ", ""), find(json, "\"consecutive_3_then_32\":"));
	}

	/** The JSON value after {@code key}: a bracketed list. */
	private static String find(String json, String key) {
		int start = json.indexOf(key), depth = 0, end = start + key.length();
		do {
			char c = json.charAt(end++);
			if (c == '[') depth++;
			if (c == ']') depth--;
		} while (depth > 0);
		return json.substring(start, end);
	}

	/** MT19937's first output for numpy's seed 5489 (the reference generator's default seed): 3499211612. */
	@Test
	void mersenneTwisterFirstOutput() {
		assertEquals(3499211612L, new NumpyRandom(5489).nextUint32());
	}
}
