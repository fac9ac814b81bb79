package ijxai.engine.model;

import java.util.HashMap;
import java.util.Map;

import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * Where a model's TensorFlow session runs and with how many threads: the device asked for when
 * TensorFlow can use it, else the CPU with the reason.
 *
 * @param device the device used: cpu or gpu:N
 * @param threads TensorFlow's intra-op and inter-op threads
 * @param fallback why the GPU asked for is not used, or null
 */
public record Placement(Device device, int threads, String fallback) {

	/** Why each GPU index cannot be used ("" when it can), found once per process. */
	private static final Map<Integer, String> GPU_PROBLEMS = new HashMap<>();

	/**
	 * The placement of the options: threads = the option, or the cores Java sees (which respects
	 * container limits, unlike TensorFlow's own default); auto takes GPU 0 when it works.
	 */
	public static Placement of(ModelOptions options) {
		int threads = options.threads() > 0 ? options.threads() : Runtime.getRuntime().availableProcessors();
		Device asked = options.device();
		if (asked.isCpu()) return new Placement(Device.CPU, threads, null);
		int index = asked.isAuto() ? 0 : asked.gpu();
		String problem = gpuProblem(index);
		if (problem.isEmpty()) return new Placement(Device.gpu(index), threads, null);
		return new Placement(Device.CPU, threads, asked.isAuto() ? null : asked + " was asked for, but " + problem + "; running on the CPU");
	}

	/** The session configuration: the device, the threads, GPU memory taken as needed (not all at once). */
	ConfigProto config() {
		ConfigProto.Builder config = ConfigProto.newBuilder().setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(threads)
			.setAllowSoftPlacement(true);
		if (device.isCpu()) return config.putDeviceCount("GPU", 0).build();
		return config.setGpuOptions(gpuOptions(device.gpu())).build();
	}

	/** One line for the log, e.g. "TensorFlow runs on cpu with 2 threads". */
	public String describe() {
		return (fallback == null ? "" : fallback + ". ") + "TensorFlow runs on " + device + " with " + threads + " thread" + (threads == 1 ? "" : "s");
	}

	private static GPUOptions gpuOptions(int index) {
		return GPUOptions.newBuilder().setVisibleDeviceList(Integer.toString(index)).setAllowGrowth(true).build();
	}

	/** "" when TensorFlow runs an op on GPU {@code index}, else why not: a constant pinned there, without soft placement. */
	private static synchronized String gpuProblem(int index) {
		return GPU_PROBLEMS.computeIfAbsent(index, i -> {
			ConfigProto strict = ConfigProto.newBuilder().setAllowSoftPlacement(false).setGpuOptions(gpuOptions(i)).build();
			try (Graph graph = new Graph()) {
				// the visible device list renumbers GPU i as GPU 0
				Ops.create(graph).withDevice(DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(0).build())
					.withName("ijxai_gpu_probe").constant(1f);
				try (Session session = new Session(graph, strict); Result result = session.runner().fetch("ijxai_gpu_probe").run()) {
					return "";
				}
			}
			catch (RuntimeException e) {
				return "TensorFlow has no GPU " + i + " (this build has no CUDA support, or no CUDA 12 / cuDNN 9 GPU is visible: "
					+ TensorFlowErrors.firstLine(e.getMessage()).strip() + ")";
			}
		});
	}
}
