package ijxai.engine.model;

import java.util.Locale;

import ijxai.engine.XaiException;

/**
 * Where TensorFlow runs a model: {@code auto} (the first GPU when this build and the machine have
 * one, else the CPU), {@code cpu}, or {@code gpu:N}.
 *
 * @param gpu the GPU's index; -1 for the CPU, {@link #ANY_GPU} for auto
 */
public record Device(int gpu) {

	static final int ANY_GPU = -2;

	public static final Device AUTO = new Device(ANY_GPU), CPU = new Device(-1);

	public Device {
		if (gpu < ANY_GPU) throw new XaiException("no GPU has index " + gpu);
	}

	public static Device gpu(int index) {
		return new Device(index);
	}

	/** auto, cpu, gpu (the first) or gpu:N; blank means auto. */
	public static Device parse(String text) {
		String name = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
		if (name.isEmpty() || name.equals("auto")) return AUTO;
		if (name.equals("cpu")) return CPU;
		if (name.equals("gpu")) return gpu(0);
		if (name.startsWith("gpu:")) {
			try {
				int index = Integer.parseInt(name.substring(4));
				if (index >= 0) return gpu(index);
			}
			catch (NumberFormatException e) {
				// falls through to the message
			}
		}
		throw new XaiException("device '" + text + "' is not one of auto, cpu, gpu:N (N = 0, 1, ...)");
	}

	public boolean isAuto() {
		return gpu == ANY_GPU;
	}

	public boolean isCpu() {
		return gpu == -1;
	}

	@Override
	public String toString() {
		return isAuto() ? "auto" : isCpu() ? "cpu" : "gpu:" + gpu;
	}
}
