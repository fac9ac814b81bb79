package ijxai.engine.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ijxai.engine.FloatBatch;
import ijxai.engine.method.ExplainJob;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.method.SampleChunks;

/**
 * Class visualization (Simonyan et al. 2014, with the regularizers of Yosinski et al. 2015):
 * gradient ascent on the target class's score from noise (or from the image). {@code predicted}
 * visualizes the class the model predicts for the image. Every {@code frame-every}-th iteration
 * can be kept, as a movie of the optimization.
 */
public final class ClassVisualization extends FeatureVisualization {

	static final String FRAME_EVERY = "frame-every";

	public ClassVisualization() {
		super("class-visualization", "Class visualization", new FeatureAscent.Settings(200, 0.05, 0.005, 4, 0.5, 1, 0, 0, 0));
	}

	@Override
	protected List<MethodParameter> ownParameters() {
		return List.of(startParameter(),
			MethodParameter.integer(FRAME_EVERY, "Keep every n-th iteration (0: final only)", 0, 0, 100000, "keep the image every this many iterations as a movie (0: only the final image)"));
	}

	@Override
	public Explanation explain(ExplainJob job) {
		MethodSettings.Values values = job.settings();
		int[] classes = SampleChunks.scores(job).targets();
		Optimizer optimizer = Optimizer.of(job);
		FloatBatch image = optimizer.start();
		FeatureAscent.Objective objective = (x, first, shift) ->
			job.model().gradients(x, java.util.Arrays.copyOfRange(classes, first, first + x.count()), job.options().score(), null, null).gradient();
		List<FeatureAscent.Frame> frames = optimizer.run(image, objective, values.integer(FRAME_EVERY), title());
		List<FloatBatch> images = new ArrayList<>();
		List<String> names = new ArrayList<>();
		for (FeatureAscent.Frame frame : frames) {
			images.add(frame.image());
			names.add("iteration " + frame.iteration());
		}
		SampleChunks.Scores scores = SampleChunks.scores(job, image, classes);
		String details = String.format(Locale.ROOT, "from %s, %d iterations", values.text(START), optimizer.settings().iterations());
		return SampleChunks.result(this, job, planes(images, job.space()), planeNames(names, job.input().channels()), scores, Explanation.Display.IMAGE,
			Map.of(), details);
	}
}
