package ijxai.image;

import static ijxai.image.TinyImages.anySize;
import static ijxai.image.TinyImages.bytes;
import static ijxai.image.TinyImages.floats;
import static ijxai.image.TinyImages.hyperstack;
import static ijxai.image.TinyImages.image;
import static ijxai.image.TinyImages.rgb;
import static ijxai.image.TinyImages.shorts;
import static ijxai.image.TinyImages.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.measure.Calibration;
import ij.process.LUT;
import ijxai.engine.FloatBatch;
import ijxai.engine.Normalization;
import ijxai.engine.XaiException;
import ijxai.engine.method.Explanation;

/**
 * Batches back to images: maps ({@link ImageBridge#toImage}) with their labels, LUT, display
 * range and the source's calibration; model inputs in the source's own type
 * ({@link ImageBridge#toSourceType}); the overlay. Expected values are worked out by hand on 3×2
 * images.
 */
class ImageBridgeOutputTest {

	private static Explanation explanation(FloatBatch maps, Explanation.Display display, List<String> channelNames, String... labels) {
		int[] targets = new int[maps.count()];
		return new Explanation("saliency", maps, channelNames, targets, new float[maps.count()], new float[maps.count()], List.of(labels), display, Map.of(), null);
	}

	private static FloatBatch oneMap(float... values) {
		return new FloatBatch(1, 2, 3, 1, values);
	}

	/** A source of 3×2 pixels of 0.5 µm, 2 µm deep, with a frame interval. */
	private static ImagePlus calibrated(ImagePlus image) {
		Calibration calibration = new Calibration();
		calibration.pixelWidth = 0.5;
		calibration.pixelHeight = 0.5;
		calibration.pixelDepth = 2;
		calibration.frameInterval = 3;
		calibration.setUnit("µm");
		image.setCalibration(calibration);
		return image;
	}

	private static void assertCalibrated(ImagePlus result) {
		Calibration calibration = result.getCalibration();
		assertEquals(0.5, calibration.pixelWidth);
		assertEquals(0.5, calibration.pixelHeight);
		assertEquals(2, calibration.pixelDepth);
		assertEquals(3, calibration.frameInterval);
		assertEquals("µm", calibration.getUnit());
	}

	private static void assertColour(LUT lut, int index, int red, int green, int blue) {
		assertArrayEquals(new int[] { red, green, blue }, new int[] { lut.getRed(index), lut.getGreen(index), lut.getBlue(index) }, "LUT entry " + index);
	}

	private static ImagePlus roundTrip(ImagePlus source, Normalization normalization) {
		int channels = source.getType() == ImagePlus.COLOR_RGB ? 3 : source.getNChannels();
		ImageBridge.Input input = ImageBridge.toInput(source, anySize(channels), normalization, false);
		List<String> labels = java.util.stream.IntStream.rangeClosed(1, input.batch().count()).mapToObj(n -> "sample " + n).toList();
		return ImageBridge.toSourceType(input.batch(), input.space(), source, "again", labels);
	}

	@Test
	void magnitudeMapsKeepTheirValuesLabelAndTheSourcesCalibration() {
		ImagePlus source = calibrated(image("gray8", bytes(0, 0, 0, 0, 0, 0)));
		ImagePlus result = ImageBridge.toImage(explanation(oneMap(0, 1, 2, 3, 4, 5), Explanation.Display.MAGNITUDE, List.of(), "saliency · a"),
			source, "map", false);
		assertEquals("map", result.getTitle());
		assertEquals(32, result.getBitDepth());
		assertEquals(1, result.getStackSize());
		assertArrayEquals(new float[] { 0, 1, 2, 3, 4, 5 }, (float[]) result.getProcessor().getPixels(), 0);
		assertEquals("saliency · a", result.getStack().getSliceLabel(1));
		assertCalibrated(result);
		assertEquals(0, result.getDisplayRangeMin());
		assertEquals(5, result.getDisplayRangeMax());
		// black → red → yellow → white
		assertColour(result.getProcessor().getLut(), 0, 0, 0, 0);
		assertColour(result.getProcessor().getLut(), 85, 255, 0, 0);
		assertColour(result.getProcessor().getLut(), 255, 255, 255, 255);
		assertEquals("ij-xai saliency\nslice 1: saliency · a\n", result.getProperty("Info"));
	}

