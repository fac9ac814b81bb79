package ijxai.image;

import static ijxai.image.TinyImages.anySize;
import static ijxai.image.TinyImages.bytes;
import static ijxai.image.TinyImages.floats;
import static ijxai.image.TinyImages.hyperstack;
import static ijxai.image.TinyImages.image;
import static ijxai.image.TinyImages.model;
import static ijxai.image.TinyImages.rgb;
import static ijxai.image.TinyImages.shorts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ijxai.engine.FloatBatch;
import ijxai.engine.ImageSpace;
import ijxai.engine.Normalization;
import ijxai.engine.XaiException;
import ijxai.engine.method.InputCheck;
import ijxai.engine.model.MemoryBudget;

/**
 * ImagePlus to model batch ({@link ImageBridge#toInput}): each image type, channels, stacks,
 * normalizations, sizes, and what is refused. Expected values are worked out by hand on 3×2
 * images; the tolerance is one float rounding of a division.
 */
class ImageBridgeTest {

	private static final float ROUNDING = 1e-6f;

	private static ImageBridge.Input input(ImagePlus image, Normalization normalization) {
		return ImageBridge.toInput(image, anySize(image.getType() == ImagePlus.COLOR_RGB ? 3 : image.getNChannels()), normalization, false);
	}

	private static void assertShape(FloatBatch batch, int count, int height, int width, int channels) {
		assertArrayEquals(new int[] { count, height, width, channels }, new int[] { batch.count(), batch.height(), batch.width(), batch.channels() },
			"batch shape N,H,W,C");
	}

	private static void assertAffine(ImageSpace space, int sample, double low, double range) {
		assertEquals(low, space.affines()[sample].low(), 1e-9, "low of sample " + sample);
		assertEquals(range, space.affines()[sample].range(), 1e-9, "range of sample " + sample);
	}

	@Test
	void eightBitIsDividedBy255RowByRow() {
		ImageBridge.Input input = input(image("gray8", bytes(0, 51, 102, 153, 204, 255)), Normalization.ZERO_ONE);
		assertShape(input.batch(), 1, 2, 3, 1);
		assertArrayEquals(new float[] { 0, 0.2f, 0.4f, 0.6f, 0.8f, 1 }, input.batch().data(), ROUNDING);
		assertEquals(0.6f, input.batch().get(0, 1, 0, 0), ROUNDING, "row 1, column 0 is the fourth pixel");
		assertAffine(input.space(), 0, 0, 255);
		assertEquals(0, input.space().minimum());
		assertEquals(255, input.space().maximum());
		assertTrue(input.space().integer());
	}

	@Test
	void sixteenBitIsDividedBy65535() {
		ImageBridge.Input input = input(image("gray16", shorts(0, 13107, 26214, 39321, 52428, 65535)), Normalization.ZERO_ONE);
		assertArrayEquals(new float[] { 0, 0.2f, 0.4f, 0.6f, 0.8f, 1 }, input.batch().data(), ROUNDING);
		assertAffine(input.space(), 0, 0, 65535);
		assertEquals(65535, input.space().maximum());
		assertTrue(input.space().integer());
	}

	@Test
	void withoutNormalizationValuesGoInAsTheImageHoldsThem() {
		ImageBridge.Input input = input(image("gray16", shorts(0, 1, 255, 256, 40000, 65535)), Normalization.NONE);
		assertArrayEquals(new float[] { 0, 1, 255, 256, 40000, 65535 }, input.batch().data(), 0);
		assertAffine(input.space(), 0, 0, 1);
	}

