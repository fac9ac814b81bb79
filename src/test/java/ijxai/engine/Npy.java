package ijxai.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the little-endian float32/int32 .npy files that models/make_models.py writes. */
public final class Npy {

	public final long[] shape;
	public final float[] values;

	private Npy(long[] shape, float[] values) {
		this.shape = shape;
		this.values = values;
	}

	public static Npy read(Path file) throws IOException {
		ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
		bytes.position(8);
		int headerLength = bytes.getShort() & 0xffff;
		byte[] headerBytes = new byte[headerLength];
		bytes.get(headerBytes);
		String header = new String(headerBytes);
		Matcher descr = Pattern.compile("'descr': '([^']+)'").matcher(header);
		Matcher shapeMatch = Pattern.compile("'shape': \\(([^)]*)\\)").matcher(header);
		if (!descr.find() || !shapeMatch.find() || header.contains("'fortran_order': True")) throw new IOException("unsupported npy header in " + file + ": " + header);
		String[] dims = shapeMatch.group(1).split(",");
		long[] shape = java.util.Arrays.stream(dims).map(String::trim).filter(d -> !d.isEmpty()).mapToLong(Long::parseLong).toArray();
		int count = (int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
		float[] values = new float[count];
		for (int i = 0; i < count; i++) {
			switch (descr.group(1)) {
				case "<f4": values[i] = bytes.getFloat(); break;
				case "<i4": values[i] = bytes.getInt(); break;
				case "|u1": values[i] = bytes.get() & 0xff; break;
				default: throw new IOException("unsupported dtype " + descr.group(1) + " in " + file);
			}
		}
		return new Npy(shape, values);
	}

	/** As a batch: [N,H,W,C], [N,H,W] (one channel) or [N,S] (one row of S values). */
	public FloatBatch asBatch() {
		switch (shape.length) {
			case 4: return new FloatBatch((int) shape[0], (int) shape[1], (int) shape[2], (int) shape[3], values.clone());
			case 3: return new FloatBatch((int) shape[0], (int) shape[1], (int) shape[2], 1, values.clone());
			case 2: return new FloatBatch((int) shape[0], 1, (int) shape[1], 1, values.clone());
			default: throw new IllegalStateException("rank " + shape.length);
		}
	}
}