	@Test
	void signedMapsGetADivergingLutCentredOnZero() {
		ImagePlus result = ImageBridge.toImage(explanation(oneMap(-2, -1, 0, 1, 2, 3), Explanation.Display.SIGNED, List.of(), "l"),
			image("gray8", bytes(0, 0, 0, 0, 0, 0)), "map", false);
		assertEquals(-3, result.getDisplayRangeMin());
		assertEquals(3, result.getDisplayRangeMax());
		// blue → white → red
		assertColour(result.getProcessor().getLut(), 0, 0, 0, 255);
		assertColour(result.getProcessor().getLut(), 255, 255, 0, 0);
	}

	@Test
	void mapsAtModelSizeAreScaledToTheSourceUnlessKeptAndThenNotCalibrated() {
		float[] fives = new float[24];
		java.util.Arrays.fill(fives, 5);
		Explanation atModelSize = explanation(new FloatBatch(1, 4, 6, 1, fives), Explanation.Display.MAGNITUDE, List.of(), "l");
		ImagePlus source = calibrated(image("gray8", bytes(0, 0, 0, 0, 0, 0)));

		ImagePlus scaled = ImageBridge.toImage(atModelSize, source, "map", false);
		assertEquals(3, scaled.getWidth());
		assertEquals(2, scaled.getHeight());
		assertArrayEquals(new float[] { 5, 5, 5, 5, 5, 5 }, (float[]) scaled.getProcessor().getPixels(), 1e-6f, "a constant map stays constant");
		assertCalibrated(scaled);

		ImagePlus kept = ImageBridge.toImage(atModelSize, source, "map", true);
		assertEquals(6, kept.getWidth());
		assertEquals(4, kept.getHeight());
		assertFalse(kept.getCalibration().scaled(), "the source's pixel size does not hold at the model's size");
	}

	@Test
	void mapsWithSeveralChannelsBecomeAHyperstackLabelledPerChannel() {
		float[] values = new float[2 * 6 * 2];
		// value = 10·sample + channel at every pixel
		for (int n = 0; n < 2; n++) for (int i = 0; i < 6; i++) for (int c = 0; c < 2; c++) values[(n * 6 + i) * 2 + c] = 10 * n + c;
		FloatBatch maps = new FloatBatch(2, 2, 3, 2, values);
		ImagePlus source = image("gray8", bytes(0, 0, 0, 0, 0, 0));

		ImagePlus numbered = ImageBridge.toImage(explanation(maps, Explanation.Display.MAGNITUDE, List.of(), "first", "second"), source, "maps", false);
		assertEquals(2, numbered.getNChannels());
		assertEquals(2, numbered.getNSlices());
		assertEquals(List.of("first · channel 1", "first · channel 2", "second · channel 1", "second · channel 2"),
			labels(numbered));
		float[] planeValues = { 0, 1, 10, 11 };
		for (int plane = 0; plane < 4; plane++) {
			assertEquals(planeValues[plane], numbered.getStack().getProcessor(plane + 1).getf(2, 1), 0, "plane " + (plane + 1));
		}
		assertEquals("ij-xai saliency\nslice 1: first\nslice 2: second\n", numbered.getProperty("Info"));

		ImagePlus named = ImageBridge.toImage(explanation(maps, Explanation.Display.MAGNITUDE, List.of("red", "green"), "first", "second"), source, "maps", false);
		assertEquals("second · green", named.getStack().getSliceLabel(4));
	}

	@Test
	void imageMapsOfAnRgbSourceAreARedGreenBlueCompositeOverTheirWholeRange() {
		float[] values = new float[18];
		for (int i = 0; i < 18; i++) values[i] = i - 4;
		ImagePlus source = image("colour", rgb(new int[6][3]));
		ImagePlus result = ImageBridge.toImage(explanation(new FloatBatch(1, 2, 3, 3, values), Explanation.Display.IMAGE, List.of(), "dream"),
			source, "dream", false);
		CompositeImage composite = assertInstanceOf(CompositeImage.class, result);
		assertEquals(3, composite.getNChannels());
		assertEquals(CompositeImage.COMPOSITE, composite.getMode());
		assertColour(composite.getChannelLut(1), 255, 255, 0, 0);
		assertColour(composite.getChannelLut(2), 255, 0, 255, 0);
		assertColour(composite.getChannelLut(3), 255, 0, 0, 255);
		for (int c = 1; c <= 3; c++) {
			composite.setC(c);
			assertEquals(-4, composite.getDisplayRangeMin(), "channel " + c);
			assertEquals(13, composite.getDisplayRangeMax(), "channel " + c);
		}
		// pixel (x 1, y 1) is the fifth: red, green, blue = 4·3 + c − 4
		assertEquals(9, composite.getStack().getProcessor(2).getf(1, 1), 0);
	}

