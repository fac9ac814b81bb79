package ijxai.fiji;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;

import ij.measure.ResultsTable;
import ijxai.engine.model.Device;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.ModelOptions;
import ijxai.image.ModelReport;
import ijxai.image.ModelSource;
import ijxai.isolation.IsolatedEngine;

/**
 * Plugins › Explainable AI › Model › Model info: what a model takes and gives, its layers and
 * classes. Not a method, so a command of its own; its model options are worded as
 * {@link ijxai.engine.method.CommonOptions} declares them (annotations take only constants; a test
 * compares them).
 */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Model>Model info", headless = true)
public class ModelInfoCommand extends ContextCommand {

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private UIService ui;

	@Parameter(label = ModelParameter.LABEL, style = "directory", persistKey = ModelParameter.PERSIST_KEY, description = ModelParameter.DESCRIPTION)
	private File model;

	@Parameter(label = "Signature", required = false, description = "the SavedModel's serving signature; empty: serving_default, or the one taking a float image")
	private String signature = "";

	@Parameter(label = "Output, tensor or layer", required = false,
		description = "explain another output of the signature, a layer or a tensor; empty: the signature's output")
	private String output = "";

	/** Not remembered: trusting one model must not silently trust the next. */
	@Parameter(label = ModelParameter.TRUST_LABEL, persist = false, description = ModelParameter.TRUST_DESCRIPTION)
	private boolean trustModel;

	@Parameter(label = "Device", required = false, description = "where TensorFlow computes: auto (a GPU if this build and the machine have one), cpu, or gpu:0, gpu:1...")
	private String device = "auto";

	@Parameter(label = "TensorFlow threads (0: one per core)", min = "0", max = "4096", description = "how many processor cores TensorFlow may use; 0: all")
	private int threads;

	@Parameter(type = ItemIO.OUTPUT, label = "Layers", description = "the input, one row per layer and the output: name, op, output shape, "
		+ "whether it is spatial, and the layer Grad-CAM and feature maps take by default")
	private ResultsTable layers;

	@Parameter(type = ItemIO.OUTPUT, label = "Classes", description = "the class names by index, as targets take them")
	private ResultsTable classes;

	@Parameter(type = ItemIO.OUTPUT, label = "Model summary", description = "input, output, classes and what loading noticed")
	private String summary;

	@Override
	public void run() {
		if (IsolatedEngine.rerunCommand(this)) return;
		Failures.run(this, ui, log, "Model info", this::report);
	}

	private void report() {
		ModelOptions options = new ModelOptions(signature, output).withTrusted(trustModel).withDevice(Device.parse(device)).withThreads(threads);
		try (ModelSource.Lease lease = ModelSource.lease(ModelCache.SHARED, model.toPath(), options)) {
			ModelInfo info = lease.model().info();
			layers = ModelReport.layers(info);
			classes = ModelReport.classes(info);
			// a bioimage.io package's name, authors, licence and citation first
			summary = lease.pack().map(pack -> String.join("\n", pack.describe()) + "\n").orElse("") + ModelReport.summary(info);
		}
	}
}