	@Test
	void thirtyTwoBitIsScaledFromItsMinimumToItsMaximumAndLeftUnchanged() {
		ImagePlus image = image("float", floats(-1, 0, 1, 2, 3, 4));
		ImageBridge.Input input = input(image, Normalization.ZERO_ONE);
		// (v − (−1)) / (4 − (−1))
		assertArrayEquals(new float[] { 0, 0.2f, 0.4f, 0.6f, 0.8f, 1 }, input.batch().data(), ROUNDING);
		assertAffine(input.space(), 0, -1, 5);
		assertEquals(Double.NEGATIVE_INFINITY, input.space().minimum());
		assertEquals(Double.POSITIVE_INFINITY, input.space().maximum());
		assertFalse(input.space().integer());
		assertArrayEquals(new float[] { -1, 0, 1, 2, 3, 4 }, (float[]) image.getProcessor().getPixels(), 0, "the image is only read");
	}

	@Test
	void rgbGivesThreeChannelsInRedGreenBlueOrder() {
		ImagePlus image = image("colour", rgb(new int[] { 0, 10, 20 }, new int[] { 1, 11, 21 }, new int[] { 2, 12, 22 },
			new int[] { 3, 13, 23 }, new int[] { 4, 14, 24 }, new int[] { 255, 128, 0 }));
		ImageBridge.Input input = input(image, Normalization.NONE);
		assertShape(input.batch(), 1, 2, 3, 3);
		assertArrayEquals(new float[] { 0, 10, 20, 1, 11, 21, 2, 12, 22, 3, 13, 23, 4, 14, 24, 255, 128, 0 }, input.batch().data(), 0);
		assertEquals(128, input.batch().get(0, 1, 2, 1), 0, "green of the last pixel");
		ImageBridge.Input scaled = input(image, Normalization.ZERO_ONE);
		assertEquals(128 / 255f, scaled.batch().get(0, 1, 2, 1), ROUNDING);
		assertAffine(scaled.space(), 0, 0, 255);
		assertTrue(scaled.space().integer());
	}

	@Test
	void aHyperstacksChannelAxisGivesTheChannels() {
		ImagePlus image = hyperstack("two channels", 2, 1, 1, bytes(1, 2, 3, 4, 5, 6), bytes(10, 20, 30, 40, 50, 60));
		ImageBridge.Input input = input(image, Normalization.NONE);
		assertShape(input.batch(), 1, 2, 3, 2);
		assertArrayEquals(new float[] { 1, 10, 2, 20, 3, 30, 4, 40, 5, 50, 6, 60 }, input.batch().data(), 0);
	}

	@Test
	void aSampleIsNormalizedWithAllItsChannelsTogether() {
		ImagePlus image = hyperstack("two channels", 2, 1, 1, floats(0, 1, 2, 3, 4, 5), floats(0, 2, 4, 6, 8, 10));
		ImageBridge.Input input = input(image, Normalization.ZERO_ONE);
		// one minimum (0) and maximum (10) over both channels
		assertArrayEquals(new float[] { 0, 0, 0.1f, 0.2f, 0.2f, 0.4f, 0.3f, 0.6f, 0.4f, 0.8f, 0.5f, 1 }, input.batch().data(), ROUNDING);
		assertAffine(input.space(), 0, 0, 10);
	}

	@Test
	void everySliceOfAStackIsASampleNormalizedOnItsOwn() {
		ImagePlus image = hyperstack("stack", 1, 2, 1, floats(0, 1, 2, 3, 4, 5), floats(10, 20, 30, 40, 50, 60));
		ImageBridge.Input input = input(image, Normalization.ZERO_ONE);
		assertShape(input.batch(), 2, 2, 3, 1);
		assertArrayEquals(new float[] { 0, 0.2f, 0.4f, 0.6f, 0.8f, 1, 0, 0.2f, 0.4f, 0.6f, 0.8f, 1 }, input.batch().data(), ROUNDING);
		assertAffine(input.space(), 0, 0, 5);
		assertAffine(input.space(), 1, 10, 50);
	}

