package ijxai.engine.bioimage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ijxai.engine.XaiException;

class ZipUnpackerTest {

	@TempDir
	Path temp;

	private Path write(String name, byte[] bytes) throws IOException {
		return Files.write(temp.resolve(name), bytes);
	}

	private ZipUnpacker unpacker() {
		return new ZipUnpacker(PackageLimits.defaults(temp.resolve("cache")));
	}

	@Test
	void unpacksIntoAFolderNamedByTheArchiveHash() throws IOException {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put("rdf.yaml", "name: x\n".getBytes(StandardCharsets.UTF_8));
		entries.put("weights/variables/variables.index", new byte[] { 1, 2, 3 });
		Path zip = write("package.zip", Zips.of(entries));
		Path folder = unpacker().unpack(zip);
		assertEquals(temp.resolve("cache").resolve(ZipUnpacker.sha256(zip)), folder);
		assertArrayEquals(new byte[] { 1, 2, 3 }, Files.readAllBytes(folder.resolve("weights/variables/variables.index")));
		// a second call finds the folder and does not unpack again
		Files.delete(folder.resolve("rdf.yaml"));
		assertEquals(folder, unpacker().unpack(zip));
		assertTrue(Files.notExists(folder.resolve("rdf.yaml")));
	}

	@Test
	void refusesEntriesThatLeaveThePackage() throws IOException {
		for (String name : new String[] { "../evil.txt", "a/../../evil.txt", "/etc/evil", "C:/evil", "a\\..\\..\\evil" }) {
			Path zip = write("slip.zip", Zips.of(name, new byte[] { 1 }));
			XaiException e = assertThrows(XaiException.class, () -> unpacker().unpack(zip));
			assertTrue(e.getMessage().contains("points outside the package"), e.getMessage());
		}
		assertTrue(Files.notExists(temp.resolve("evil.txt")));
		assertNothingLeftIn(temp.resolve("cache"));
	}

	@Test
	void refusesSymbolicLinks() throws IOException {
		Path zip = write("link.zip", Zips.asSymlink(Zips.of("link", "/etc/passwd".getBytes(StandardCharsets.UTF_8)), 0));
		XaiException e = assertThrows(XaiException.class, () -> unpacker().unpack(zip));
		assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
	}

	@Test
	void refusesZipBombsByRatioAndByTotalSize() throws IOException {
		Path bomb = write("bomb.zip", Zips.of("zeros", new byte[8 << 20]));
		XaiException ratio = assertThrows(XaiException.class, () -> unpacker().unpack(bomb));
		assertTrue(ratio.getMessage().contains("inflates more than"), ratio.getMessage());
		PackageLimits small = new PackageLimits(temp.resolve("cache"), 10, 1000, 200, 1 << 20, 10, 1000);
		Path big = write("big.zip", Zips.of("data", new byte[2000]));
		XaiException total = assertThrows(XaiException.class, () -> new ZipUnpacker(small).unpack(big));
		assertTrue(total.getMessage().contains("more than the limit of 1000 bytes"), total.getMessage());
		assertNothingLeftIn(temp.resolve("cache"));
	}

	@Test
	void refusesTooManyEntriesAndDamagedArchives() throws IOException {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		for (int i = 0; i < 11; i++) entries.put("f" + i, new byte[] { (byte) i });
		PackageLimits tenEntries = new PackageLimits(temp.resolve("cache"), 10, 1 << 20, 200, 1 << 20, 10, 1000);
		Path many = write("many.zip", Zips.of(entries));
		assertTrue(assertThrows(XaiException.class, () -> new ZipUnpacker(tenEntries).unpack(many)).getMessage().contains("11 entries"));
		Path text = write("text.zip", "not a zip".getBytes(StandardCharsets.UTF_8));
		assertTrue(assertThrows(XaiException.class, () -> unpacker().unpack(text)).getMessage().contains("not a zip archive"));
		byte[] cut = Zips.of("f", new byte[100]);
		Path truncated = write("cut.zip", java.util.Arrays.copyOf(cut, cut.length / 2));
		assertThrows(XaiException.class, () -> unpacker().unpack(truncated));
	}

	static void assertNothingLeftIn(Path cache) throws IOException {
		if (!Files.exists(cache)) return;
		try (Stream<Path> files = Files.list(cache)) {
			assertEquals(0, files.count(), "the cache holds only complete unpacked archives");
		}
	}
}
