package ijxai.engine.bioimage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import ijxai.engine.XaiException;

/**
 * Unpacks a zip archive from the internet into the package cache, into a folder named by the
 * archive's sha256, and nowhere else: entries that leave that folder (absolute, {@code ..},
 * backslashes), symbolic links, duplicates, and archives above the entry, size or compression
 * limits are refused before or while unpacking. An archive is unpacked into a private folder and
 * renamed into place only when complete, so a refused or interrupted one leaves nothing behind.
 */
public final class ZipUnpacker {

	private static final int END_OF_DIRECTORY = 0x06054b50, DIRECTORY_ENTRY = 0x02014b50;
	private static final int UNIX = 3, FILE_TYPE = 0xF000, SYMLINK = 0xA000;
	private static final String PARTIAL = ".partial-";

	private final PackageLimits limits;

	public ZipUnpacker(PackageLimits limits) {
		this.limits = limits;
	}

	/** The folder the archive is unpacked into (unpacked now, or found from an earlier call). */
	public Path unpack(Path archive) {
		String hash = sha256(archive);
		Path target = limits.cache().resolve(hash);
		if (Files.isDirectory(target)) return target;
		Map<String, Long> declared = readDirectory(archive);
		Path partial;
		try {
			Files.createDirectories(limits.cache());
			partial = Files.createDirectory(limits.cache().resolve(PARTIAL + hash + "-" + UUID.randomUUID()));
		}
		catch (IOException e) {
			throw new XaiException("package cache " + limits.cache() + " cannot be written: " + e.getMessage(), e);
		}
		try {
			extract(archive, declared, partial);
			Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException e) {
			// the rename fails when another thread or process unpacked the same archive meanwhile
			if (!Files.isDirectory(target)) throw new XaiException("package " + archive + " cannot be unpacked into " + limits.cache() + ": " + e.getMessage(), e);
		}
		finally {
			deleteTree(partial);
		}
		return target;
	}

