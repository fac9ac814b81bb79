package ijxai.engine.bioimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import ijxai.engine.XaiException;

/**
 * Thousands of generated packages, most of them broken or hostile (damaged zips, bombs, slips,
 * links, malformed and hostile YAML, wrong axes and shapes, bad .npy and .tif files): each must
 * open (and then be taken through its processing and shapes) or be refused with one
 * {@link XaiException} with a message, and nothing may be written outside the package cache.
 */
class PackageFuzzTest {

	private static final int ROUNDS = 240;

	@TempDir
	Path junitTemp;
	/** Where the cases and the cache go: memory (tmpfs) where there is one, since thousands of small files are written and deleted. */
	private Path temp;

	private final Random random = new Random(20261203);
	private final Map<String, int[]> counts = new TreeMap<>();
	private final List<String> failures = new ArrayList<>();
	private Path cases, cache;
	private PackageLimits limits;
	private int caseNumber;

	@Test
	void everyCaseEndsInAResultOrOneClearMessageAndNothingLeavesTheCache() throws IOException {
		Path memory = Path.of("/dev/shm");
		temp = Files.isDirectory(memory) && Files.isWritable(memory) ? Files.createTempDirectory(memory, "ijxai-fuzz-") : junitTemp;
		try {
			runCases();
		}
		finally {
			deleteTree(temp);
		}
	}

	private void runCases() throws IOException {
		cases = Files.createDirectory(temp.resolve("cases"));
		cache = temp.resolve("cache");
		limits = new PackageLimits(cache, 200, 1 << 20, 200, 1 << 16, 20, 1 << 16);
		for (int round = 0; round < ROUNDS; round++) {
			for (String format : new String[] { "0.4", "0.5", "0.2" }) {
				run("valid " + format, () -> folder(yaml(format), format));
				run("field mutation " + format, () -> folder(mutateFields(yaml(format)), format));
				run("yaml text damage " + format, () -> folderWithText(damageText(dump(yaml(format))), format));
				run("zip damage " + format, () -> damageZip(zip(yaml(format), format)));
				run("npy/tif damage " + format, () -> damageTestData(folder(yaml(format), format), format));
			}
			run("hostile yaml", () -> folderWithText(hostileYaml(), "0.4"));
			run("zip slip", this::slip);
			run("zip symlink", () -> write("zip", Zips.asSymlink(Zips.of(packageEntries(yaml("0.4"), "0.4")), random.nextInt(3))));
			run("zip bomb", this::bomb);
			run("file references", this::badReference);
			run("folder link outside", this::folderLinkOutside);
			run("weights sha256", this::wrongSha);
		}
		int total = counts.values().stream().mapToInt(c -> c[0] + c[1]).sum();
		StringBuilder report = new StringBuilder("package fuzz: " + total + " cases\n");
		counts.forEach((kind, c) -> report.append(String.format("  %-24s %5d opened %5d refused%n", kind, c[0], c[1])));
		System.out.print(report);
		assertTrue(failures.isEmpty(), failures.size() + " cases ended badly, first: " + failures.subList(0, Math.min(5, failures.size())));
		assertTrue(total >= 5000, total + " cases");
		assertNothingOutsideTheCache();
	}

	/** One case: a package that opens, is then taken through its test data, processing and shapes; or one XaiException with a message. */
	private void run(String kind, Supplier<Path> make) {
		int[] count = counts.computeIfAbsent(kind, k -> new int[2]);
		Path source;
		try {
			source = make.get();
		}
		catch (RuntimeException e) {
			throw new AssertionError("the fuzz generator failed for " + kind, e);
		}
		try {
			exercise(ModelPackage.open(source, limits));
			count[0]++;
		}
		catch (XaiException e) {
			if (e.getMessage() == null || e.getMessage().isBlank()) failures.add(kind + ": an XaiException without a message");
			count[1]++;
		}
		catch (RuntimeException | Error e) {
			failures.add(kind + " (" + source + "): " + e);
		}
		checkAndClear(kind, source);
	}

	private void exercise(ModelPackage pack) {
		TensorData input = PackageCheck.testTensor(pack.input(), limits);
		ModelPackage.ModelInput fed = pack.modelInput(pack.preprocess(input));
		float[] values = new float[fed.batch().data().length];
		TensorData output = pack.postprocess(pack.modelOutput(values, fed));
		if (pack.output().testTensor() != null) PackageCheck.testTensor(pack.output(), limits);
		assertTrue(output.data().length > 0);
	}

