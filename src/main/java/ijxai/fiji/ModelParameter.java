package ijxai.fiji;

/** The model parameter every ij-xai command shares. */
final class ModelParameter {

	static final String LABEL = "Model folder";
	static final String DESCRIPTION = "the folder of a TensorFlow SavedModel (with saved_model.pb; a labels.txt names the classes), or a bioimage.io model package (a .zip, typed or dropped). "
		+ "Remembered across all Explainable AI commands";
	/** One key for every command, so that the model chosen in one is the default in all. */
	static final String PERSIST_KEY = "ijxai.model";

	private ModelParameter() {}
}
