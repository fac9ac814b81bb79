package ijxai.engine.evaluation;

import java.util.Random;

import ijxai.engine.FloatBatch;
import ijxai.engine.Progress;
import ijxai.engine.method.SampleChunks;

/**
 * Infidelity (Yeh et al. 2019) as Captum's {@code captum.metrics.infidelity} computes it: for
 * perturbations I of the input, E[(I·a − (f(x) − f(x − I)))²]; normalized (Captum's
 * {@code normalize=True}), the attribution is first scaled by β = E[I·a Δf] / E[(I·a)²], the scale
 * that fits best, so that maps of any scale compare. I·a sums a pixel's relevance times the
 * perturbation of all its channels.
 */
public final class Infidelity {

	private Infidelity() {}

	/** {@code samples} Gaussian perturbations N(0, σ²) of every value of every image: sample n·samples + s. */
	public static FloatBatch gaussianNoise(FloatBatch input, int samples, double sigma, Random random) {
		FloatBatch noise = FloatBatch.zeros(input.count() * samples, input.height(), input.width(), input.channels());
		for (int i = 0; i < noise.data().length; i++) noise.data()[i] = (float) (sigma * random.nextGaussian());
		return noise;
	}

	/**
	 * The infidelity of every image's map.
	 *
	 * @param perturbations I, {@code samples} per image (sample n·samples + s)
	 */
	public static double[] run(ModelScores scores, FloatBatch input, FloatBatch maps, int[] targets, FloatBatch perturbations, boolean normalize,
		Progress progress)
	{
		int count = input.count(), size = input.sampleSize(), samples = perturbations.count() / count;
		// sample (n, 0) is the image, (n, 1 + s) the image less perturbation s
		SampleChunks.Samples perturbed = new SampleChunks.Samples() {
			@Override public int count() { return count * (samples + 1); }

			@Override public void fill(int index, float[] into, int offset) {
				int n = index / (samples + 1), s = index % (samples + 1) - 1;
				for (int i = 0; i < size; i++) {
					into[offset + i] = input.data()[n * size + i] - (s < 0 ? 0 : perturbations.data()[(n * samples + s) * size + i]);
				}
			}

			@Override public int target(int index) { return targets[index / (samples + 1)]; }
		};
		double[] all = scores.of(input, perturbed, progress, "infidelity");
		double[] infidelity = new double[count];
		for (int n = 0; n < count; n++) {
			// Captum's three sums: Σ(I·a)², Σ(I·a)Δ, ΣΔ²
			double squares = 0, products = 0, drops = 0;
			for (int s = 0; s < samples; s++) {
				double attributed = Attributions.dot(maps, n, perturbations.data(), (n * samples + s) * size, input.channels());
				double drop = all[n * (samples + 1)] - all[n * (samples + 1) + 1 + s];
				squares += attributed * attributed;
				products += attributed * drop;
				drops += drop * drop;
			}
			double beta = normalize ? (squares == 0 ? 0 : products / squares) : 1;
			infidelity[n] = (beta * beta * squares - 2 * beta * products + drops) / samples;
		}
		return infidelity;
	}
}
