package ijxai.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Error measures the tests state their tolerances in. */
public final class Numbers {

	private Numbers() {}

	/** ‖a − b‖₂ / ‖b‖₂ (b is the reference). */
	public static double relativeL2(float[] a, float[] b) {
		assertEquals(b.length, a.length, "lengths differ");
		double diff = 0, norm = 0;
		for (int i = 0; i < a.length; i++) {
			diff += (double) (a[i] - b[i]) * (a[i] - b[i]);
			norm += (double) b[i] * b[i];
		}
		return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-30);
	}
}
