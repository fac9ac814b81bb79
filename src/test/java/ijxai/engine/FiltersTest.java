package ijxai.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FiltersTest {

	/**
	 * Bilinear upsampling with pixel centres aligned (as Grad-CAM maps are brought to the input):
	 * on values linear in x and y the result is that linear function at the centres, clamped at the
	 * edges, for every sample and channel on its own.
	 */
	@Test
	void resizeBilinearInterpolatesEachSampleAndChannelOnItsOwn() {
		FloatBatch small = FloatBatch.zeros(2, 2, 2, 3);
		for (int n = 0; n < 2; n++) {
			for (int y = 0; y < 2; y++) {
				for (int x = 0; x < 2; x++) {
					for (int c = 0; c < 3; c++) small.set(n, y, x, c, 100 * n + 10 * c + 2 * y + x);
				}
			}
		}
		FloatBatch large = Filters.resizeBilinear(small, 4, 4);
		// source coordinate of each output row or column: (i + 0.5) / 2 - 0.5, clamped to [0, 1]
		double[] at = { 0, 0.25, 0.75, 1 };
		for (int n = 0; n < 2; n++) {
			for (int y = 0; y < 4; y++) {
				for (int x = 0; x < 4; x++) {
					for (int c = 0; c < 3; c++) assertEquals(100 * n + 10 * c + 2 * at[y] + at[x], large.get(n, y, x, c), 1e-5, n + "," + y + "," + x + "," + c);
				}
			}
		}
	}
}