	@Test
	void eightBitComesBackAsEightBitWithTheSamePixelsAndCalibration() {
		ImagePlus source = calibrated(image("gray8", bytes(0, 51, 102, 153, 204, 255)));
		ImagePlus again = roundTrip(source, Normalization.ZERO_ONE);
		assertEquals(ImagePlus.GRAY8, again.getType());
		assertEquals("again", again.getTitle());
		assertEquals("sample 1", again.getStack().getSliceLabel(1));
		assertArrayEquals(new float[] { 0, 51, 102, 153, 204, 255 }, values(again.getProcessor()), 0);
		assertCalibrated(again);
	}

	@Test
	void sixteenBitComesBackExactlyThroughPercentileNormalization() {
		ImagePlus source = image("gray16", shorts(0, 10, 20, 30, 40, 50000));
		ImagePlus again = roundTrip(source, Normalization.PERCENTILE);
		assertEquals(ImagePlus.GRAY16, again.getType());
		assertArrayEquals(new float[] { 0, 10, 20, 30, 40, 50000 }, values(again.getProcessor()), 0);
	}

	@Test
	void thirtyTwoBitComesBackThroughMeanStdNormalizationToFloatRounding() {
		ImagePlus source = image("float", floats(-1.5f, 0, 2.25f, 3, 10, 100));
		ImagePlus again = roundTrip(source, Normalization.MEAN_STD);
		assertEquals(ImagePlus.GRAY32, again.getType());
		// a float's relative rounding (6e-8) of the model value, times the range (about 36)
		assertArrayEquals(new float[] { -1.5f, 0, 2.25f, 3, 10, 100 }, values(again.getProcessor()), 1e-5f);
	}

	@Test
	void rgbComesBackAsRgbWithTheSameColours() {
		ImagePlus source = image("colour", rgb(new int[] { 0, 10, 20 }, new int[] { 1, 11, 21 }, new int[] { 2, 12, 22 },
			new int[] { 3, 13, 23 }, new int[] { 4, 14, 24 }, new int[] { 255, 128, 0 }));
		ImagePlus again = roundTrip(source, Normalization.ZERO_ONE);
		assertEquals(ImagePlus.COLOR_RGB, again.getType());
		assertArrayEquals((int[]) source.getProcessor().getPixels(), (int[]) again.getProcessor().getPixels());
	}

	@Test
	void anRgbSourceRefusesABatchWithoutThreeChannels() {
		ImagePlus source = image("colour", rgb(new int[6][3]));
		ImageBridge.Input input = ImageBridge.toInput(source, anySize(3), Normalization.NONE, false);
		XaiException error = assertThrows(XaiException.class,
			() -> ImageBridge.toSourceType(oneMap(1, 2, 3, 4, 5, 6), input.space(), source, "one channel", List.of("l")));
		assertEquals("an RGB image takes 3 channels back, not 1 (one channel)", error.getMessage());
	}

	@Test
	void aHyperstackComesBackWithItsChannelsPlaneByPlane() {
		ImagePlus source = hyperstack("c2 t2", 2, 1, 2, shorts(1, 2, 3, 4, 5, 6), shorts(10, 20, 30, 40, 50, 60),
			shorts(100, 200, 300, 400, 500, 600), shorts(1000, 2000, 3000, 4000, 5000, 6000));
		ImagePlus again = roundTrip(source, Normalization.ZERO_ONE);
		assertEquals(ImagePlus.GRAY16, again.getType());
		assertEquals(2, again.getNChannels());
		assertEquals(4, again.getStackSize());
		for (int plane = 1; plane <= 4; plane++) {
			assertArrayEquals(values(source.getStack().getProcessor(plane)), values(again.getStack().getProcessor(plane)), 0, "plane " + plane);
		}
		assertEquals(List.of("sample 1", "sample 1", "sample 2", "sample 2"), labels(again));
	}