	/** The hex sha256 of a file. */
	public static String sha256(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] buffer = new byte[1 << 16];
			for (int read; (read = in.read(buffer)) > 0;) digest.update(buffer, 0, read);
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (IOException e) {
			throw new XaiException(file + " cannot be read: " + e.getMessage(), e);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("this Java has no SHA-256", e);
		}
	}

	/**
	 * Reads the archive's central directory itself, since {@link ZipFile} does not tell symbolic
	 * links: every entry name checked, and its declared size, by name.
	 */
	private Map<String, Long> readDirectory(Path archive) {
		try (SeekableByteChannel channel = Files.newByteChannel(archive)) {
			long length = channel.size();
			int tailLength = (int) Math.min(length, 22 + 0xFFFF);
			ByteBuffer tail = read(channel, length - tailLength, tailLength);
			int end = -1;
			for (int at = tailLength - 22; at >= 0 && end < 0; at--) if (tail.getInt(at) == END_OF_DIRECTORY) end = at;
			if (end < 0) throw refuse(archive, "it is not a zip archive (no end of central directory)");
			int entries = tail.getShort(end + 10) & 0xFFFF;
			long directorySize = tail.getInt(end + 12) & 0xFFFFFFFFL, directoryOffset = tail.getInt(end + 16) & 0xFFFFFFFFL;
			if (entries == 0xFFFF || directoryOffset == 0xFFFFFFFFL) throw refuse(archive, "it is a ZIP64 archive, larger than a model package may be");
			if (entries > limits.maxEntries()) throw refuse(archive, "it has " + entries + " entries, more than the limit of " + limits.maxEntries());
			if (directoryOffset + directorySize > length - tailLength + end) throw refuse(archive, "it is damaged (its central directory lies outside the file)");
			ByteBuffer directory = read(channel, directoryOffset, (int) directorySize);
			Map<String, Long> sizes = new HashMap<>();
			long total = 0;
			int at = 0;
			for (int i = 0; i < entries; i++) {
				if (at + 46 > directory.limit() || directory.getInt(at) != DIRECTORY_ENTRY) throw refuse(archive, "it is damaged (central directory entry " + i + ")");
				int madeBy = (directory.getShort(at + 4) & 0xFFFF) >>> 8;
				long size = directory.getInt(at + 24) & 0xFFFFFFFFL;
				int nameLength = directory.getShort(at + 28) & 0xFFFF, extra = directory.getShort(at + 30) & 0xFFFF, comment = directory.getShort(at + 32) & 0xFFFF;
				int mode = directory.getInt(at + 38) >>> 16;
				if (at + 46 + nameLength > directory.limit()) throw refuse(archive, "it is damaged (central directory entry " + i + ")");
				byte[] nameBytes = new byte[nameLength];
				directory.get(at + 46, nameBytes);
				String name = new String(nameBytes, StandardCharsets.UTF_8);
				checkName(archive, name);
				if (madeBy == UNIX && (mode & FILE_TYPE) == SYMLINK) throw refuse(archive, "entry '" + name + "' is a symbolic link");
				if (sizes.put(name, size) != null) throw refuse(archive, "entry '" + name + "' appears twice");
				total += size;
				if (total > limits.maxBytes()) throw refuse(archive, "it unpacks to more than the limit of " + limits.maxBytes() + " bytes");
				at += 46 + nameLength + extra + comment;
			}
			return sizes;
		}
		catch (IOException e) {
			throw new XaiException("package " + archive + " cannot be read: " + e.getMessage(), e);
		}
	}

	private static ByteBuffer read(SeekableByteChannel channel, long position, int length) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
		channel.position(position);
		while (buffer.hasRemaining() && channel.read(buffer) > 0) {
			// reads until full or at the end
		}
		if (buffer.hasRemaining()) throw new IOException("the file ends early");
		return buffer.flip();
	}

	private static void checkName(Path archive, String name) {
		boolean outside = name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0 || name.matches("^[A-Za-z]:.*");
		for (String part : name.split("/")) outside |= part.equals("..");
		if (outside) throw refuse(archive, "entry '" + name + "' points outside the package");
	}

	private void extract(Path archive, Map<String, Long> declared, Path folder) throws IOException {
		long total = 0;
		try (ZipFile zip = new ZipFile(archive.toFile())) {
			Enumeration<? extends ZipEntry> entries = zip.entries();
			while (entries.hasMoreElements()) {
				ZipEntry entry = entries.nextElement();
				Long size = declared.get(entry.getName());
				if (size == null) throw refuse(archive, "entry '" + entry.getName() + "' is not in its central directory");
				Path target = folder.resolve(entry.getName()).normalize();
				if (!target.startsWith(folder) || target.equals(folder)) throw refuse(archive, "entry '" + entry.getName() + "' points outside the package");
				if (entry.isDirectory()) {
					Files.createDirectories(target);
					continue;
				}
				Files.createDirectories(target.getParent());
				total += copy(archive, zip, entry, size, target, limits.maxBytes() - total);
			}
		}
		catch (ZipException e) {
			throw refuse(archive, "it is damaged (" + e.getMessage() + ")");
		}
	}

	/** Copies one entry, stopping at once when it inflates past its declared size, the size left, or the ratio limit. */
	private long copy(Path archive, ZipFile zip, ZipEntry entry, long declared, Path target, long left) throws IOException {
		long compressed = Math.max(1, entry.getCompressedSize());
		long written = 0;
		byte[] buffer = new byte[1 << 16];
		try (InputStream in = zip.getInputStream(entry);
			OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
		{
			for (int read; (read = in.read(buffer)) > 0;) {
				written += read;
				if (written > declared) throw refuse(archive, "entry '" + entry.getName() + "' inflates past its declared size of " + declared + " bytes");
				if (written > left) throw refuse(archive, "it unpacks to more than the limit of " + limits.maxBytes() + " bytes");
				if (written > PackageLimits.RATIO_FLOOR && written / compressed > limits.maxRatio()) {
					throw refuse(archive, "entry '" + entry.getName() + "' inflates more than " + limits.maxRatio() + " times (a zip bomb?)");
				}
				out.write(buffer, 0, read);
			}
		}
		catch (ZipException e) {
			throw refuse(archive, "entry '" + entry.getName() + "' is damaged (" + e.getMessage() + ")");
		}
		return written;
	}

	private static XaiException refuse(Path archive, String why) {
		return new XaiException("package " + archive + " is refused: " + why);
	}

	/** Deletes a partial folder (if it is still there) and all in it; it holds no links, only what extract wrote. */
	private void deleteTree(Path folder) {
		if (!Files.exists(folder) || !folder.startsWith(limits.cache())) return;
		try (Stream<Path> files = Files.walk(folder)) {
			files.sorted(Comparator.reverseOrder()).forEach(file -> {
				try {
					Files.delete(file);
				}
				catch (IOException e) {
					throw new UncheckedIOException(e);
				}
			});
		}
		catch (IOException | UncheckedIOException e) {
			// a leftover partial folder is ignored by later calls: its name is never a hash
		}
	}
}
