package ijxai.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ImageSpaceTest {

	private static final double[] SPECIAL = { 0.0, -0.0, 1, -1, 255, 256, 65535, 1e300, -1e300, Double.MIN_VALUE, -Double.MIN_VALUE, Double.NaN,
		Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 127.5, 254.5 };

	/** Clipping (and storing) gives what Math.max / Math.min give, bit for bit, for every kind of bound and value. */
	@Test
	void clipAndStoredAreMathMaxOfMathMinBitForBit() {
		double[][] bounds = { { 0, 255 }, { 0, 65535 }, { Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY }, { -0.0, 0.0 }, { 0.0, -0.0 },
			{ -0.0, -0.0 }, { 0.0, 0.0 }, { -1, 1 } };
		List<Double> values = new ArrayList<>();
		for (double v : SPECIAL) values.add(v);
		Random random = new Random(1);
		for (int i = 0; i < 1000; i++) values.add(random.nextGaussian() * 300);
		// an affine of low −0 lets −0 reach the clamp (v·1 + −0 keeps the sign of v's zero)
		ImageSpace.Affine[] affines = { new ImageSpace.Affine(-0.0, 1), new ImageSpace.Affine(0, 1), new ImageSpace.Affine(3, 0.5) };
		for (double[] bound : bounds) {
			for (boolean integer : new boolean[] { false, true }) {
				ImageSpace space = new ImageSpace(affines, bound[0], bound[1], integer);
				for (int n = 0; n < affines.length; n++) {
					for (double v : values) {
						double image = Math.max(bound[0], Math.min(bound[1], space.toImage(n, v)));
						String where = "bounds " + bound[0] + ".." + bound[1] + ", affine " + affines[n] + ", value " + v;
						assertEquals(Double.doubleToRawLongBits(space.toModel(n, image)), Double.doubleToRawLongBits(space.clip(n, v)), where);
						assertEquals(Double.doubleToRawLongBits(space.toModel(n, integer ? Math.rint(image) : image)), Double.doubleToRawLongBits(space.stored(n, v)), where);
					}
				}
			}
		}
	}
}
