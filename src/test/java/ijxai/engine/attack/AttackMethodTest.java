package ijxai.engine.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AttackMethodTest {

	/** The attacks' sign is Math.signum bit for bit, of doubles and of floats widened to doubles. */
	@Test
	void signIsMathSignumBitForBit() {
		double[] values = { 0.0, -0.0, 1e-320, -1e-320, 0.5, -0.5, 3e300, -3e300, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY };
		for (double v : values) {
			assertEquals(Double.doubleToRawLongBits(Math.signum(v)), Double.doubleToRawLongBits(AttackMethod.signOf(v)), "sign of " + v);
			float f = (float) v;
			assertEquals(Double.doubleToRawLongBits(Math.signum(f)), Double.doubleToRawLongBits(AttackMethod.signOf(f)), "sign of float " + f);
		}
	}
}
