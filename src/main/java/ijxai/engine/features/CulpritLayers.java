package ijxai.engine.features;

import java.util.ArrayList;
import java.util.List;

import ijxai.engine.FloatBatch;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.method.InputCheck;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.Predictions;

/**
 * Which layers an adversarial image fools (the caricature post's "culprit layers"): per layer, the
 * cosine similarity of its activations for the adversarial image A(x_adv) to those for the clean
 * image A(x), and to the mean activation over images of the class the attack aims at. Where the
 * adversarial representation comes nearer the class than the clean image, the layer has flipped.
 */
public final class CulpritLayers {

	/**
	 * One layer.
	 *
	 * @param toClean cos(A(x_adv), A(x))
	 * @param toClass cos(A(x_adv), mean A over the class images); NaN without class images
	 * @param cleanToClass cos(A(x), mean A over the class images), the clean image's own distance from the class; NaN without
	 */
	public record Layer(String name, double toClean, double toClass, double cleanToClass) {
		/** The adversarial representation is nearer the class than the clean one (false without class images). */
		public boolean flipped() {
			return toClass > toClean;
		}
	}

	/**
	 * @param cleanClass the class the model predicts for the clean image
	 * @param adversarialClass and for the adversarial one
	 * @param classImages how many images the class means come from (0: none given)
	 */
	public record Result(int cleanClass, int adversarialClass, int classImages, List<Layer> layers) {
		/** The first layer (in graph order) that flipped, or null. */
		public Layer firstFlipped() {
			return layers.stream().filter(Layer::flipped).findFirst().orElse(null);
		}
	}

	private CulpritLayers() {}

	/**
	 * @param clean one image
	 * @param adversarial one image of the same size (its adversarial version, or any second image)
	 * @param classImages images of the class the attack aims at, or null
	 */
	public static Result of(LoadedModel model, FloatBatch clean, FloatBatch adversarial, FloatBatch classImages, int batchSize, Progress progress) {
		ModelInfo info = model.info();
		InputCheck.check(info, clean);
		InputCheck.check(info, adversarial);
		if (clean.count() != 1 || adversarial.count() != 1) {
			throw new XaiException("culprit layers compare one image with one adversarial image, not " + clean.count() + " with " + adversarial.count());
		}
		if (clean.sampleSize() != adversarial.sampleSize()) throw new XaiException("the adversarial image is not the size of the image");
		if (classImages != null) InputCheck.check(info, classImages);
		float[] pair = new float[2 * clean.sampleSize()];
		System.arraycopy(clean.data(), 0, pair, 0, clean.sampleSize());
		System.arraycopy(adversarial.data(), 0, pair, clean.sampleSize(), clean.sampleSize());
		FloatBatch both = new FloatBatch(2, clean.height(), clean.width(), clean.channels(), pair);
		float[] logits = model.predict(both).logits();
		List<ModelInfo.Layer> layers = info.layers();
		List<Layer> rows = new ArrayList<>();
		for (int l = 0; l < layers.size(); l++) {
			progress.checkCanceled();
			progress.report(l, layers.size(), "culprit layers");
			ModelInfo.Layer layer = layers.get(l);
			FloatBatch values = model.activations(both, layer.tensor());
			int size = values.sampleSize();
			float[] a = values.data();
			float[] mean = classImages == null ? null : classMean(model, classImages, layer, batchSize, progress);
			double toClean = cosine(a, size, a, 0, size), toClass = Double.NaN, cleanToClass = Double.NaN;
			if (mean != null) {
				toClass = cosine(a, size, mean, 0, size);
				cleanToClass = cosine(a, 0, mean, 0, size);
			}
			rows.add(new Layer(layer.name(), toClean, toClass, cleanToClass));
		}
		progress.report(layers.size(), layers.size(), "culprit layers");
		return new Result(Predictions.predictedClass(info, logits, 0, 2), Predictions.predictedClass(info, logits, 1, 2),
			classImages == null ? 0 : classImages.count(), List.copyOf(rows));
	}

	private static float[] classMean(LoadedModel model, FloatBatch images, ModelInfo.Layer layer, int batchSize, Progress progress) {
		double[] mean = null;
		for (int from = 0; from < images.count(); from += batchSize) {
			progress.checkCanceled();
			FloatBatch values = model.activations(images.slice(from, Math.min(images.count(), from + batchSize)), layer.tensor());
			if (mean == null) mean = new double[values.sampleSize()];
			for (int i = 0; i < values.data().length; i++) mean[i % mean.length] += values.data()[i] / (double) images.count();
		}
		float[] rounded = new float[mean.length];
		for (int i = 0; i < mean.length; i++) rounded[i] = (float) mean[i];
		return rounded;
	}

	/** The cosine of the sample at {@code offset} in {@code a} with the one at {@code otherOffset} in {@code b}, each {@code size} long. */
	static double cosine(float[] a, int offset, float[] b, int otherOffset, int size) {
		double dot = 0, na = 0, nb = 0;
		for (int i = 0; i < size; i++) {
			dot += (double) a[offset + i] * b[otherOffset + i];
			na += (double) a[offset + i] * a[offset + i];
			nb += (double) b[otherOffset + i] * b[otherOffset + i];
		}
		return na == 0 || nb == 0 ? (na == nb ? 1 : 0) : dot / Math.sqrt(na * nb);
	}
}
