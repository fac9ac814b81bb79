package ijxai.fiji;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import ijxai.engine.Normalization;
import ijxai.engine.features.FeatureSpace;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelCache;
import ijxai.image.FeatureSpaceRun;
import ijxai.image.SweepRun;

/** Plugins › Explainable AI › Feature visualization › Feature space, for the slices of a stack. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Feature visualization>Feature space", headless = true)
public class FeatureSpaceCommand extends ModelCommand {

	@Parameter(label = "Stack of images", description = "one image per slice; their features are compared with each other. It is never changed")
	private ImagePlus image;

	@Parameter(label = ModelParameter.LABEL, style = "directory", persistKey = ModelParameter.PERSIST_KEY, description = ModelParameter.DESCRIPTION)
	private File model;

	@Parameter(label = "Normalization", choices = { "0-1", "none", "percentile", "mean-std" }, description = ExplainCommand.NORMALIZATION_DESCRIPTION)
	private String normalize = "0-1";

	@Parameter(style = ModelListWidget.LAYERS, label = "Layer", required = false, persist = false,
		description = "the layer whose output is each image's feature vector; empty: the layer before the output")
	private String layer = "";

	@Parameter(label = "Query slice", min = "1", description = "the slice (from 1) whose nearest neighbours are listed")
	private int query = 1;

	@Parameter(label = "Neighbours", min = "1", description = "how many nearest slices to list, by the distance between their features")
	private int k = 5;

	@Parameter(type = ItemIO.OUTPUT, label = "Features", description = "per slice: its predicted class and its first principal components")
	private ResultsTable features;

	@Parameter(type = ItemIO.OUTPUT, label = "Neighbours", description = "the query slice's nearest slices and their distances")
	private ResultsTable neighbours;

	@Parameter(type = ItemIO.OUTPUT, label = "Neighbour montage", description = "the query slice and its nearest slices side by side")
	private ImagePlus neighbourMontage;

	@Parameter(type = ItemIO.OUTPUT, label = "PCA plot", description = "the slices on the first two principal components, coloured by predicted class")
	private ImagePlus pca;

	@Parameter(type = ItemIO.OUTPUT, label = "Slices by colour", description = "the slices framed in their class colour of the plot")
	private ImagePlus colours;

	@Override
	protected void compute() {
		try (ModelCache.Lease lease = ModelCache.SHARED.lease(model.toPath(), modelOptions())) {
			LoadedModel loaded = lease.model();
			SweepRun.LabelledSet set = SweepRun.unlabelled(image, loaded.info(), Normalization.parse(normalize));
			FeatureSpace space = FeatureSpace.of(loaded, set.images(), layer == null ? "" : layer, 32, progress());
			FeatureSpaceRun.Output result = FeatureSpaceRun.show(space, set, loaded.info(), query, k);
			features = result.images();
			neighbours = result.neighbours();
			neighbourMontage = result.neighbourMontage();
			pca = result.plot().getImagePlus();
			colours = result.colourMontage();
		}
	}
}
