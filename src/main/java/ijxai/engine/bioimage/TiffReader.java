package ijxai.engine.bioimage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import ijxai.engine.XaiException;

/**
 * Reads the uncompressed TIFF test images of CSBDeep packages (as tifffile and ImageJ write
 * them) as floats: every page of the same size, one or more samples per pixel (interleaved or
 * planar), 8/16/32-bit integers or 32/64-bit floats, in strips. Anything else is refused with a
 * message; sizes are checked against the file and the limits before anything is allocated.
 */
public final class TiffReader {

	private static final int WIDTH = 256, HEIGHT = 257, BITS = 258, COMPRESSION = 259, STRIP_OFFSETS = 273, SAMPLES = 277,
		STRIP_BYTES = 279, PLANAR = 284, SAMPLE_FORMAT = 339;
	private static final int MAX_PAGES = 1 << 16;

	/** The pixels of every page, shaped [pages, height, width, samples], in C order. */
	public record Stack(int pages, int height, int width, int samples, float[] values) {}

	private TiffReader() {}

	public static Stack read(Path file, long maxValues) {
		byte[] bytes;
		try {
			if (Files.size(file) > Integer.MAX_VALUE - 8) throw bad(file, "it is too large");
			bytes = Files.readAllBytes(file);
		}
		catch (IOException e) {
			throw new XaiException(file + " cannot be read: " + e.getMessage(), e);
		}
		try {
			return decode(file, bytes, maxValues);
		}
		catch (IndexOutOfBoundsException | IllegalArgumentException e) {
			throw bad(file, "it is damaged (" + e.getMessage() + ")");
		}
	}

	private static Stack decode(Path file, byte[] bytes, long maxValues) {
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		if (bytes.length < 8) throw bad(file, "it is too short");
		if (bytes[0] == 'I' && bytes[1] == 'I') buffer.order(ByteOrder.LITTLE_ENDIAN);
		else if (bytes[0] == 'M' && bytes[1] == 'M') buffer.order(ByteOrder.BIG_ENDIAN);
		else throw bad(file, "it does not start like a TIFF file");
		if (buffer.getShort(2) != 42) throw bad(file, buffer.getShort(2) == 43 ? "it is a BigTIFF" : "it is not a classic TIFF");
		long ifd = buffer.getInt(4) & 0xFFFFFFFFL;
		int pages = 0, height = 0, width = 0, samples = 0;
		float[] values = null;
		while (ifd != 0) {
			if (++pages > MAX_PAGES) throw bad(file, "it has more than " + MAX_PAGES + " pages");
			Page page = Page.read(file, buffer, (int) ifd);
			if (pages == 1) {
				height = page.height;
				width = page.width;
				samples = page.samples;
			}
			else if (page.height != height || page.width != width || page.samples != samples) {
				throw bad(file, "its pages differ in size");
			}
			long pageValues = (long) height * width * samples;
			if (pageValues * pages > maxValues) throw bad(file, "it holds more than " + maxValues + " values");
			float[] grown = new float[(int) (pageValues * pages)];
			if (values != null) System.arraycopy(values, 0, grown, 0, values.length);
			page.decode(file, buffer, grown, (int) (pageValues * (pages - 1)));
			values = grown;
			ifd = page.next;
		}
		return new Stack(pages, height, width, samples, values);
	}

	/** One image file directory. */
	private static final class Page {
		int width, height, bits = 1, samples = 1, planar = 1, format = 1, compression = 1;
		long[] offsets, counts;
		long next;

