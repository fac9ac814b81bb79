package ijxai.fiji;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import ijxai.engine.FeatureSpace;
import ijxai.engine.LoadedModel;
import ijxai.engine.ModelCache;
import ijxai.engine.ModelOptions;
import ijxai.engine.Normalization;
import ijxai.image.FeatureSpaceRun;
import ijxai.image.SweepRun;

/** Plugins › Explainable AI › Feature visualization › Feature space, for the slices of a stack. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Feature visualization>Feature space", headless = true)
public class FeatureSpaceCommand extends ModelCommand {

	@Parameter(label = "Stack of images")
	private ImagePlus image;

	@Parameter(label = "Model folder", style = "directory", persist = true)
	private File model;

	@Parameter(label = "Normalization", choices = { "0-1", "none", "percentile", "mean-std" })
	private String normalize = "0-1";

	@Parameter(label = "Layer", required = false, description = "Keras layer name; empty: the penultimate layer")
	private String layer = "";

	@Parameter(label = "Query slice", min = "1")
	private int query = 1;

	@Parameter(label = "Neighbours", min = "1")
	private int k = 5;

	@Parameter(type = ItemIO.OUTPUT)
	private ResultsTable features;

	@Parameter(type = ItemIO.OUTPUT)
	private ResultsTable neighbours;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus neighbourMontage;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus pca;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus colours;

	@Override
	protected void compute() {
		try (ModelCache.Lease lease = ModelCache.SHARED.lease(model.toPath(), ModelOptions.DEFAULTS)) {
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
