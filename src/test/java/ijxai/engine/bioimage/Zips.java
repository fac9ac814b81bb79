package ijxai.engine.bioimage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds zip archives in memory for tests, hostile ones included. */
final class Zips {

	private static final long FIXED_TIME = 1_262_304_000_000L;

	private Zips() {}

	/** A zip of these entries (name to content), deflated. */
	static byte[] of(Map<String, byte[]> entries) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
				ZipEntry zipEntry = new ZipEntry(entry.getKey());
				// a fixed time: the same entries make the same bytes, so fuzz runs repeat
				zipEntry.setTime(FIXED_TIME);
				zip.putNextEntry(zipEntry);
				zip.write(entry.getValue());
				zip.closeEntry();
			}
		}
		catch (IOException e) {
			throw new AssertionError(e);
		}
		return bytes.toByteArray();
	}

	static byte[] of(String name, byte[] content) {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put(name, content);
		return of(entries);
	}

	/** The same archive with central directory entry {@code index} marked as a Unix symbolic link. */
	static byte[] asSymlink(byte[] zip, int index) {
		byte[] patched = zip.clone();
		ByteBuffer buffer = ByteBuffer.wrap(patched).order(ByteOrder.LITTLE_ENDIAN);
		int seen = 0;
		for (int at = 0; at + 46 <= patched.length; at++) {
			if (buffer.getInt(at) != 0x02014b50) continue;
			if (seen++ == index) {
				buffer.putShort(at + 4, (short) (3 << 8 | 20));
				buffer.putInt(at + 38, 0120777 << 16);
				return patched;
			}
		}
		throw new AssertionError("no entry " + index);
	}
}