	@Test
	void samplesOfAHyperstackRunOverSlicesThenFramesWithTheirChannels() {
		// planes in ImageJ's order (c fastest, then z, then t), each filled with its plane number
		ImagePlus timeLapse = hyperstack("c2 t2", 2, 1, 2, bytes(1, 1, 1, 1, 1, 1), bytes(2, 2, 2, 2, 2, 2), bytes(3, 3, 3, 3, 3, 3), bytes(4, 4, 4, 4, 4, 4));
		FloatBatch frames = input(timeLapse, Normalization.NONE).batch();
		assertShape(frames, 2, 2, 3, 2);
		assertArrayEquals(new float[] { 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2 }, frames.slice(0, 1).data(), 0, "frame 1: channels 1 and 2");
		assertArrayEquals(new float[] { 3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3, 4 }, frames.slice(1, 2).data(), 0, "frame 2: channels 1 and 2");

		ImagePlus volumes = hyperstack("z2 t2", 1, 2, 2, bytes(1, 1, 1, 1, 1, 1), bytes(2, 2, 2, 2, 2, 2), bytes(3, 3, 3, 3, 3, 3), bytes(4, 4, 4, 4, 4, 4));
		FloatBatch slices = input(volumes, Normalization.NONE).batch();
		assertShape(slices, 4, 2, 3, 1);
		for (int n = 0; n < 4; n++) assertEquals(n + 1, slices.get(n, 0, 0, 0), 0, "sample " + n + " is plane " + (n + 1) + " (z1t1, z2t1, z1t2, z2t2)");
	}

	@Test
	void percentileMapsThe1stTo99Point8thPercentileToZeroToOne() {
		ImageBridge.Input input = input(image("gray8", bytes(0, 10, 20, 30, 40, 50)), Normalization.PERCENTILE);
		// sorted 0..50: 1st percentile at position 0.05 → 0.5, 99.8th at position 4.99 → 40 + 0.99·10 = 49.9; range 49.4
		assertAffine(input.space(), 0, 0.5, 49.4);
		assertArrayEquals(new float[] { -0.010121457f, 0.19230769f, 0.39473684f, 0.59716599f, 0.79959514f, 1.00202429f }, input.batch().data(), ROUNDING);
	}

	@Test
	void meanStdGivesZeroMeanAndUnitDeviation() {
		ImageBridge.Input input = input(image("gray8", bytes(1, 1, 1, 3, 3, 3)), Normalization.MEAN_STD);
		// mean 2, population standard deviation 1
		assertArrayEquals(new float[] { -1, -1, -1, 1, 1, 1 }, input.batch().data(), ROUNDING);
		assertAffine(input.space(), 0, 2, 1);
		ImageBridge.Input constant = input(image("flat", bytes(7, 7, 7, 7, 7, 7)), Normalization.MEAN_STD);
		assertArrayEquals(new float[6], constant.batch().data(), 0, "a constant image (deviation 0) is only centred");
		assertAffine(constant.space(), 0, 7, 1);
	}

	@Test
	void resizeScalesToTheModelsFixedSizeAndOnlyWhenAsked() {
		ImagePlus image = image("flat", bytes(7, 7, 7, 7, 7, 7));
		FloatBatch resized = ImageBridge.toBatch(image, model(4, 6, 1), Normalization.NONE, true);
		assertShape(resized, 1, 4, 6, 1);
		float[] sevens = new float[24];
		java.util.Arrays.fill(sevens, 7);
		assertArrayEquals(sevens, resized.data(), ROUNDING, "bilinear scaling keeps a constant image constant");
		assertShape(ImageBridge.toBatch(image, model(-1, -1, 1), Normalization.NONE, true), 1, 2, 3, 1);

		FloatBatch kept = ImageBridge.toBatch(image, model(4, 6, 1), Normalization.NONE, false);
		assertShape(kept, 1, 2, 3, 1);
		String problem = InputCheck.problem(model(4, 6, 1), kept);
		assertTrue(problem.contains("6x4 pixels, but the image has 3x2 pixels with 1 channel (resize it, or choose resize)"), problem);
	}

