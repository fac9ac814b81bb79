package ijxai.engine.attribution;

import java.util.List;
import java.util.Map;

import ijxai.engine.FloatBatch;
import ijxai.engine.Progress;
import ijxai.engine.graph.DeepLiftRules;
import ijxai.engine.method.ChannelReduction;
import ijxai.engine.method.ExplainJob;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.SampleChunks;
import ijxai.engine.model.LoadedModel;

/**
 * DeepLIFT with the rescale rule (Shrikumar et al. 2017), as Captum's {@code DeepLift}: (x − x₀) ·
 * the multipliers of {@link DeepLiftRules#RESCALE}, with a baseline x₀ as for Integrated Gradients.
 * Images and their baselines go through one backward pass per chunk, so the rules see both forward
 * passes. Every result reports its summation-to-delta gap |Σ attributions − (S(x) − S(x₀))| /
 * |S(x) − S(x₀)|, which is 0 up to rounding when every nonlinearity has a rule.
 */
public final class DeepLift implements Explainer {

	public static final String DELTA_GAP = "delta gap";

	@Override public String name() { return "deeplift"; }

	@Override public String title() { return "DeepLIFT"; }

	@Override
	public List<MethodParameter> parameters() {
		return IntegratedGradients.withBaseline("seed of the noise baseline");
	}

	@Override
	public Explanation explain(ExplainJob job) {
		FloatBatch input = job.input();
		FloatBatch baselines = IntegratedGradients.baselines(input, job.settings());
		SampleChunks.Scores scores = SampleChunks.scores(job);
		int count = input.count(), size = input.sampleSize(), pairs = Math.max(1, job.options().batchSize() / 2);
		FloatBatch raw = FloatBatch.zeros(count, input.height(), input.width(), input.channels());
		float[] gaps = new float[count];
		Progress progress = job.progress();
		for (int from = 0; from < count; from += pairs) {
			progress.checkCanceled();
			progress.report(from, count, title());
			int chunk = Math.min(count, from + pairs) - from;
			// images first, their baselines after them in the same order: the layout the rules split
			FloatBatch both = FloatBatch.zeros(2 * chunk, input.height(), input.width(), input.channels());
			both.put(0, input.samples(from, from + chunk));
			both.put(chunk, baselines.samples(from, from + chunk));
			int[] targets = new int[2 * chunk];
			for (int n = 0; n < chunk; n++) targets[n] = targets[chunk + n] = scores.targets()[from + n];
			LoadedModel.Pass pass = job.model().gradients(both, targets, job.options().score(), null, DeepLiftRules.RESCALE);
			float[] multipliers = pass.gradient().data();
			for (int n = 0; n < chunk; n++) {
				double total = 0;
				for (int i = 0, at = (from + n) * size; i < size; i++, at++) {
					raw.data()[at] = (input.data()[at] - baselines.data()[at]) * multipliers[n * size + i];
					total += raw.data()[at];
				}
				gaps[from + n] = IntegratedGradients.completenessGap(total, pass.scores()[n] - pass.scores()[chunk + n], pass.scores()[n]);
			}
		}
		progress.report(count, count, title());
		return SampleChunks.result(this, job, job.options().raw() ? raw : ChannelReduction.SUM.reduceAll(raw), List.of(), scores, Explanation.Display.SIGNED,
			Map.of(DELTA_GAP, gaps), "baseline " + job.settings().text(IntegratedGradients.BASELINE));
	}
}
