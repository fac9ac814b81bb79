package ijxai.engine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import ijxai.engine.Fixtures;
import ijxai.engine.FloatBatch;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelInfo;

/**
 * Culprit layers on the Fashion CNN: every cosine equals one computed here from the layer's
 * activations by the textbook formula (1e-9), an image compared with itself is similarity 1 at every
 * layer, and with the class images being the clean image alone the class cosine is the clean cosine.
 */
class CulpritLayersTest extends Fixtures {

	private static final String CNN = "fashion_mnist_cnn";

	@Test
	void everyLayersCosinesAreTheTextbookOnes() throws IOException {
		LoadedModel model = model(CNN);
		FloatBatch inputs = input(CNN), clean = inputs.slice(0, 1), other = inputs.slice(1, 2), classImages = inputs.slice(2, 4);
		CulpritLayers.Result result = CulpritLayers.of(model, clean, other, classImages, 2, Progress.NONE);
		assertEquals(model.info().layers().size(), result.layers().size());
		assertEquals(2, result.classImages());
		for (int l = 0; l < result.layers().size(); l++) {
			ModelInfo.Layer layer = model.info().layers().get(l);
			float[] a = model.activations(clean, layer.tensor()).data(), b = model.activations(other, layer.tensor()).data();
			float[] classes = model.activations(classImages, layer.tensor()).data();
			double[] mean = new double[a.length];
			for (int i = 0; i < classes.length; i++) mean[i % a.length] += classes[i] / 2.0;
			CulpritLayers.Layer row = result.layers().get(l);
			assertEquals(layer.name(), row.name());
			assertEquals(cosine(b, toDouble(a)), row.toClean(), 1e-9, layer.name());
			assertEquals(cosine(b, mean), row.toClass(), 1e-6, layer.name());
			assertEquals(cosine(a, mean), row.cleanToClass(), 1e-6, layer.name());
		}
	}

	@Test
	void anImageComparedWithItselfIsTheSameAtEveryLayer() throws IOException {
		FloatBatch clean = input(CNN).slice(0, 1);
		CulpritLayers.Result result = CulpritLayers.of(model(CNN), clean, clean, clean, 8, Progress.NONE);
		for (CulpritLayers.Layer layer : result.layers()) {
			assertEquals(1, layer.toClean(), 1e-6, layer.name());
			assertEquals(layer.toClean(), layer.toClass(), 1e-6, layer.name());
		}
		assertEquals(result.cleanClass(), result.adversarialClass());
		CulpritLayers.Result alone = CulpritLayers.of(model(CNN), clean, clean, null, 8, Progress.NONE);
		assertTrue(Double.isNaN(alone.layers().get(0).toClass()) && alone.firstFlipped() == null);
	}

	@Test
	void twoImagesAtOnceAreRefused() throws IOException {
		FloatBatch inputs = input(CNN);
		String message = assertThrows(XaiException.class, () -> CulpritLayers.of(model(CNN), inputs.slice(0, 2), inputs.slice(0, 1), null, 8, Progress.NONE)).getMessage();
		assertTrue(message.contains("one image with one adversarial image, not 2 with 1"), message);
	}

	private static double[] toDouble(float[] values) {
		double[] out = new double[values.length];
		for (int i = 0; i < values.length; i++) out[i] = values[i];
		return out;
	}

	private static double cosine(float[] a, double[] b) {
		double dot = 0, na = 0, nb = 0;
		for (int i = 0; i < a.length; i++) {
			dot += a[i] * b[i];
			na += (double) a[i] * a[i];
			nb += b[i] * b[i];
		}
		return dot / Math.sqrt(na * nb);
	}
}
