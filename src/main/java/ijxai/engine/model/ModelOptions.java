package ijxai.engine.model;

import java.util.List;

import ijxai.engine.XaiException;

/**
 * How to read a SavedModel: which signature (null: {@code serving_default}, or the one signature
 * with a single float image input), which output (null: the signature's output; otherwise a
 * signature output key, a tensor of the flattened graph, or a Keras layer name), and whether the
 * user trusts the model to run ops outside the allowlist of pure compute ops ({@link OpAllowlist});
 * and how to run it: on which device, with how many TensorFlow threads (0: as many as the cores
 * Java sees); and the class (or channel) names a model package gives (null: the model's own or
 * labels.txt).
 */
public record ModelOptions(String signature, String output, boolean trusted, Device device, int threads, List<String> packageClassNames) {

	/** The MetaGraph tag of serving exports. */
	public static final String TAG = "serve";

	public static final ModelOptions DEFAULTS = new ModelOptions(null, null);

	public ModelOptions {
		signature = blankToNull(signature);
		output = blankToNull(output);
		if (device == null) device = Device.AUTO;
		if (threads < 0) throw new XaiException("threads must be 0 (one per core) or more, not " + threads);
		packageClassNames = packageClassNames == null || packageClassNames.isEmpty() ? null : List.copyOf(packageClassNames);
	}

	public ModelOptions(String signature, String output, boolean trusted, Device device, int threads) {
		this(signature, output, trusted, device, threads, null);
	}

	/** An untrusted model, on the device found automatically, one thread per core. */
	public ModelOptions(String signature, String output) {
		this(signature, output, false);
	}

	public ModelOptions(String signature, String output, boolean trusted) {
		this(signature, output, trusted, Device.AUTO, 0);
	}

	public ModelOptions withTrusted(boolean newTrusted) {
		return new ModelOptions(signature, output, newTrusted, device, threads, packageClassNames);
	}

	public ModelOptions withDevice(Device newDevice) {
		return new ModelOptions(signature, output, trusted, newDevice, threads, packageClassNames);
	}

	public ModelOptions withThreads(int newThreads) {
		return new ModelOptions(signature, output, trusted, device, newThreads, packageClassNames);
	}

	/** These options with the class names of the package the model comes from. */
	public ModelOptions withPackageClassNames(List<String> names) {
		return new ModelOptions(signature, output, trusted, device, threads, names);
	}

	private static String blankToNull(String text) {
		return text == null || text.isBlank() ? null : text.trim();
	}
}