	// ------------------------------------------------------------------ valid packages

	private Map<String, Object> yaml(String format) {
		Map<String, Object> rdf = new LinkedHashMap<>();
		int size = 16 + 4 * random.nextInt(3);
		rdf.put("name", "fuzz");
		rdf.put("description", "generated");
		switch (format) {
			case "0.5" -> {
				rdf.put("type", "model");
				rdf.put("format_version", "0.5.3");
				rdf.put("authors", List.of(Map.of("name", "someone")));
				rdf.put("inputs", List.of(map("id", "raw", "axes", List.of(map("type", "batch"), space("y", map("min", 16, "step", 4)), space("x", map("min", 16, "step", 4)),
					map("type", "channel", "channel_names", List.of("c0"))), "test_tensor", map("source", "in.npy"),
					"preprocessing", List.of(map("id", "scale_range", "kwargs", map("axes", List.of("y", "x"), "min_percentile", 1, "max_percentile", 99))))));
				rdf.put("outputs", List.of(map("id", "out", "axes", List.of(map("type", "batch"), space("y", map("tensor_id", "raw", "axis_id", "y")),
					space("x", map("tensor_id", "raw", "axis_id", "x")), map("type", "channel", "channel_names", List.of("k"))), "test_tensor", map("source", "out.npy"),
					"postprocessing", List.of(map("id", "sigmoid")))));
				rdf.put("weights", map("tensorflow_saved_model_bundle", map("source", "tf", "tensorflow_version", "2.15")));
			}
			case "0.4" -> {
				rdf.put("type", "model");
				rdf.put("format_version", "0.4.10");
				rdf.put("authors", List.of(map("name", "someone")));
				rdf.put("test_inputs", List.of("in.npy"));
				rdf.put("test_outputs", List.of("out.npy"));
				rdf.put("inputs", List.of(map("name", "input", "axes", "byxc", "data_type", "float32", "shape", map("min", List.of(1, 16, 16, 1), "step", List.of(0, 4, 4, 0)),
					"preprocessing", List.of(map("name", "zero_mean_unit_variance", "kwargs", map("mode", "per_sample", "axes", "xy"))))));
				rdf.put("outputs", List.of(map("name", "output", "axes", "byxc", "data_type", "float32", "halo", List.of(0, 4, 4, 0),
					"shape", map("reference_tensor", "input", "scale", List.of(1, 1, 1, 1), "offset", List.of(0, 0, 0, 0)),
					"postprocessing", List.of(map("name", "clip", "kwargs", map("min", 0, "max", 1))))));
				rdf.put("weights", map("tensorflow_saved_model_bundle", map("source", "tf")));
			}
			default -> {
				rdf.put("format_version", "0.2.0-csbdeep");
				rdf.put("authors", List.of("someone"));
				rdf.put("test_input", "testinput.tif");
				rdf.put("test_output", "testoutput.tif");
				rdf.put("inputs", List.of(map("name", "input", "axes", "byxc", "halo", List.of(0, 8, 8, 0), "shape", map("min", List.of(1, 16, 16, 1), "step", List.of(1, 4, 4, 0)))));
				rdf.put("outputs", List.of(map("name", "output", "axes", "byxc", "shape", map("reference_input", "input", "scale", List.of(1, 1, 1, 1), "offset", List.of(0, 0, 0, 0)))));
				rdf.put("prediction", map("preprocess", List.of(map("kwargs", map("mean", List.of(3.5), "stdDev", List.of(2.0)))),
					"postprocess", List.of(map("kwargs", map("mean", List.of(3.5), "stdDev", List.of(2.0))))));
			}
		}
		rdf.put("size_hint", size);
		return rdf;
	}

	private static Map<String, Object> space(String id, Object size) {
		return map("type", "space", "id", id, "size", size);
	}

	private static Map<String, Object> map(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		return map;
	}

