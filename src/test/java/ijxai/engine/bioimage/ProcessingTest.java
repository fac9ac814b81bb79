package ijxai.engine.bioimage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import ijxai.engine.XaiException;
import ijxai.engine.bioimage.PackageDescription.AxisSize;

/** Processing steps and layouts against numpy's numbers (np.percentile, np.std, np.pad(mode='reflect'), np.transpose). */
class ProcessingTest {

	private static TensorData sample() {
		return new TensorData("byxc", new int[] { 1, 2, 3, 2 }, new float[] { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8 });
	}

	@Test
	void scaleRangePerChannelMatchesNumpyPercentiles() {
		TensorData x = sample();
		new Processing.ScaleRange("yx", 10, 90, 1e-6, false).apply(x);
		float[] numpy = { 0.19999992847442627f, 0.0f, 0.5999997854232788f, 0.0f, 0.9999996423721313f, 1.0666664838790894f, -0.19999992847442627f,
			0.666666567325592f, 0.9999996423721313f, 0.26666662096977234f, 0.9999996423721313f, 0.9333332180976868f };
		assertArrayEquals(numpy, x.data(), 1e-6f);
	}

	@Test
	void zeroMeanUnitVariancePerChannelMatchesNumpy() {
		TensorData x = sample();
		Processing.ZeroMeanUnitVariance.measured("xy", false, 1e-6).apply(x);
		float[] numpy = { -0.8660247325897217f, -1.1468288898468018f, 0.0f, -1.1468288898468018f, 0.8660247325897217f, 1.3553433418273926f,
			-1.7320494651794434f, 0.4170287549495697f, 0.8660247325897217f, -0.5212858319282532f, 0.8660247325897217f, 1.042571783065796f };
		assertArrayEquals(numpy, x.data(), 1e-6f);
	}

	@Test
	void fixedParametersApplyPerChannel() {
		TensorData x = sample();
		Processing.ZeroMeanUnitVariance.fixed(new double[] { 1, 2 }, new double[] { 2, 4 }, 'c', 0).apply(x);
		assertArrayEquals(new float[] { 1, -0.25f, 1.5f, -0.25f, 2, 1.75f, 0.5f, 1, 2, 0.25f, 2, 1.5f }, x.data());
		new Processing.ScaleLinear(new double[] { 2, 4 }, new double[] { 1, 2 }, 'c').apply(x);
		assertArrayEquals(new float[] { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8 }, x.data(), 1e-6f, "scale_linear undoes the normalization (CSBDeep's postprocess)");
		assertThrows(XaiException.class, () -> new Processing.ScaleLinear(new double[] { 1, 2, 3 }, new double[] { 0 }, 'c').apply(sample()));
	}

	@Test
	void clipBinarizeSigmoidAndEnsureDtype() {
		TensorData x = new TensorData("bc", new int[] { 1, 4 }, new float[] { -300.7f, -0.5f, 0.5f, 300.7f });
		new Processing.Sigmoid().apply(x);
		assertEquals(1 / (1 + Math.exp(0.5)), x.data()[1], 1e-7);
		TensorData y = new TensorData("bc", new int[] { 1, 4 }, new float[] { -300.7f, -0.5f, 0.5f, 300.7f });
		new Processing.EnsureDtype("uint8").apply(y);
		assertArrayEquals(new float[] { 0, 0, 0, 255 }, y.data());
		new Processing.Clip(0, 100).apply(y);
		assertArrayEquals(new float[] { 0, 0, 0, 100 }, y.data());
		new Processing.Binarize(new double[] { 50 }, 'c').apply(y);
		assertArrayEquals(new float[] { 0, 0, 0, 1 }, y.data());
		assertThrows(XaiException.class, () -> new Processing.EnsureDtype("complex64"));
	}

	@Test
	void reflectionPaddingAndCropMatchNumpy() {
		TensorData x = new TensorData("yx", new int[] { 2, 3 }, new float[] { 1, 2, 3, 4, 5, 6 });
		TensorData padded = x.padReflect(new int[] { 5, 6 });
		assertArrayEquals(new float[] { 5, 4, 5, 6, 5, 4, 2, 1, 2, 3, 2, 1, 5, 4, 5, 6, 5, 4, 2, 1, 2, 3, 2, 1, 5, 4, 5, 6, 5, 4 }, padded.data());
		assertArrayEquals(x.data(), padded.crop(new int[] { 1, 1 }, new int[] { 2, 3 }).data());
	}

	@Test
	void arrangingPermutesAddsAndDropsAxesLikeNumpyTranspose() {
		TensorData x = new TensorData("byxc", new int[] { 1, 2, 3, 2 }, new float[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 });
		TensorData cyx = x.arrange("cyx");
		assertArrayEquals(new int[] { 2, 2, 3 }, cyx.shape());
		assertArrayEquals(new float[] { 0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11 }, cyx.data());
		assertArrayEquals(x.data(), cyx.arrange("byxc").data());
		assertThrows(XaiException.class, () -> x.arrange("byx"), "two channels cannot be dropped");
	}

	@Test
	void validSizesAreTheNextMinPlusKSteps() {
		AxisSize.Parameterized size = new AxisSize.Parameterized(16, 4);
		assertEquals(16, size.validSize(3));
		assertEquals(40, size.validSize(40));
		assertEquals(44, size.validSize(41));
		assertEquals(90, new AxisSize.Reference("raw", "x", 2, 2).sizeFor(44));
	}
}
