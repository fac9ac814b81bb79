package ijxai.engine.features;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ijxai.engine.FloatBatch;
import ijxai.engine.XaiException;
import ijxai.engine.method.ExplainJob;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.method.SampleChunks;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelInfo;

/**
 * Caricatures (after Lucid's recipe): an image optimized, from noise or from the image, so that
 * its activations A(x′) at a layer match the image's A(x) under cos(A(x′), A(x)) · (A(x′)·A(x))^p;
 * p = 0 inverts the layer's representation, p &gt; 0 exaggerates what the layer sees. One image per
 * layer: on an adversarial image this shows which layers see the wrong class.
 */
public final class Caricature extends FeatureVisualization {

	static final String LAYERS = "layers", POWER = "power";
	public static final String COSINE = "cosine", DOT_RATIO = "dot ratio";

	public Caricature() {
		super("caricature", "Caricature", new FeatureAscent.Settings(256, 0.05, 0, 0, 0.5, 0, 0, 0, 0));
	}

	@Override
	protected List<MethodParameter> ownParameters() {
		return List.of(MethodParameter.text(LAYERS, "Layers", "Keras layer names, comma-separated, one caricature each; empty: the last layer with a spatial output"),
			MethodParameter.number(POWER, "Exaggeration power p", 0.1, 0, 100, "0: match the layer's activations; more exaggerates them (at 0.1 the cosine stays above 0.9 on the fixture CNN)"),
			startParameter());
	}

	@Override
	public Explanation explain(ExplainJob job) {
		ModelInfo info = job.info();
		FloatBatch input = job.input();
		MethodSettings.Values values = job.settings();
		double power = values.number(POWER);
		List<ModelInfo.Layer> layers = new ArrayList<>();
		for (String name : values.text(LAYERS).split(",")) if (!name.isBlank()) layers.add(info.layer(name.strip()));
		if (layers.isEmpty()) layers.add(info.lastSpatialLayer());
		Optimizer optimizer = Optimizer.of(job);
		LoadedModel model = job.model();
		List<FloatBatch> caricatures = new ArrayList<>();
		List<String> names = new ArrayList<>();
		Map<String, float[]> measures = new LinkedHashMap<>();
		for (int l = 0; l < layers.size(); l++) {
			ModelInfo.Layer layer = layers.get(l);
			FloatBatch target = SampleChunks.activations(job, input, layer.tensor());
			for (int n = 0; n < input.count(); n++) {
				if (match(target, n, target, n)[2] == 0) throw new XaiException("layer '" + layer.name() + "' is all zero for image " + (n + 1) + ": there is nothing to match");
			}
			FloatBatch image = optimizer.start();
			String what = layers.size() > 1 ? String.format(Locale.ROOT, "%s, layer %d of %d (%s)", title(), l + 1, layers.size(), layer.name()) : title();
			// a jittered image is compared with the image jittered alike
			LayerSeed seed = (a, first, shift) -> shift[0] == 0 && shift[1] == 0 ? seed(a, target, first, power)
				: seed(a, model.activations(FeatureAscent.roll(input.slice(first, first + a.count()), shift[0], shift[1]), layer.tensor()), 0, power);
			optimizer.run(image, layerObjective(model, layer.tensor(), seed), 0, what);
			FloatBatch reached = SampleChunks.activations(job, image, layer.tensor());
			float[] cosine = new float[input.count()], dotRatio = new float[input.count()];
			for (int n = 0; n < input.count(); n++) {
				double[] m = match(reached, n, target, n);
				cosine[n] = (float) (m[0] / Math.sqrt(m[1] * m[2]));
				dotRatio[n] = (float) (m[0] / m[2]);
			}
			measures.put(COSINE + " " + layer.name(), cosine);
			measures.put(DOT_RATIO + " " + layer.name(), dotRatio);
			caricatures.add(image);
			names.add(layer.name());
		}
		String details = String.format(Locale.ROOT, "p %s, from %s", values.text(POWER), values.text(START));
		return SampleChunks.result(this, job, planes(caricatures, job.space()), planeNames(names, input.channels()), SampleChunks.scores(job),
			Explanation.Display.IMAGE, measures, details);
	}

	/** {A(x′)·A(x), |A(x′)|², |A(x)|²} of sample n of {@code a} against sample m of {@code target}. */
	static double[] match(FloatBatch a, int n, FloatBatch target, int m) {
		double dot = 0, aa = 0, tt = 0;
		int size = a.sampleSize();
		for (int i = 0; i < size; i++) {
			double u = a.data()[n * size + i], t = target.data()[m * size + i];
			dot += u * t;
			aa += u * u;
			tt += t * t;
		}
		return new double[] { dot, aa, tt };
	}

	/**
	 * The seed ∂f/∂A(x′) per sample, f = cos · dot^p, as the gradient of log f (same direction,
	 * f &gt; 0, and free of dot^p's overflow): ∇cos/cos + p·A(x)/dot. Until the dot product is
	 * positive, the cosine alone is raised.
	 */
	static float[] seed(FloatBatch a, FloatBatch target, int first, double power) {
		float[] seed = new float[a.data().length];
		int size = a.sampleSize();
		for (int n = 0; n < a.count(); n++) {
			double[] m = match(a, n, target, first + n);
			double dot = m[0], norm = Math.sqrt(m[1]), targetNorm = Math.sqrt(m[2]);
			for (int i = 0; i < size; i++) {
				double u = a.data()[n * size + i], t = target.data()[(first + n) * size + i];
				double value;
				if (norm == 0) value = t; // no activation yet: any step towards the target's direction
				else {
					double cos = dot / (norm * targetNorm);
					double gradCos = t / (norm * targetNorm) - cos * u / (norm * norm);
					value = dot > 0 ? gradCos / cos + power * t / dot : gradCos;
				}
				seed[n * size + i] = (float) value;
			}
		}
		return seed;
	}
}
