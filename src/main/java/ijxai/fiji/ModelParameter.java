package ijxai.fiji;

/** The model parameter every ij-xai command shares, and the trust field of the hand-written ones. */
final class ModelParameter {

	static final String LABEL = "Model folder";
	static final String DESCRIPTION = "the folder of a TensorFlow SavedModel (with saved_model.pb; a labels.txt names the classes), or a bioimage.io model package (a .zip, typed or dropped). "
		+ "Remembered across all Explainable AI commands";
	/** The trust field of the hand-written commands, worded as CommonOptions.TRUST_MODEL (annotations take only constants; a test compares them). */
	static final String TRUST_LABEL = "Trust this model (allow ops beyond pure computation)";
	static final String TRUST_DESCRIPTION = "tick only for a model from a source you trust: models that would read or write files, run Python or use tf.data are "
		+ "refused unless trusted; recorded in the model's notes and the results. Not remembered";
	/** One key for every command, so that the model chosen in one is the default in all. */
	static final String PERSIST_KEY = "ijxai.model";

	private ModelParameter() {}
}