	/** The files of a package: description, a stand-in SavedModel, test tensors (sized by size_hint). */
	private Map<String, byte[]> packageEntries(Map<String, Object> rdf, String format) {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		int size = rdf.get("size_hint") instanceof Integer s && s > 0 && s < 64 ? s : 16;
		String text = dump(rdf);
		if (format.equals("0.2")) {
			entries.put("model.yaml", text.getBytes(StandardCharsets.UTF_8));
			entries.put("saved_model.pb", new byte[] { 8, 1 });
			entries.put("meta.json", "{}".getBytes(StandardCharsets.UTF_8));
			entries.put("testinput.tif", tiff(size, size));
			entries.put("testoutput.tif", tiff(size, size));
		}
		else {
			entries.put("rdf.yaml", text.getBytes(StandardCharsets.UTF_8));
			entries.put("tf/saved_model.pb", new byte[] { 8, 1 });
			entries.put("tf/variables/variables.index", new byte[] { 0 });
			entries.put("in.npy", npy("<f4", new int[] { 1, size, size, 1 }, 4));
			entries.put("out.npy", npy("<f4", new int[] { 1, size, size, 1 }, 4));
		}
		return entries;
	}

	private Path folder(Map<String, Object> rdf, String format) {
		return writeFolder(packageEntries(rdf, format));
	}

	private Path folderWithText(String text, String format) {
		Map<String, byte[]> entries = packageEntries(yaml(format), format);
		entries.put(format.equals("0.2") ? "model.yaml" : "rdf.yaml", text.getBytes(StandardCharsets.UTF_8));
		return writeFolder(entries);
	}

	private byte[] zip(Map<String, Object> rdf, String format) {
		return Zips.of(packageEntries(rdf, format));
	}

