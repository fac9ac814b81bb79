package ijxai.engine.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ijxai.engine.FloatBatch;
import ijxai.engine.Progress;
import ijxai.engine.method.ExplainJob;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.LayerMethod;
import ijxai.engine.method.SampleChunks;
import ijxai.engine.model.ModelInfo;

/** The feature maps of one layer: one plane per channel, at the layer's resolution. */
public final class LayerActivations extends LayerMethod {

	@Override public String name() { return "activations"; }

	@Override public String title() { return "Feature maps"; }

	@Override public boolean tiled() { return true; }

	@Override
	public Explanation explain(ExplainJob job) {
		ModelInfo.Layer layer = layer(job);
		FloatBatch input = job.input();
		Progress progress = job.progress();
		int batchSize = job.options().batchSize();
		SampleChunks.Scores scores = SampleChunks.scores(job);
		FloatBatch maps = null;
		for (int from = 0; from < input.count(); from += batchSize) {
			progress.checkCanceled();
			progress.report(from, input.count(), title());
			int to = Math.min(input.count(), from + batchSize);
			FloatBatch part = job.model().activations(input.samples(from, to), layer.tensor());
			if (maps == null) maps = FloatBatch.zeros(input.count(), part.height(), part.width(), part.channels());
			maps.put(from, part);
		}
		progress.report(input.count(), input.count(), title());
		List<String> channels = new ArrayList<>();
		boolean signed = false;
		for (float v : maps.data()) signed |= v < 0;
		for (int k = 0; k < maps.channels(); k++) channels.add(layer.name() + " channel " + k);
		return SampleChunks.result(this, job, maps, channels, scores, Explanation.Display.of(signed), Map.of(), "layer " + layer.name());
	}
}
