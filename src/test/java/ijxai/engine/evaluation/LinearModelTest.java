package ijxai.engine.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import ijxai.engine.Fixtures;
import ijxai.engine.FloatBatch;
import ijxai.engine.Progress;

/**
 * The metrics on models/quadrant_sum, a linear model (class 0 = the sum of the top-left 4x4
 * quadrant of an 8x8 image, no softmax), where every value is known in closed form: an image of
 * the distinct values 1..64 explained by gradient × input (its top-left values, zero elsewhere).
 */
class LinearModelTest extends Fixtures {

	private static final int[] CLASS_0 = { 0 };

	private ModelScores scores() {
		return new ModelScores(model("quadrant_sum"), false, 16);
	}

	private static FloatBatch image() {
		FloatBatch image = FloatBatch.zeros(1, 8, 8, 1);
		for (int i = 0; i < 64; i++) image.data()[i] = i + 1;
		return image;
	}

	/** Gradient × input of class 0: the image's values in the top-left quadrant, zero elsewhere. */
	private static FloatBatch gradientTimesInput(FloatBatch image) {
		FloatBatch map = FloatBatch.zeros(1, 8, 8, 1);
		for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) map.set(0, y, x, 0, image.get(0, y, x, 0));
		return map;
	}

	/** The top-left values, largest first. */
	private static double[] topLeftDescending(FloatBatch image) {
		double[] values = new double[16];
		for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) values[y * 4 + x] = image.get(0, y, x, 0);
		Arrays.sort(values);
		double[] descending = new double[16];
		for (int i = 0; i < 16; i++) descending[i] = values[15 - i];
		return descending;
	}

	/** Pixel by pixel with a zero fill, deletion takes the k largest top-left values off the sum and insertion adds them: exactly. */
	@Test
	void pixelFlippingCurvesAreTheRunningSums() {
		FloatBatch image = image(), map = gradientTimesInput(image);
		PerturbationCurves curves = new PerturbationCurves(8, 8, 1, 64);
		PerturbationCurves.Curves found = curves.run(scores(), image, map, FloatBatch.zeros(1, 8, 8, 1), CLASS_0, Progress.NONE);
		double[] top = topLeftDescending(image);
		double total = Arrays.stream(top).sum(), removed = 0;
		double aopc = 0;
		for (int k = 0; k <= 64; k++) {
			if (k > 0 && k <= 16) removed += top[k - 1];
			assertEquals(total - removed, found.deletion()[0][k], 1e-4, "deletion after " + k + " pixels");
			assertEquals(removed, found.insertion()[0][k], 1e-4, "insertion after " + k + " pixels");
			aopc += removed / 65;
		}
		assertEquals(aopc, PerturbationCurves.deletionAopc(found.deletion()[0]), 1e-4, "AOPC");
		assertEquals(aopc, PerturbationCurves.insertionAopc(found.insertion()[0]), 1e-4, "insertion AOPC");
	}

	/** 3x3 regions on 8x8 pad by one, all at the far edge (Quantus centres floor(1/2) = 0 before): a 3x3 grid of partial patches, ranked by sum. */
	@Test
	void regionsTileAsQuantusPads() {
		PerturbationCurves curves = new PerturbationCurves(8, 8, 3, 100);
		assertEquals(9, curves.patches());
		assertEquals(9, curves.steps());
		assertEquals(0, curves.patchOf(0));
		assertEquals(2, curves.patchOf(7));
		assertEquals(8, curves.patchOf(63));
		// 5x5 regions pad by two, one on each side: the first patch covers rows and columns 0..3
		PerturbationCurves centred = new PerturbationCurves(8, 8, 5, 100);
		assertEquals(0, centred.patchOf(3 * 8 + 3));
		assertEquals(3, centred.patchOf(4 * 8 + 4));
		FloatBatch image = image();
		// with the map = gradient x input the first 4x4 regions are the top-left quadrant itself
		PerturbationCurves quadrants = new PerturbationCurves(8, 8, 4, 4);
		double[] deletion = quadrants.run(scores(), image, gradientTimesInput(image), FloatBatch.zeros(1, 8, 8, 1), CLASS_0, Progress.NONE).deletion()[0];
		assertEquals(Arrays.stream(topLeftDescending(image)).sum(), deletion[0], 1e-4);
		for (int k = 1; k <= 4; k++) assertEquals(0, deletion[k], 1e-4, "after " + k + " quadrants");
	}

	/** For a linear model the gradient explains every perturbation exactly: f(x) − f(x − I) = I·∇f, so infidelity is 0. */
	@Test
	void theGradientOfALinearModelHasNoInfidelity() {
		FloatBatch image = image(), gradient = FloatBatch.zeros(1, 8, 8, 1);
		for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) gradient.set(0, y, x, 0, 1);
		FloatBatch noise = Infidelity.gaussianNoise(image, 20, 0.5, new Random(1));
		assertEquals(0, Infidelity.run(scores(), image, gradient, CLASS_0, noise, false, Progress.NONE)[0], 1e-8);
		assertEquals(0, Infidelity.run(scores(), image, gradient, CLASS_0, noise, true, Progress.NONE)[0], 1e-8);
		// twice the gradient: unnormalized the error is the perturbation's own size, E[(I·∇f)²]; normalized (β = 1/2) it is 0 again
		FloatBatch doubled = FloatBatch.zeros(1, 8, 8, 1);
		for (int i = 0; i < 64; i++) doubled.data()[i] = 2 * gradient.data()[i];
		double expected = 0;
		for (int s = 0; s < 20; s++) {
			double dot = Attributions.dot(gradient, 0, noise.data(), s * 64, 1);
			expected += dot * dot / 20;
		}
		assertEquals(expected, Infidelity.run(scores(), image, doubled, CLASS_0, noise, false, Progress.NONE)[0], 1e-4 * expected);
		assertEquals(0, Infidelity.run(scores(), image, doubled, CLASS_0, noise, true, Progress.NONE)[0], 1e-6);
	}

	/** With a zero fill, gradient × input sums to the very drop of every subset: correlation 1. */
	@Test
	void gradientTimesInputCorrelatesPerfectly() {
		FloatBatch image = image();
		int[][][] subsets = FaithfulnessCorrelation.subsets(1, 64, 30, 12, new Random(2));
		double[] correlation = FaithfulnessCorrelation.run(scores(), image, gradientTimesInput(image), FloatBatch.zeros(1, 8, 8, 1), CLASS_0, subsets, Progress.NONE);
		assertEquals(1, correlation[0], 1e-6);
		for (int[] subset : subsets[0]) assertEquals(12, Arrays.stream(subset).distinct().count(), "distinct pixels");
	}

	/** A map that stays the same under noise has max-sensitivity 0; one that doubles has 1. */
	@Test
	void maxSensitivityIsTheRelativeChangeOfTheMap() {
		FloatBatch image = image(), map = gradientTimesInput(image);
		FloatBatch noise = MaxSensitivity.uniformNoise(image, 5, 0.1, new Random(3));
		assertEquals(0, MaxSensitivity.run((inputs, classes, p) -> repeat(map, inputs.count(), 1), image, map, CLASS_0, noise, Progress.NONE)[0], 0);
		assertEquals(1, MaxSensitivity.run((inputs, classes, p) -> repeat(map, inputs.count(), 2), image, map, CLASS_0, noise, Progress.NONE)[0], 1e-6);
	}

	private static FloatBatch repeat(FloatBatch map, int count, float factor) {
		FloatBatch all = FloatBatch.zeros(count, 8, 8, 1);
		for (int i = 0; i < all.data().length; i++) all.data()[i] = factor * map.data()[i % 64];
		return all;
	}
}
