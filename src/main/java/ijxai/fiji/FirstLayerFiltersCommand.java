package ijxai.fiji;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ijxai.engine.features.FirstLayerKernels;
import ijxai.engine.model.ModelCache;
import ijxai.image.Montage;

/** Plugins › Explainable AI › Feature visualization › First-layer filters. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Feature visualization>First-layer filters", headless = true)
public class FirstLayerFiltersCommand extends ModelCommand {

	@Parameter(label = ModelParameter.LABEL, style = "directory", persistKey = ModelParameter.PERSIST_KEY, description = ModelParameter.DESCRIPTION)
	private File model;

	@Parameter(type = ItemIO.OUTPUT, label = "Filters", description = "the first convolution's kernels, one tile per filter and input channel")
	private ImagePlus filters;

	@Override
	protected void compute() {
		try (ModelCache.Lease lease = ModelCache.SHARED.lease(model.toPath(), modelOptions())) {
			filters = Montage.filters(FirstLayerKernels.of(lease.model()), "First-layer filters");
		}
	}
}
