package ijxai.engine.model;

import ijxai.engine.XaiException;

/**
 * How to read a SavedModel: which signature (null: {@code serving_default}, or the one signature
 * with a single float image input), which output (null: the signature's output; otherwise a
 * signature output key, a tensor of the flattened graph, or a Keras layer name), and whether the
 * user trusts the model to run ops outside the allowlist of pure compute ops ({@link OpAllowlist});
 * and how to run it: on which device, with how many TensorFlow threads (0: as many as the cores
 * Java sees).
 */
public record ModelOptions(String signature, String output, boolean trusted, Device device, int threads) {

	/** The MetaGraph tag of serving exports. */
	public static final String TAG = "serve";

	public static final ModelOptions DEFAULTS = new ModelOptions(null, null);

	public ModelOptions {
		signature = blankToNull(signature);
		output = blankToNull(output);
		if (device == null) device = Device.AUTO;
		if (threads < 0) throw new XaiException("threads must be 0 (one per core) or more, not " + threads);
	}

	/** An untrusted model, on the device found automatically, one thread per core. */
	public ModelOptions(String signature, String output) {
		this(signature, output, false);
	}

	public ModelOptions(String signature, String output, boolean trusted) {
		this(signature, output, trusted, Device.AUTO, 0);
	}

	public ModelOptions withTrusted(boolean newTrusted) {
		return new ModelOptions(signature, output, newTrusted, device, threads);
	}

	public ModelOptions withDevice(Device newDevice) {
		return new ModelOptions(signature, output, trusted, newDevice, threads);
	}

	public ModelOptions withThreads(int newThreads) {
		return new ModelOptions(signature, output, trusted, device, newThreads);
	}

	private static String blankToNull(String text) {
		return text == null || text.isBlank() ? null : text.trim();
	}
}