	private Path writeFolder(Map<String, byte[]> entries) {
		Path folder = cases.resolve("case-" + caseNumber++);
		try {
			for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
				Path file = folder.resolve(entry.getKey());
				Files.createDirectories(file.getParent());
				Files.write(file, entry.getValue());
			}
		}
		catch (IOException e) {
			throw new AssertionError(e);
		}
		return folder;
	}

	private Path write(String extension, byte[] bytes) {
		try {
			return Files.write(cases.resolve("case-" + caseNumber++ + "." + extension), bytes);
		}
		catch (IOException e) {
			throw new AssertionError(e);
		}
	}

	private static String dump(Object yaml) {
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		return new Yaml(options).dump(yaml);
	}

	// ------------------------------------------------------------------ mutations

	private Object randomValue(int depth) {
		switch (random.nextInt(depth > 2 ? 7 : 9)) {
			case 0: return null;
			case 1: return random.nextInt(200) - 100;
			case 2: return random.nextBoolean() ? Double.NaN : random.nextGaussian() * 1e12;
			case 3: return "".concat(List.of("byxc", "bcyx", "xyzq", "bb", "", "y", "../x", "http://x/y", "per_dataset", "fixed").get(random.nextInt(10)));
			case 4: return random.nextBoolean();
			case 5: return new ArrayList<>(List.of(random.nextInt(40), -1, 0, 1 << 30).subList(0, 1 + random.nextInt(4)));
			case 6: return Integer.MAX_VALUE;
			case 7: return java.util.Arrays.asList(randomValue(depth + 1), randomValue(depth + 1));
			default: return map("min", randomValue(depth + 1), "step", randomValue(depth + 1), "tensor_id", random.nextBoolean() ? "raw" : "input", "axis_id", "xyq".substring(random.nextInt(3)));
		}
	}

	/** Replaces or deletes one to three values anywhere in the description. */
	@SuppressWarnings("unchecked")
	private Map<String, Object> mutateFields(Map<String, Object> rdf) {
		Map<String, Object> copy = (Map<String, Object>) deepCopy(rdf);
		for (int n = 1 + random.nextInt(3); n > 0; n--) {
			List<Object[]> slots = new ArrayList<>();
			collect(copy, slots);
			Object[] slot = slots.get(random.nextInt(slots.size()));
			Object value = randomValue(0);
			if (slot[0] instanceof Map<?, ?> map) {
				if (value == null) ((Map<String, Object>) map).remove(slot[1]);
				else ((Map<String, Object>) map).put((String) slot[1], value);
			}
			else {
				((List<Object>) slot[0]).set((Integer) slot[1], value);
			}
		}
		return copy;
	}

	private static void collect(Object node, List<Object[]> slots) {
		if (node instanceof Map<?, ?> map) {
			for (Object key : map.keySet()) {
				slots.add(new Object[] { map, key });
				collect(map.get(key), slots);
			}
		}
		else if (node instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				slots.add(new Object[] { list, i });
				collect(list.get(i), slots);
			}
		}
	}

	private static Object deepCopy(Object node) {
		if (node instanceof Map<?, ?> map) {
			Map<String, Object> copy = new LinkedHashMap<>();
			map.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
			return copy;
		}
		if (node instanceof List<?> list) return new ArrayList<>(list.stream().map(PackageFuzzTest::deepCopy).toList());
		return node;
	}

	private static final String SYNTAX = ":-[]{}&*!|>'\"\t\n#%@`,?";

	private String damageText(String text) {
		StringBuilder damaged = new StringBuilder(text);
		for (int n = 1 + random.nextInt(4); n > 0 && damaged.length() > 0; n--) {
			int at = random.nextInt(damaged.length());
			switch (random.nextInt(4)) {
				case 0 -> damaged.setCharAt(at, SYNTAX.charAt(random.nextInt(SYNTAX.length())));
				case 1 -> damaged.setLength(at);
				case 2 -> damaged.insert(at, "\n  - !!binary AAAA\n");
				default -> damaged.deleteCharAt(at);
			}
		}
		return damaged.toString();
	}

	private String hostileYaml() {
		switch (random.nextInt(9)) {
			case 0: {
				StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
				for (int level = 1; level < 9; level++) {
					bomb.append((char) ('a' + level)).append(": &").append((char) ('a' + level)).append(" [");
					for (int i = 0; i < 9; i++) bomb.append(i > 0 ? ", " : "").append('*').append((char) ('a' + level - 1));
					bomb.append("]\n");
				}
				return "format_version: 0.4.10\nname: bomb\n" + bomb;
			}
			case 1: return "format_version: 0.4.10\nname: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://localhost/\"]]]]\n";
			case 2: return "format_version: 0.4.10\nname: x\ninputs: !!java.io.FileOutputStream [\"" + temp.resolve("escaped-yaml") + "\"]\n";
			case 3: return "format_version: 0.4.10\nname: " + "[".repeat(5000) + "]".repeat(5000) + "\n";
			case 4: return "format_version: 0.4.10\nname: x\nname: y\n";
			case 5: return "format_version: 0.4.10\nname: &r [*r]\n";
			case 6: return "format_version: 0.4.10\nname: '" + "x".repeat(70_000) + "'\n";
			case 7: return "? [complex, key]\n: value\nformat_version: 0.4.10\n";
			default: return "--- !!set {a, b}\n";
		}
	}

	private Path damageZip(byte[] zip) {
		byte[] damaged = zip.clone();
		switch (random.nextInt(3)) {
			case 0 -> {
				for (int n = 1 + random.nextInt(8); n > 0; n--) damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
			}
			case 1 -> damaged = java.util.Arrays.copyOf(damaged, random.nextInt(damaged.length));
			default -> {
				ByteBuffer buffer = ByteBuffer.wrap(damaged).order(ByteOrder.LITTLE_ENDIAN);
				// a lie in the central directory: sizes, offsets, entry count
				for (int at = damaged.length - 22; at >= 0; at--) {
					if (buffer.getInt(at) == 0x06054b50) {
						buffer.putShort(at + 8 + 2 * random.nextInt(2), (short) random.nextInt(0xFFFF));
						if (random.nextBoolean()) buffer.putInt(at + 16, random.nextInt());
						break;
					}
				}
			}
		}
		return write("zip", damaged);
	}

	private Path damageTestData(Path folder, String format) {
		Path file = folder.resolve(format.equals("0.2") ? (random.nextBoolean() ? "testinput.tif" : "testoutput.tif") : random.nextBoolean() ? "in.npy" : "out.npy");
		byte[] bytes;
		if (format.equals("0.2")) {
			bytes = tiff(16, 16);
			ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
			int field = random.nextInt(6);
			if (field == 5) bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
			// the value of one of the first IFD entries (width, height, bits, compression, strip offset), or the IFD offset
			else if (field == 4) buffer.putInt(4, random.nextInt());
			else buffer.putInt(8 + 2 + 12 * field + 8, random.nextBoolean() ? random.nextInt() : random.nextInt(70_000));
		}
		else {
			String[] dtypes = { "<f4", ">f4", "<c8", "|O", "<f8", "<u2", "|b1", "<i8", "|u1" };
			int[][] shapes = { { 1, 16, 16, 1 }, { 1, 16, 16 }, { 1, 1 << 20, 1 << 20, 1 }, { 1, 15, 17, 1 }, { 1, 16, 16, 3 }, { 0, 16, 16, 1 } };
			bytes = npy(dtypes[random.nextInt(dtypes.length)], shapes[random.nextInt(shapes.length)], 1 + random.nextInt(8));
			switch (random.nextInt(5)) {
				case 0 -> bytes[random.nextInt(10)] ^= 0x55;
				case 1 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
				case 2 -> {
					bytes[8] = (byte) 0xFF;
					bytes[9] = (byte) 0xFF;
				}
				case 3 -> bytes = new String(bytes, StandardCharsets.ISO_8859_1).replace("False", "True").getBytes(StandardCharsets.ISO_8859_1);
				default -> {
					// left as generated: some shapes and dtypes fit, some do not
				}
			}
		}
		try {
			Files.write(file, bytes);
		}
		catch (IOException e) {
			throw new AssertionError(e);
		}
		return folder;
	}

	private Path slip() {
		Map<String, byte[]> entries = packageEntries(yaml("0.4"), "0.4");
		String[] names = { "../escaped-slip", "../../escaped-slip", "tf/../../escaped-slip", "/tmp/ijxai-escaped-slip", "..\\escaped-slip", "C:/escaped-slip",
			"tf/./../../../escaped-slip", "" };
		entries.put(names[random.nextInt(names.length)], new byte[] { 1 });
		return write("zip", Zips.of(entries));
	}

	private Path bomb() {
		if (bombs == null) {
			// built once: deflating megabytes in every round would make the run slow
			bombs = new ArrayList<>();
			for (int kind = 0; kind < 3; kind++) {
				Map<String, byte[]> entries = packageEntries(yaml("0.5"), "0.5");
				if (kind == 0) entries.put("zeros.npy", new byte[2 << 20]);
				if (kind == 1) for (int i = 0; i < 250; i++) entries.put("many/" + i, new byte[0]);
				if (kind == 2) {
					byte[] noise = new byte[(1 << 20) + 1];
					random.nextBytes(noise);
					entries.put("big", noise);
				}
				bombs.add(Zips.of(entries));
			}
		}
		return write("zip", bombs.get(random.nextInt(bombs.size())));
	}

	/** A zip of 2 MiB of zeros (deflates about 1000 times), one of 250 entries, one of 1 MiB of noise: past the fuzz limits. */
	private List<byte[]> bombs;

	@SuppressWarnings("unchecked")
	private Path badReference() {
		String format = random.nextBoolean() ? "0.4" : "0.5";
		Map<String, Object> rdf = yaml(format);
		String[] sources = { "../../escaped", "/etc/passwd", "http://example.org/weights.zip", "https://example.org/x.npy", "missing.npy", "tf/../../x",
			"file:///etc/passwd", ".", "" };
		String source = sources[random.nextInt(sources.length)];
		if (random.nextBoolean()) ((Map<String, Object>) ((Map<String, Object>) rdf.get("weights")).get("tensorflow_saved_model_bundle")).put("source", source);
		else if (format.equals("0.4")) rdf.put("test_inputs", List.of(source));
		else ((Map<String, Object>) ((List<Map<String, Object>>) rdf.get("inputs")).get(0)).put("test_tensor", map("source", source));
		return folder(rdf, format);
	}

	private Path folderLinkOutside() {
		Path folder = folder(yaml("0.4"), "0.4");
		try {
			Path outside = cases.resolve("outside.npy");
			if (Files.notExists(outside)) Files.writeString(outside, "not inside");
			Files.delete(folder.resolve("in.npy"));
			Files.createSymbolicLink(folder.resolve("in.npy"), outside);
		}
		catch (IOException | UnsupportedOperationException e) {
			throw new AssertionError(e);
		}
		return folder;
	}

	@SuppressWarnings("unchecked")
	private Path wrongSha() {
		Map<String, Object> rdf = yaml("0.5");
		Map<String, byte[]> entries = packageEntries(rdf, "0.5");
		entries.put("tf.zip", Zips.of(Map.of("saved_model.pb", new byte[] { 8, 1 })));
		Map<String, Object> bundle = (Map<String, Object>) ((Map<String, Object>) rdf.get("weights")).get("tensorflow_saved_model_bundle");
		bundle.put("source", "tf.zip");
		bundle.put("sha256", random.nextBoolean() ? "00".repeat(32) : sha256(entries.get("tf.zip")));
		entries.put("rdf.yaml", dump(rdf).getBytes(StandardCharsets.UTF_8));
		return write("zip", Zips.of(entries));
	}

	private static String sha256(byte[] bytes) {
		try {
			return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (java.security.NoSuchAlgorithmException e) {
			throw new AssertionError(e);
		}
	}

	// ------------------------------------------------------------------ test data

	static byte[] npy(String dtype, int[] shape, int itemSize) {
		StringBuilder dims = new StringBuilder();
		long count = 1;
		for (int size : shape) {
			dims.append(size).append(", ");
			count *= size;
		}
		String header = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (" + dims + "), }";
		header += " ".repeat(63 - (10 + header.length()) % 64) + "\n";
		long bytes = Math.min(count * itemSize, 1 << 16);
		ByteBuffer buffer = ByteBuffer.allocate(10 + header.length() + (int) bytes).order(ByteOrder.LITTLE_ENDIAN);
		buffer.put(new byte[] { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0 }).putShort((short) header.length()).put(header.getBytes(StandardCharsets.ISO_8859_1));
		for (int i = 0; buffer.remaining() >= 4; i++) buffer.putFloat(i % 7);
		return buffer.array();
	}

	/** A little-endian float32 TIFF of one page, one strip. */
	static byte[] tiff(int width, int height) {
		int entries = 8, ifd = 8, data = ifd + 2 + 12 * entries + 4;
		ByteBuffer buffer = ByteBuffer.allocate(data + 4 * width * height).order(ByteOrder.LITTLE_ENDIAN);
		buffer.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(ifd).putShort((short) entries);
		int[][] tags = { { 256, 4, width }, { 257, 4, height }, { 258, 3, 32 }, { 259, 3, 1 }, { 273, 4, data }, { 277, 3, 1 }, { 279, 4, 4 * width * height }, { 339, 3, 3 } };
		for (int[] tag : tags) {
			buffer.putShort((short) tag[0]).putShort((short) tag[1]).putInt(1);
			if (tag[1] == 3) buffer.putShort((short) tag[2]).putShort((short) 0);
			else buffer.putInt(tag[2]);
		}
		buffer.putInt(0);
		for (int i = 0; i < width * height; i++) buffer.putFloat(i % 11);
		return buffer.array();
	}

	// ------------------------------------------------------------------ the file system after each case

	/**
	 * Nothing but complete unpacked archives in the cache, no links in them, and nothing new beside
	 * the cases and the cache; then the case and the cache are emptied, so that every case starts
	 * from nothing (and thousands of cases do not pile up files).
	 */
	private void checkAndClear(String kind, Path source) {
		try {
			try (Stream<Path> top = Files.list(temp)) {
				List<String> names = top.map(p -> p.getFileName().toString()).sorted().toList();
				if (!names.equals(List.of("cache", "cases")) && !names.equals(List.of("cases"))) failures.add(kind + " (" + source + ") wrote beside the cache: " + names);
			}
			if (Files.exists(cache)) {
				try (Stream<Path> unpacked = Files.list(cache)) {
					for (Path folder : unpacked.toList()) {
						if (!folder.getFileName().toString().matches("[0-9a-f]{64}")) failures.add(kind + " (" + source + ") left " + folder + " in the cache");
					}
				}
				try (Stream<Path> all = Files.walk(cache)) {
					if (all.anyMatch(Files::isSymbolicLink)) failures.add(kind + " (" + source + ") left a link in the cache");
				}
				deleteTree(cache);
			}
			deleteTree(source);
		}
		catch (IOException e) {
			throw new AssertionError(e);
		}
	}

	private static void deleteTree(Path root) throws IOException {
		if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
		try (Stream<Path> all = Files.walk(root)) {
			for (Path file : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(file);
		}
	}

	private void assertNothingOutsideTheCache() {
		assertTrue(Files.notExists(Path.of("/tmp/ijxai-escaped-slip")));
		assertTrue(Files.notExists(temp.getParent().resolve("escaped-slip")) && Files.notExists(temp.resolve("escaped-yaml")));
	}
}
