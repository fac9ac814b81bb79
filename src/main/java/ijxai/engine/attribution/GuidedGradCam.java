package ijxai.engine.attribution;

import java.util.List;
import java.util.Map;

import ijxai.engine.FloatBatch;
import ijxai.engine.method.ChannelReduction;
import ijxai.engine.method.ExplainJob;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.LayerMethod;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.method.SampleChunks;
import ijxai.engine.model.ModelInfo;

/**
 * Guided Grad-CAM (Selvaraju et al. 2017): guided backpropagation times the Grad-CAM map
 * upsampled to the input, per input channel; the display sums the channels.
 */
public final class GuidedGradCam extends LayerMethod {

	@Override public String name() { return "guided-gradcam"; }

	@Override public String title() { return "Guided Grad-CAM"; }

	@Override
	public Explanation explain(ExplainJob job) {
		ModelInfo.Layer layer = layer(job);
		ExplainOptions options = job.options();
		Explanation guided = ModifiedBackprop.GUIDED.explain(job.forMethod(ModifiedBackprop.GUIDED, options.withRaw(true).withSettings(MethodSettings.NONE)));
		GradCam gradCam = new GradCam();
		MethodSettings camSettings = new MethodSettings(Map.of(LAYER, layer.name()), Map.of());
		Explanation cam = gradCam.explain(job.forMethod(gradCam, options.withRaw(false).withSettings(camSettings)));
		FloatBatch raw = guided.maps(), product = FloatBatch.zeros(raw.count(), raw.height(), raw.width(), raw.channels());
		for (int n = 0; n < raw.count(); n++) {
			for (int y = 0; y < raw.height(); y++) {
				for (int x = 0; x < raw.width(); x++) {
					for (int c = 0; c < raw.channels(); c++) product.set(n, y, x, c, raw.get(n, y, x, c) * cam.maps().get(n, y, x, 0));
				}
			}
		}
		SampleChunks.Scores scores = new SampleChunks.Scores(cam.targets(), cam.scores(), cam.probabilities());
		return SampleChunks.result(this, job, options.raw() ? product : ChannelReduction.SUM.reduceAll(product), List.of(), scores, Explanation.Display.SIGNED,
			Map.of(), "layer " + layer.name());
	}
}
