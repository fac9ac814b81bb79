package ijxai.engine;

/**
 * How to read a SavedModel: which signature (null: {@code serving_default}, or the one signature
 * with a single float image input) and which output (null: the signature's output; otherwise a
 * signature output key, a tensor of the flattened graph, or a Keras layer name).
 */
public record ModelOptions(String signature, String output) {

	/** The MetaGraph tag of serving exports. */
	public static final String TAG = "serve";

	public static final ModelOptions DEFAULTS = new ModelOptions(null, null);

	public ModelOptions {
		signature = blankToNull(signature);
		output = blankToNull(output);
	}

	private static String blankToNull(String text) {
		return text == null || text.isBlank() ? null : text.trim();
	}
}
