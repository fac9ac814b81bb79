package ijxai.fiji;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import ijxai.engine.method.ExplainOptions;
import ijxai.image.CulpritResults;

/**
 * Plugins › Explainable AI › Adversarial › Culprit layers: per layer, the cosine similarity of an
 * adversarial image's activations to the clean image's and to the mean over a folder of the
 * class the attack aims at, as a table and a Plot over the layers.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Adversarial>Culprit layers", headless = true)
public class CulpritCommand extends ImageCommand {

	@Parameter(label = "Image", description = "the clean image")
	private ImagePlus image;

	@Parameter(label = "Adversarial image", description = "its adversarial version (e.g. an attack's adversarial image), or any second image of the same size")
	private ImagePlus adversarial;

	@Parameter(label = ModelParameter.LABEL, style = "directory", persistKey = ModelParameter.PERSIST_KEY, description = ModelParameter.DESCRIPTION)
	private File model;

	@Parameter(label = "Class folder", style = "directory", required = false,
		description = "a folder of images of the class the attack aims at: the adversarial activations are compared with their mean per layer; empty: none")
	private File classFolder;

	@Parameter(type = ItemIO.OUTPUT, label = "Culprit layers", description = "per layer the cosines, and whether it flipped towards the class")
	private ResultsTable culprit;

	@Parameter(type = ItemIO.OUTPUT, label = "Culprit plot", description = "the cosines over the layers")
	private ImagePlus plot;

	@Override
	String title() {
		return "Culprit layers";
	}

	@Override
	void work() {
		CulpritResults.Found found = CulpritResults.run(settings(model.toPath()), image, adversarial, classFolder == null ? null : classFolder.toPath(),
			ExplainOptions.DEFAULT_BATCH_SIZE, progress());
		culprit = CulpritResults.table(found);
		plot = CulpritResults.plot(found).getImagePlus();
	}
}