		static Page read(Path file, ByteBuffer buffer, int at) {
			Page page = new Page();
			int entries = buffer.getShort(at) & 0xFFFF;
			for (int e = 0; e < entries; e++) {
				int entry = at + 2 + 12 * e;
				int tag = buffer.getShort(entry) & 0xFFFF, type = buffer.getShort(entry + 2) & 0xFFFF;
				long count = buffer.getInt(entry + 4) & 0xFFFFFFFFL;
				switch (tag) {
					case WIDTH: page.width = (int) value(buffer, entry, type, count); break;
					case HEIGHT: page.height = (int) value(buffer, entry, type, count); break;
					case BITS: page.bits = (int) value(buffer, entry, type, count); break;
					case COMPRESSION: page.compression = (int) value(buffer, entry, type, count); break;
					case SAMPLES: page.samples = (int) value(buffer, entry, type, count); break;
					case PLANAR: page.planar = (int) value(buffer, entry, type, count); break;
					case SAMPLE_FORMAT: page.format = (int) value(buffer, entry, type, count); break;
					case STRIP_OFFSETS: page.offsets = values(file, buffer, entry, type, count); break;
					case STRIP_BYTES: page.counts = values(file, buffer, entry, type, count); break;
					default: break;
				}
			}
			page.next = buffer.getInt(at + 2 + 12 * entries) & 0xFFFFFFFFL;
			if (page.compression != 1) throw bad(file, "it is compressed (compression " + page.compression + "); save it uncompressed");
			if (page.width < 1 || page.height < 1 || page.samples < 1 || page.samples > 64) throw bad(file, "a page is " + page.width + "x" + page.height + " with " + page.samples + " samples");
			if (page.offsets == null || page.counts == null || page.offsets.length != page.counts.length) throw bad(file, "a page has no strips (tiled TIFFs are not read)");
			if (!(page.format == 3 && (page.bits == 32 || page.bits == 64) || page.format != 3 && (page.bits == 8 || page.bits == 16 || page.bits == 32))) {
				throw bad(file, "its pixels are " + page.bits + "-bit of sample format " + page.format);
			}
			return page;
		}

		/** Reads the strips one after another, then reorders planar pixels into interleaved ones. */
		void decode(Path file, ByteBuffer buffer, float[] into, int start) {
			int bytesPerValue = bits / 8;
			long needed = (long) width * height * samples * bytesPerValue;
			ByteBuffer pixels = ByteBuffer.allocate((int) needed).order(buffer.order());
			for (int s = 0; s < offsets.length && pixels.hasRemaining(); s++) {
				int length = (int) Math.min(counts[s], pixels.remaining());
				if (offsets[s] + length > buffer.limit()) throw bad(file, "a strip lies outside the file");
				pixels.put(buffer.slice((int) offsets[s], length));
			}
			if (pixels.hasRemaining()) throw bad(file, "its strips hold fewer bytes than its pages need");
			pixels.flip();
			int plane = width * height;
			for (int i = 0; i < plane * samples; i++) {
				float value = sample(pixels, i * bytesPerValue);
				int target = planar == 2 ? (i % plane) * samples + i / plane : i;
				into[start + target] = value;
			}
		}

		private float sample(ByteBuffer pixels, int at) {
			if (format == 3) return bits == 32 ? pixels.getFloat(at) : (float) pixels.getDouble(at);
			boolean signed = format == 2;
			switch (bits) {
				case 8: return signed ? pixels.get(at) : pixels.get(at) & 0xFF;
				case 16: return signed ? pixels.getShort(at) : pixels.getShort(at) & 0xFFFF;
				default: return signed ? pixels.getInt(at) : pixels.getInt(at) & 0xFFFFFFFFL;
			}
		}

		/** The first value of an entry (all samples of a pixel share one here). */
		private static long value(ByteBuffer buffer, int entry, int type, long count) {
			if (type != 3) return buffer.getInt(entry + 8) & 0xFFFFFFFFL;
			int at = count > 2 ? buffer.getInt(entry + 8) : entry + 8;
			return buffer.getShort(at) & 0xFFFF;
		}

		private static long[] values(Path file, ByteBuffer buffer, int entry, int type, long count) {
			if (count < 1 || count > 1 << 20) throw bad(file, "a page has " + count + " strips");
			int size = type == 3 ? 2 : 4;
			int at = count * size <= 4 ? entry + 8 : buffer.getInt(entry + 8);
			long[] values = new long[(int) count];
			for (int i = 0; i < count; i++) values[i] = size == 2 ? buffer.getShort(at + 2 * i) & 0xFFFF : buffer.getInt(at + 4 * i) & 0xFFFFFFFFL;
			return values;
		}
	}

	private static XaiException bad(Path file, String why) {
		return new XaiException(file + " is not a readable TIFF image: " + why);
	}
}
