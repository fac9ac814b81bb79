package ijxai.fiji;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ijxai.engine.FirstLayerKernels;
import ijxai.engine.ModelCache;
import ijxai.engine.ModelOptions;
import ijxai.image.Montage;

/** Plugins › Explainable AI › Feature visualization › First-layer filters. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Feature visualization>First-layer filters", headless = true)
public class FirstLayerFiltersCommand extends ModelCommand {

	@Parameter(label = "Model folder", style = "directory", persist = true)
	private File model;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus filters;

	@Override
	protected void compute() {
		try (ModelCache.Lease lease = ModelCache.SHARED.lease(model.toPath(), ModelOptions.DEFAULTS)) {
			filters = Montage.filters(FirstLayerKernels.of(lease.model()), "First-layer filters");
		}
	}
}
