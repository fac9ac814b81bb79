package ijxai.engine.features;

import java.util.List;

import ijxai.engine.Progress;
import ijxai.engine.method.DatasetTool;
import ijxai.engine.method.ImageSet;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.LoadedModel;

/** The feature space of a set of images at one layer, with the nearest neighbours of one of them ({@link FeatureSpace}). */
public final class FeatureSpaceTool implements DatasetTool<FeatureSpace> {

	public static final String LAYER = "layer", QUERY = "query", K = "k";

	@Override public String name() { return "features"; }

	@Override public String title() { return "Feature space"; }

	@Override public Images images() { return Images.SET; }

	@Override
	public List<MethodParameter> parameters() {
		return List.of(MethodParameter.layer(LAYER, "Layer", "the layer whose output is each image's feature vector; empty: the layer before the output"),
			MethodParameter.integer(QUERY, "Query image", 1, 1, Integer.MAX_VALUE, "the image (from 1, in name or slice order) whose nearest neighbours are listed"),
			MethodParameter.integer(K, "Neighbours", 5, 1, Integer.MAX_VALUE, "how many nearest images to list, by the distance between their features"));
	}

	@Override
	public FeatureSpace run(LoadedModel model, ImageSet set, MethodSettings.Values settings, int batchSize, Progress progress) {
		return FeatureSpace.of(model, set.images(), settings.text(LAYER), batchSize, progress);
	}
}