	@Test
	void channelsThatDoNotFitTheModelAreNamedInTheRefusal() {
		FloatBatch twoChannels = input(hyperstack("two channels", 2, 1, 1, bytes(1, 2, 3, 4, 5, 6), bytes(1, 2, 3, 4, 5, 6)), Normalization.NONE).batch();
		String problem = InputCheck.problem(anySize(3), twoChannels);
		assertTrue(problem.contains("3 channel(s), but the image has 3x2 pixels with 2 channels"), problem);
		FloatBatch colour = input(image("colour", new ColorProcessor(3, 2)), Normalization.NONE).batch();
		problem = InputCheck.problem(anySize(1), colour);
		assertTrue(problem.contains("1 channel(s), but the image has 3x2 pixels with 3 channels"), problem);
		assertNull(InputCheck.problem(anySize(3), colour));
	}

	@Test
	void anImageWithoutPixelsIsRefusedByTitle() {
		ImagePlus empty = new ImagePlus();
		empty.setTitle("nothing");
		XaiException e = assertThrows(XaiException.class, () -> ImageBridge.toInput(empty, anySize(1), Normalization.NONE, false));
		assertEquals("image 'nothing' has no pixels", e.getMessage());
	}

	@Test
	void nonFinitePixelsAreRefusedByTitle() {
		ImagePlus image = image("holes", floats(0, 1, Float.NaN, 3, 4, 5));
		XaiException e = assertThrows(XaiException.class, () -> input(image, Normalization.NONE));
		assertTrue(e.getMessage().startsWith("image 'holes' has NaN or infinite pixel values"), e.getMessage());
		ImagePlus infinite = image("infinite", floats(0, 1, 2, Float.POSITIVE_INFINITY, 4, 5));
		assertThrows(XaiException.class, () -> input(infinite, Normalization.NONE));
	}

	@Test
	void theMemoryCheckCountsColourChannelsAndTheResizedSize() {
		MemoryBudget oneMegabyte = MemoryBudget.megabytes(1);
		// 1 MB holds 262144 floats: 300×300 gray is 90000, as RGB 270000 (1080000 bytes, rounded up to 2 MB)
		ImageBridge.checkMemory(new ImagePlus("gray", new ByteProcessor(300, 300)), anySize(1), false, oneMegabyte);
		XaiException e = assertThrows(XaiException.class,
			() -> ImageBridge.checkMemory(new ImagePlus("colour", new ColorProcessor(300, 300)), anySize(3), false, oneMegabyte));
		assertTrue(e.getMessage().startsWith("image 'colour' needs about 2 MB as model input, more than the memory budget of 1 MB"), e.getMessage());
		// a 3×2 image resized to 600×600 (360000 floats) is refused; not resized it fits
		ImagePlus tiny = image("tiny", bytes(0, 0, 0, 0, 0, 0));
		assertThrows(XaiException.class, () -> ImageBridge.checkMemory(tiny, model(600, 600, 1), true, oneMegabyte));
		ImageBridge.checkMemory(tiny, model(600, 600, 1), false, oneMegabyte);
	}

	@Test
	void openReadsAnImageFileAndRefusesOtherFilesByName(@TempDir Path folder) throws Exception {
		Path saved = folder.resolve("gray.tif");
		assertTrue(IJ.saveAsTiff(image("gray", bytes(0, 51, 102, 153, 204, 255)), saved.toString()));
		ImagePlus opened = ImageBridge.open(saved);
		assertArrayEquals(new float[] { 0, 51, 102, 153, 204, 255 }, TinyImages.values(opened.getProcessor()), 0);

		Path broken = Files.writeString(folder.resolve("broken.tif"), "not an image");
		XaiException e = assertThrows(XaiException.class, () -> ImageBridge.open(broken));
		assertTrue(e.getMessage().startsWith("image " + broken + " cannot be read"), e.getMessage());
	}
}
