package ijxai.cli;

import java.util.List;

import ijxai.engine.features.FeatureSpace;
import ijxai.engine.features.FeatureSpaceTool;
import ijxai.image.FeatureSpaceResults;

/**
 * A feature space: every image's class and principal coordinates, the query's nearest neighbours
 * as a table and a montage, the PCA plot and the images framed in their PCA colour.
 */
final class FeatureSpacePresenter implements ToolPresenter<FeatureSpace> {

	private static final String IMAGES = "features.csv", NEIGHBOURS = "neighbours.csv", NEIGHBOUR_MONTAGE = "nearest_neighbours.tif", PLOT = "feature_pca.tif",
		COLOURS = "feature_colours.tif";

	@Override public List<String> files() { return List.of(IMAGES, NEIGHBOURS, NEIGHBOUR_MONTAGE, PLOT, COLOURS); }

	@Override
	public void present(FeatureSpace space, Context context) {
		FeatureSpaceResults.Output result = FeatureSpaceResults.show(space, context.set(), context.model(), context.settings().integer(FeatureSpaceTool.QUERY),
			context.settings().integer(FeatureSpaceTool.K));
		Session session = context.session();
		session.save(result.images(), context.folder().resolve(IMAGES));
		session.save(result.neighbours(), context.folder().resolve(NEIGHBOURS));
		session.save(result.neighbourMontage(), context.folder().resolve(NEIGHBOUR_MONTAGE));
		session.save(result.plot().getImagePlus(), context.folder().resolve(PLOT));
		session.save(result.colourMontage(), context.folder().resolve(COLOURS));
	}
}
