package ijxai.engine.features;

import java.util.ArrayList;
import java.util.List;

import ijxai.engine.FloatBatch;
import ijxai.engine.ImageSpace;
import ijxai.engine.method.ExplainJob;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.model.LoadedModel;

/**
 * The base of feature visualizations: images made by regularized gradient ascent
 * ({@link FeatureAscent}) on an objective, returned in the image's own units as images (frames or
 * layers as planes of the input's channels).
 */
abstract class FeatureVisualization implements Explainer {

	static final String START = "start";

	private final String name, title;
	/** The optimizer's defaults for this method. */
	private final FeatureAscent.Settings defaults;

	FeatureVisualization(String name, String title, FeatureAscent.Settings defaults) {
		this.name = name;
		this.title = title;
		this.defaults = defaults;
	}

	@Override public final String name() { return name; }

	@Override public final String title() { return title; }

	protected abstract List<MethodParameter> ownParameters();

	@Override
	public final List<MethodParameter> parameters() {
		List<MethodParameter> all = new ArrayList<>(ownParameters());
		all.addAll(defaults.parameters());
		return all;
	}

	/** The optimizer as a job sets it: its settings, the valid range of the job's images, the job's batch size and progress. */
	record Optimizer(ExplainJob job, FeatureAscent.Settings settings, FeatureAscent.Range range) {

		static Optimizer of(ExplainJob job) {
			return new Optimizer(job, FeatureAscent.Settings.of(job.settings()), FeatureAscent.Range.of(job.input(), job.space()));
		}

		/** The start the option {@link #START} names: noise, or a copy of the job's image. */
		FloatBatch start() {
			return range.start(job.settings().text(START), job.input(), settings.seed());
		}

		/** Optimizes {@code image} in place; the frames as {@link FeatureAscent#run}. */
		List<FeatureAscent.Frame> run(FloatBatch image, FeatureAscent.Objective objective, int frameEvery, String what) {
			return FeatureAscent.run(image, range, objective, settings, job.options().batchSize(), frameEvery, job.progress(), what);
		}
	}

	static MethodParameter startParameter() {
		return MethodParameter.choice(START, "Start from", "random noise, or the image itself", "noise", "image");
	}

	/**
	 * Optimized inputs side by side in image units: plane {@code k·c + ch} of sample n is channel
	 * ch of {@code images.get(k)}'s sample n, c the input's channel count.
	 */
	static FloatBatch planes(List<FloatBatch> images, ImageSpace space) {
		FloatBatch first = images.get(0);
		int c = first.channels(), pixels = first.height() * first.width();
		FloatBatch planes = FloatBatch.zeros(first.count(), first.height(), first.width(), images.size() * c);
		for (int k = 0; k < images.size(); k++) {
			float[] image = images.get(k).data();
			for (int n = 0; n < first.count(); n++) {
				for (int p = 0; p < pixels; p++) {
					for (int ch = 0; ch < c; ch++) {
						planes.data()[(n * pixels + p) * planes.channels() + k * c + ch] = (float) space.toImage(n, image[(n * pixels + p) * c + ch]);
					}
				}
			}
		}
		return planes;
	}

	/** A name per plane of {@link #planes}: the image's name, and the channel when there are several. */
	static List<String> planeNames(List<String> imageNames, int channels) {
		List<String> names = new ArrayList<>();
		for (String name : imageNames) for (int ch = 0; ch < channels; ch++) names.add(channels > 1 ? name + " channel " + (ch + 1) : name);
		return names;
	}

	/** A layer objective's gradient at the input: the seed ∂objective/∂A is computed from the layer's values A. */
	interface LayerSeed {
		/**
		 * @param first the index of {@code values}' first sample in the whole batch
		 * @param shift the jitter the input was shifted by
		 */
		float[] seed(FloatBatch values, int first, int[] shift);
	}

	static FeatureAscent.Objective layerObjective(LoadedModel model, String tensor, LayerSeed seed) {
		return (x, first, shift) -> model.layerGradient(x, tensor, seed.seed(model.activations(x, tensor), first, shift));
	}
}
