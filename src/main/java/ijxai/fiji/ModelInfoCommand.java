package ijxai.fiji;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.measure.ResultsTable;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.ModelOptions;
import ijxai.image.ModelReport;

/** Plugins › Explainable AI › Model › Model info: what a model takes and gives, its layers and classes. */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Model>Model info", headless = true)
public class ModelInfoCommand extends ModelCommand {

	@Parameter(label = ModelParameter.LABEL, style = "directory", persistKey = ModelParameter.PERSIST_KEY, description = ModelParameter.DESCRIPTION)
	private File model;

	@Parameter(label = "Signature", required = false, description = ExplainCommand.SIGNATURE_DESCRIPTION)
	private String signature = "";

	@Parameter(label = "Output, tensor or layer", required = false, description = ExplainCommand.OUTPUT_DESCRIPTION)
	private String output = "";

	@Parameter(type = ItemIO.OUTPUT, label = "Layers", description = "the input, one row per layer and the output: name, op, output shape, "
		+ "whether it is spatial, and the layer Grad-CAM and feature maps take by default")
	private ResultsTable layers;

	@Parameter(type = ItemIO.OUTPUT, label = "Classes", description = "the class names by index, as targets take them")
	private ResultsTable classes;

	@Parameter(type = ItemIO.OUTPUT, label = "Model summary", description = "input, output, classes and what loading noticed")
	private String summary;

	@Override
	protected ModelOptions modelOptions() {
		return new ModelOptions(signature, output, super.modelOptions().trusted());
	}

	@Override
	protected void compute() {
		try (ModelCache.Lease lease = ModelCache.SHARED.lease(model.toPath(), modelOptions())) {
			ModelInfo info = lease.model().info();
			layers = ModelReport.layers(info);
			classes = ModelReport.classes(info);
			summary = ModelReport.summary(info);
		}
	}
}
