package ijxai.engine.evaluation;

import java.util.Random;

import ijxai.engine.FloatBatch;
import ijxai.engine.Progress;

/**
 * Max-sensitivity (Yeh et al. 2019) as Captum's {@code sensitivity_max} and Quantus's
 * {@code MaxSensitivity} compute it: the largest change of the map, ‖a(x + δ) − a(x)‖ / ‖a(x)‖
 * (Frobenius norms), over random perturbations δ uniform in [−r, r] of every value, each map
 * explaining the class the original was explained for. A map that is zero everywhere is divided by 1,
 * as Captum does.
 */
public final class MaxSensitivity {

	private MaxSensitivity() {}

	/** Explains perturbed inputs: one relevance map (one channel) per input, each for class {@code targets[i]}. */
	public interface Explain {
		FloatBatch maps(FloatBatch inputs, int[] targets, Progress progress);
	}

	/** {@code samples} perturbations uniform in [−radius, radius] of every value of every image: sample n·samples + s. */
	public static FloatBatch uniformNoise(FloatBatch input, int samples, double radius, Random random) {
		FloatBatch noise = FloatBatch.zeros(input.count() * samples, input.height(), input.width(), input.channels());
		for (int i = 0; i < noise.data().length; i++) noise.data()[i] = (float) (radius * (2 * random.nextDouble() - 1));
		return noise;
	}

	/**
	 * The max-sensitivity of every image's map.
	 *
	 * @param noise δ, {@code samples} per image (sample n·samples + s)
	 */
	public static double[] run(Explain explain, FloatBatch input, FloatBatch maps, int[] targets, FloatBatch noise, Progress progress) {
		int count = input.count(), size = input.sampleSize(), samples = noise.count() / count, pixels = maps.height() * maps.width();
		FloatBatch perturbed = FloatBatch.zeros(noise.count(), input.height(), input.width(), input.channels());
		int[] perturbedTargets = new int[noise.count()];
		for (int j = 0; j < noise.count(); j++) {
			int n = j / samples;
			for (int i = 0; i < size; i++) perturbed.data()[j * size + i] = input.data()[n * size + i] + noise.data()[j * size + i];
			perturbedTargets[j] = targets[n];
		}
		FloatBatch perturbedMaps = explain.maps(perturbed, perturbedTargets, progress);
		double[] sensitivity = new double[count];
		for (int n = 0; n < count; n++) {
			double norm = 0;
			for (int p = 0; p < pixels; p++) norm += (double) maps.data()[n * pixels + p] * maps.data()[n * pixels + p];
			double largest = 0;
			for (int s = 0; s < samples; s++) {
				double difference = 0;
				for (int p = 0; p < pixels; p++) {
					double d = perturbedMaps.data()[(n * samples + s) * pixels + p] - maps.data()[n * pixels + p];
					difference += d * d;
				}
				largest = Math.max(largest, Math.sqrt(difference));
			}
			sensitivity[n] = largest / (norm == 0 ? 1 : Math.sqrt(norm));
		}
		return sensitivity;
	}
}
