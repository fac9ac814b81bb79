package ijxai.engine.evaluation;

import java.util.Random;

import ijxai.engine.FloatBatch;
import ijxai.engine.XaiException;
import ijxai.engine.method.Explanation;

/**
 * Attribution maps as the metrics read them: one value per pixel (a batch of one channel), shared
 * by all of the pixel's input channels.
 */
public final class Attributions {

	private Attributions() {}

	/**
	 * The relevance per pixel of an explanation of {@code input}: its only plane, or its first when
	 * it has several (occlusion's score drop). Maps of another size than the input, and what is
	 * not a map of the input (an adversarial image, a feature visualization) are refused.
	 */
	public static FloatBatch of(Explanation explanation, FloatBatch input) {
		FloatBatch maps = explanation.maps();
		if (explanation.display() == Explanation.Display.IMAGE || explanation.input() != null) {
			throw new XaiException(explanation.method() + " makes images, not attribution maps; it cannot be evaluated");
		}
		if (maps.height() != input.height() || maps.width() != input.width() || maps.count() != input.count()) {
			throw new XaiException(explanation.method() + " gives " + maps.width() + "x" + maps.height() + " maps for " + input.width() + "x" + input.height()
				+ " images; it cannot be evaluated");
		}
		if (maps.channels() == 1) return maps;
		FloatBatch first = FloatBatch.zeros(maps.count(), maps.height(), maps.width(), 1);
		for (int i = 0; i < first.data().length; i++) first.data()[i] = maps.data()[i * maps.channels()];
		return first;
	}

	/** Uniform random relevance in [0, 1) per pixel: the baseline every explanation has to beat. */
	public static FloatBatch random(int count, int height, int width, Random random) {
		FloatBatch maps = FloatBatch.zeros(count, height, width, 1);
		for (int i = 0; i < maps.data().length; i++) maps.data()[i] = random.nextFloat();
		return maps;
	}

	/** Σ over pixels p of a_p · Σ_c values(p, c): a map's dot product with a perturbation or input of sample {@code n}. */
	static double dot(FloatBatch maps, int mapIndex, float[] values, int offset, int channels) {
		int pixels = maps.height() * maps.width();
		double sum = 0;
		for (int p = 0; p < pixels; p++) {
			double pixel = 0;
			for (int c = 0; c < channels; c++) pixel += values[offset + p * channels + c];
			sum += maps.data()[mapIndex * pixels + p] * pixel;
		}
		return sum;
	}
}
