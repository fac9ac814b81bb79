package ijxai.engine.method;

import ijxai.engine.FloatBatch;
import ijxai.engine.ImageSpace;
import ijxai.engine.XaiException;

/**
 * The images a {@link DatasetTool} works on, in model-input space.
 *
 * @param images one sample per image
 * @param labels the true class of every image, or null when the set is not labelled
 * @param space how model values map back to each image's values (ε and results are in image units)
 */
public record ImageSet(FloatBatch images, int[] labels, ImageSpace space) {

	public ImageSet {
		if (labels != null && labels.length != images.count()) throw new XaiException(labels.length + " labels for " + images.count() + " images");
	}

	/** The labels, or an error saying that {@code what} needs them. */
	public int[] requireLabels(String what) {
		if (labels == null) throw new XaiException(what + " needs the true class of every image");
		return labels;
	}
}
