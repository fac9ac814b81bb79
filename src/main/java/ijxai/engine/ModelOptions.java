package ijxai.engine;

/**
 * How to read a SavedModel: which signature (null: {@code serving_default}, or the one signature
 * with a single float image input), which output (null: the signature's output; otherwise a
 * signature output key, a tensor of the flattened graph, or a Keras layer name), and whether the
 * user trusts the model to run ops outside the allowlist of pure compute ops ({@link OpAllowlist}).
 */
public record ModelOptions(String signature, String output, boolean trusted) {

	/** The MetaGraph tag of serving exports. */
	public static final String TAG = "serve";

	public static final ModelOptions DEFAULTS = new ModelOptions(null, null);

	public ModelOptions {
		signature = blankToNull(signature);
		output = blankToNull(output);
	}

	/** An untrusted model: only pure compute ops run. */
	public ModelOptions(String signature, String output) {
		this(signature, output, false);
	}

	public ModelOptions withTrusted(boolean trusted) {
		return new ModelOptions(signature, output, trusted);
	}

	private static String blankToNull(String text) {
		return text == null || text.isBlank() ? null : text.trim();
	}
}
