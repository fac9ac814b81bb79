package ijxai.cli;

import java.util.List;

import ijxai.engine.features.FeatureSpaceTool;
import ijxai.image.FeatureSpaceResults;

/**
 * A feature space: every image's class and principal coordinates, the query's nearest neighbours
 * as a table and a montage, the PCA plot, the images framed in their PCA colour, and the t-SNE plot when asked.
 */
final class FeatureSpacePresenter implements ToolPresenter<FeatureSpaceTool.Result> {

	private static final String IMAGES = "features.csv", NEIGHBOURS = "neighbours.csv", NEIGHBOUR_MONTAGE = "nearest_neighbours.tif", PLOT = "feature_pca.tif",
		COLOURS = "feature_colours.tif", TSNE_PLOT = "feature_tsne.tif";

	@Override public List<String> files() { return List.of(IMAGES, NEIGHBOURS, NEIGHBOUR_MONTAGE, PLOT, COLOURS, TSNE_PLOT + " (with --tsne; t-SNE coordinates in " + IMAGES + ")"); }

	@Override
	public void present(FeatureSpaceTool.Result found, Context context) {
		FeatureSpaceResults.Output result = FeatureSpaceResults.show(found, context.set(), context.model(), context.settings().integer(FeatureSpaceTool.QUERY),
			context.settings().integer(FeatureSpaceTool.K));
		Session session = context.session();
		session.save(result.images(), context.folder().resolve(IMAGES));
		session.save(result.neighbours(), context.folder().resolve(NEIGHBOURS));
		session.save(result.neighbourMontage(), context.folder().resolve(NEIGHBOUR_MONTAGE));
		session.save(result.plot().getImagePlus(), context.folder().resolve(PLOT));
		session.save(result.colourMontage(), context.folder().resolve(COLOURS));
		if (result.tsnePlot() != null) session.save(result.tsnePlot().getImagePlus(), context.folder().resolve(TSNE_PLOT));
	}
}
