package ijxai.engine.bioimage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ijxai.engine.XaiException;

/**
 * Reads a numpy .npy file from a package as float values, refusing anything but a plain
 * little-endian array: the magic and version, a header of at most 64 KiB holding exactly
 * {@code descr}, {@code fortran_order} and {@code shape}, a dtype among <f4 <f8 <i1..8 <u1..8
 * |u1 |i1 |b1, C order, sizes that fit the limits, and as many data bytes as the shape needs.
 */
public final class NpyReader {

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' };
	private static final int MAX_HEADER = 1 << 16;
	private static final Pattern HEADER = Pattern.compile(
		"\\{\\s*'descr'\\s*:\\s*'([^']*)'\\s*,\\s*'fortran_order'\\s*:\\s*(True|False)\\s*,\\s*'shape'\\s*:\\s*\\(([^)]*)\\)\\s*,?\\s*\\}\\s*");

	/** The array: its shape and its values as floats, in C order. */
	public record Array(int[] shape, float[] values) {}

	private NpyReader() {}

	public static Array read(Path file, long maxValues) {
		try (InputStream in = Files.newInputStream(file)) {
			byte[] start = in.readNBytes(10);
			if (start.length < 10) throw bad(file, "it is too short to be a .npy file");
			for (int i = 0; i < MAGIC.length; i++) if (start[i] != MAGIC[i]) throw bad(file, "it does not start like a .npy file");
			int major = start[6];
			if (major < 1 || major > 3) throw bad(file, "it has format version " + major + "." + start[7] + " (1 to 3 are read)");
			long headerLength;
			if (major == 1) {
				headerLength = (start[8] & 0xFF) | (start[9] & 0xFF) << 8;
			}
			else {
				byte[] more = in.readNBytes(2);
				if (more.length < 2) throw bad(file, "its header is cut off");
				headerLength = ByteBuffer.wrap(new byte[] { start[8], start[9], more[0], more[1] }).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
			}
			if (headerLength > MAX_HEADER) throw bad(file, "its header claims " + headerLength + " bytes (at most " + MAX_HEADER + ")");
			byte[] headerBytes = in.readNBytes((int) headerLength);
			if (headerBytes.length < headerLength) throw bad(file, "its header is cut off");
			String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
			Matcher matcher = HEADER.matcher(header);
			if (!matcher.matches()) throw bad(file, "its header is not a plain array header: " + abbreviate(header));
			String dtype = matcher.group(1);
			if (matcher.group(2).equals("True")) throw bad(file, "it is in Fortran order; save it in C order (numpy.ascontiguousarray)");
			int itemSize = itemSize(file, dtype);
			int[] shape = shape(file, matcher.group(3), maxValues);
			long count = 1;
			for (int size : shape) count *= size;
			long bytes = count * itemSize;
			if (bytes > Integer.MAX_VALUE - 8) throw bad(file, "its shape needs " + bytes + " bytes, more than can be read at once");
			byte[] data = in.readNBytes((int) bytes);
			if (data.length < bytes) throw bad(file, "it holds " + data.length + " data bytes, its shape needs " + bytes);
			if (in.read() >= 0) throw bad(file, "it holds more data than its shape needs");
			return new Array(shape, decode(dtype, ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN), (int) count));
		}
		catch (IOException e) {
			throw new XaiException(file + " cannot be read: " + e.getMessage(), e);
		}
	}

	private static int itemSize(Path file, String dtype) {
		switch (dtype) {
			case "<f4": case "<i4": case "<u4": return 4;
			case "<f8": case "<i8": case "<u8": return 8;
			case "<i2": case "<u2": return 2;
			case "|u1": case "|i1": case "|b1": case "<u1": case "<i1": return 1;
			default: throw bad(file, "its data type is '" + dtype + "'; little-endian floats, integers and booleans are read");
		}
	}

	private static int[] shape(Path file, String text, long maxValues) {
		List<Integer> sizes = new ArrayList<>();
		long count = 1;
		for (String part : text.split(",", -1)) {
			String size = part.strip();
			if (size.isEmpty()) continue;
			if (!size.matches("\\d{1,10}")) throw bad(file, "its shape (" + text + ") is not a list of sizes");
			long value = Long.parseLong(size);
			if (value < 1) throw bad(file, "its shape (" + text + ") has an empty axis");
			count *= value;
			if (count > maxValues) throw bad(file, "its shape (" + text + ") holds more than " + maxValues + " values");
			sizes.add((int) value);
		}
		if (sizes.isEmpty() || sizes.size() > 8) throw bad(file, "its shape (" + text + ") has " + sizes.size() + " axes (1 to 8 are read)");
		return sizes.stream().mapToInt(Integer::intValue).toArray();
	}

	private static float[] decode(String dtype, ByteBuffer bytes, int count) {
		float[] values = new float[count];
		for (int i = 0; i < count; i++) {
			switch (dtype) {
				case "<f4": values[i] = bytes.getFloat(); break;
				case "<f8": values[i] = (float) bytes.getDouble(); break;
				case "<i8": values[i] = bytes.getLong(); break;
				case "<u8": values[i] = unsigned64(bytes.getLong()); break;
				case "<i4": values[i] = bytes.getInt(); break;
				case "<u4": values[i] = bytes.getInt() & 0xFFFFFFFFL; break;
				case "<i2": values[i] = bytes.getShort(); break;
				case "<u2": values[i] = bytes.getShort() & 0xFFFF; break;
				case "|i1": case "<i1": values[i] = bytes.get(); break;
				case "|b1": values[i] = bytes.get() != 0 ? 1 : 0; break;
				default: values[i] = bytes.get() & 0xFF;
			}
		}
		return values;
	}

	private static float unsigned64(long value) {
		return value >= 0 ? value : (float) ((value >>> 1) * 2.0 + (value & 1));
	}

	private static String abbreviate(String text) {
		String oneLine = text.strip().replaceAll("[^\\x20-\\x7E]", "?");
		return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 120) + "...";
	}

	private static XaiException bad(Path file, String why) {
		return new XaiException(file + " is not a readable .npy array: " + why);
	}
}