	@Test
	void valuesAreClippedAndRoundedAsTheSourceTypeStoresThem() {
		// without normalization model values are image values; rint rounds halves to even
		ImagePlus gray8 = image("gray8", bytes(0, 0, 0, 0, 0, 0));
		ImageBridge.Input eight = ImageBridge.toInput(gray8, anySize(1), Normalization.NONE, false);
		ImagePlus stored8 = ImageBridge.toSourceType(oneMap(300, -4, 12.5f, 13.5f, 7.25f, 254.6f), eight.space(), gray8, "clipped", List.of("l"));
		assertArrayEquals(new float[] { 255, 0, 12, 14, 7, 255 }, values(stored8.getProcessor()), 0);

		ImagePlus gray16 = image("gray16", shorts(0, 0, 0, 0, 0, 0));
		ImageBridge.Input sixteen = ImageBridge.toInput(gray16, anySize(1), Normalization.NONE, false);
		ImagePlus stored16 = ImageBridge.toSourceType(oneMap(70000, -1, 0.5f, 1.5f, 65534.4f, 300), sixteen.space(), gray16, "clipped", List.of("l"));
		assertArrayEquals(new float[] { 65535, 0, 0, 2, 65534, 300 }, values(stored16.getProcessor()), 0);

		ImagePlus gray32 = image("float", floats(0, 0, 0, 0, 0, 0));
		ImageBridge.Input thirtyTwo = ImageBridge.toInput(gray32, anySize(1), Normalization.NONE, false);
		ImagePlus stored32 = ImageBridge.toSourceType(oneMap(-1e6f, 0.25f, 70000, 1.5f, -0.125f, 3), thirtyTwo.space(), gray32, "kept", List.of("l"));
		assertArrayEquals(new float[] { -1e6f, 0.25f, 70000, 1.5f, -0.125f, 3 }, values(stored32.getProcessor()), 0);
	}

	@Test
	void framesOfOneSliceAreEachOverlaidOnThatSlice() {
		// a two-slice image and four planes, two per slice (a feature visualization's frames): the fuzz case that ran off the stack
		ij.ImageStack slices = new ij.ImageStack(3, 2);
		slices.addSlice("a", bytes(0, 0, 0, 0, 0, 0));
		slices.addSlice("b", bytes(255, 255, 255, 255, 255, 255));
		ImagePlus source = new ImagePlus("two", slices);
		ij.ImageStack planes = new ij.ImageStack(3, 2);
		for (int f = 0; f < 4; f++) planes.addSlice("frame " + f, new ij.process.FloatProcessor(3, 2));
		ImagePlus overlay = ImageBridge.overlay(new ImagePlus("frames", planes), source, 0, "image only");
		assertEquals(4, overlay.getStackSize());
		for (int f = 0; f < 4; f++) {
			int expected = f < 2 ? 0 : 255;
			assertEquals(expected, ((int[]) overlay.getStack().getPixels(f + 1))[0] & 0xff, "frame " + f + " lies on slice " + (f / 2 + 1));
		}
	}

	@Test
	void theOverlayBlendsTheImagesGrayWithTheMapsColours() {
		ImagePlus source = calibrated(image("gray8", bytes(0, 51, 102, 153, 204, 255)));
		// 0 and the maximum: black and white in the magnitude LUT
		ImagePlus maps = ImageBridge.toImage(explanation(oneMap(0, 5, 0, 5, 0, 5), Explanation.Display.MAGNITUDE, List.of(), "l"), source, "map", false);

		assertArrayEquals(gray(0, 51, 102, 153, 204, 255), pixels(ImageBridge.overlay(maps, source, 0, "only the image")));
		assertArrayEquals(gray(0, 255, 0, 255, 0, 255), pixels(ImageBridge.overlay(maps, source, 1, "only the map")));
		// (image + map) / 2: 0, (51 + 255) / 2, 102 / 2, (153 + 255) / 2, 204 / 2, 255
		ImagePlus half = ImageBridge.overlay(maps, source, 0.5, "half");
		assertArrayEquals(gray(0, 153, 51, 204, 102, 255), pixels(half));
		assertEquals(ImagePlus.COLOR_RGB, half.getType());
		assertEquals("l", half.getStack().getSliceLabel(1));
		assertCalibrated(half);
	}

	private static List<String> labels(ImagePlus image) {
		return java.util.stream.IntStream.rangeClosed(1, image.getStackSize()).mapToObj(image.getStack()::getSliceLabel).toList();
	}

	private static int[] gray(int... levels) {
		int[] packed = new int[levels.length];
		for (int i = 0; i < levels.length; i++) packed[i] = levels[i] << 16 | levels[i] << 8 | levels[i];
		return packed;
	}

	/** RGB pixels without the alpha byte ImageJ may set. */
	private static int[] pixels(ImagePlus rgb) {
		int[] pixels = ((int[]) rgb.getProcessor().getPixels()).clone();
		for (int i = 0; i < pixels.length; i++) pixels[i] &= 0xffffff;
		return pixels;
	}
}
