package ijxai.engine.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ijxai.engine.FloatBatch;
import ijxai.engine.ImageSpace;
import ijxai.engine.Progress;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.InputCheck;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.method.SampleChunks;
import ijxai.engine.model.LoadedModel;

/**
 * Class visualization (Simonyan et al. 2014, with the regularizers of Yosinski et al. 2015):
 * gradient ascent on the target class's score from noise (or from the image). {@code predicted}
 * visualizes the class the model predicts for the image. Every {@code frame-every}-th iteration
 * can be kept, as a movie of the optimization.
 */
public final class ClassVisualization extends FeatureVisualization {

	static final String FRAME_EVERY = "frame-every";

	@Override public String name() { return "class-visualization"; }

	@Override public String title() { return "Class visualization"; }

	@Override
	protected FeatureAscent.Settings defaults() {
		return new FeatureAscent.Settings(200, 0.05, 0.005, 4, 0.5, 1, 0, 0, 0);
	}

	@Override
	protected List<MethodParameter> ownParameters() {
		return List.of(startParameter(),
			MethodParameter.integer(FRAME_EVERY, "Keep every n-th iteration (0: final only)", 0, 0, 100000, "keep the image every this many iterations as a movie (0: only the final image)"));
	}

	@Override
	public Explanation explain(LoadedModel model, FloatBatch input, ExplainOptions options, Progress progress) {
		InputCheck.check(model.info(), input);
		MethodSettings.Values values = options.settings().forMethod(this);
		FeatureAscent.Settings settings = FeatureAscent.Settings.of(values);
		int[] classes = SampleChunks.scores(model, input, options).targets();
		ImageSpace space = options.spaceFor(input);
		FeatureAscent.Range range = FeatureAscent.Range.of(input, space);
		FloatBatch image = range.start(values.text(START), input, settings.seed());
		FeatureAscent.Objective objective = (x, first, shift) ->
			model.gradients(x, java.util.Arrays.copyOfRange(classes, first, first + x.count()), options.score(), null, null).gradient();
		int frameEvery = values.integer(FRAME_EVERY);
		List<FeatureAscent.Frame> frames = FeatureAscent.run(image, range, objective, settings, options.batchSize(), frameEvery, progress, title());
		List<FloatBatch> images = new ArrayList<>();
		List<String> names = new ArrayList<>();
		for (FeatureAscent.Frame frame : frames) {
			images.add(frame.image());
			names.add("iteration " + frame.iteration());
		}
		SampleChunks.Scores scores = SampleChunks.scores(model, image, options, classes);
		String details = String.format(Locale.ROOT, "from %s, %d iterations", values.text(START), settings.iterations());
		return SampleChunks.result(this, model.info(), options, planes(images, space), planeNames(names, input.channels()), scores, Explanation.Display.IMAGE,
			Map.of(), details);
	}
}
