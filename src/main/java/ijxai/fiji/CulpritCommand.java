package ijxai.fiji;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import ijxai.engine.Normalization;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.model.ModelOptions;
import ijxai.image.CulpritResults;
import ijxai.image.ExplainImage;
import ijxai.isolation.IsolatedEngine;

/**
 * Plugins › Explainable AI › Adversarial › Culprit layers: per layer, the cosine similarity of an
 * adversarial image's activations to the clean image's and to the mean over a folder of the
 * class the attack aims at, as a table and a Plot over the layers.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Adversarial>Culprit layers", headless = true)
public class CulpritCommand extends ContextCommand {

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private UIService ui;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(label = "Image", description = "the clean image")
	private ImagePlus image;

	@Parameter(label = "Adversarial image", description = "its adversarial version (e.g. an attack's adversarial image), or any second image of the same size")
	private ImagePlus adversarial;

	@Parameter(label = ModelParameter.LABEL, style = "directory", persistKey = ModelParameter.PERSIST_KEY, description = ModelParameter.DESCRIPTION)
	private File model;

	@Parameter(label = "Class folder", style = "directory", required = false,
		description = "a folder of images of the class the attack aims at: the adversarial activations are compared with their mean per layer; empty: none")
	private File classFolder;

	@Parameter(label = "Normalization", choices = { "0-1", "none", "percentile", "mean-std" },
		description = "how pixel values become model input; use what the model was trained with")
	private String normalize = "0-1";

	/** Not remembered: trusting one model must not silently trust the next. */
	@Parameter(label = ModelParameter.TRUST_LABEL, persist = false, description = ModelParameter.TRUST_DESCRIPTION)
	private boolean trustModel;

	@Parameter(type = ItemIO.OUTPUT, label = "Culprit layers", description = "per layer the cosines, and whether it flipped towards the class")
	private ResultsTable culprit;

	@Parameter(type = ItemIO.OUTPUT, label = "Culprit plot", description = "the cosines over the layers")
	private ImagePlus plot;

	@Override
	public void run() {
		if (IsolatedEngine.rerunCommand(this)) return;
		Failures.run(this, ui, log, "Culprit layers", () -> {
			ExplainImage.Settings settings = new ExplainImage.Settings(model.toPath(), ModelOptions.DEFAULTS.withTrusted(trustModel), Normalization.parse(normalize), false, 0);
			CulpritResults.Found found = CulpritResults.run(settings, image, adversarial, classFolder == null ? null : classFolder.toPath(),
				ExplainOptions.DEFAULT_BATCH_SIZE, new FijiProgress(status, this::isCanceled));
			culprit = CulpritResults.table(found);
			plot = CulpritResults.plot(found).getImagePlus();
		});
	}
}
