package ijxai.engine.features;

import java.util.List;

import ijxai.engine.Progress;
import ijxai.engine.method.DatasetTool;
import ijxai.engine.method.ImageSet;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.LoadedModel;

/**
 * The feature space of a set of images at one layer, with the nearest neighbours of one of them
 * ({@link FeatureSpace}), and on request its t-SNE ({@link Tsne}).
 */
public final class FeatureSpaceTool implements DatasetTool<FeatureSpaceTool.Result> {

	public static final String LAYER = "layer", QUERY = "query", K = "k", TSNE = "tsne", PERPLEXITY = "perplexity", TSNE_ITERATIONS = "tsne-iterations",
		SEED = "seed";

	/** The features, and their t-SNE when asked for (else null). */
	public record Result(FeatureSpace space, Tsne.Embedding tsne) {}

	@Override public String name() { return "features"; }

	@Override public String title() { return "Feature space"; }

	@Override public Images images() { return Images.SET; }

	@Override
	public List<MethodParameter> parameters() {
		return List.of(MethodParameter.layer(LAYER, "Layer", "the layer whose output is each image's feature vector; empty: the layer before the output"),
			MethodParameter.integer(QUERY, "Query image", 1, 1, Integer.MAX_VALUE, "the image (from 1, in name or slice order) whose nearest neighbours are listed"),
			MethodParameter.integer(K, "Neighbours", 5, 1, Integer.MAX_VALUE, "how many nearest images to list, by the distance between their features"),
			MethodParameter.flag(TSNE, "t-SNE", "also embed the features in 2-D by t-SNE (exact up to " + Tsne.EXACT_LIMIT
				+ " images, Barnes–Hut above), plotted by predicted class, coordinates in the table"),
			MethodParameter.number(PERPLEXITY, "t-SNE perplexity", 30, 1, 1e4, "about how many neighbours each image's affinities reach (5–50 usual; below the number of images)"),
			MethodParameter.integer(TSNE_ITERATIONS, "t-SNE iterations", 1000, 250, 100_000, "gradient steps, the first 250 with early exaggeration"),
			MethodParameter.integer(SEED, "t-SNE seed", 0, 0, Integer.MAX_VALUE, "the seed of the jitter that separates identical features"));
	}

	@Override
	public Result run(LoadedModel model, ImageSet set, MethodSettings.Values settings, int batchSize, Progress progress) {
		FeatureSpace space = FeatureSpace.of(model, set.images(), settings.text(LAYER), batchSize, progress);
		if (!settings.flag(TSNE)) return new Result(space, null);
		Tsne.Settings tsne = Tsne.Settings.automatic(settings.number(PERPLEXITY), settings.integer(TSNE_ITERATIONS), settings.integer(SEED), space.vectors().length);
		return new Result(space, Tsne.embed(space, tsne, progress));
	}
}
