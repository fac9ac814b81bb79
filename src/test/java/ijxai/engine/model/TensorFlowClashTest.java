package ijxai.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ijxai.cli.Main;
import ijxai.engine.XaiException;

/**
 * A Fiji with TensorFlow Java 1.15 (libtensorflow-1.15.0.jar, CSBDeep/TensorFlow update site) ahead
 * of ij-xai's TensorFlow Java 1.1.0 on the class path, a Fiji without the 1.1.0 jar, and a machine
 * without the native jar: each ends in one line naming the jar and what to do, exit status 1.
 */
class TensorFlowClashTest {

	/** TensorFlow Java 1.15's API where it differs from 1.1.0's: Graph.importGraphDef(byte[]), SavedModelBundle.load(dir, tags). */
	private static final Map<String, String> TENSORFLOW_1_15 = Map.of(
		"TensorFlow", "public final class TensorFlow { private TensorFlow() {} public static String version() { return \"1.15.0\"; }"
			+ " public static byte[] registeredOpList() { return new byte[0]; } }",
		"Graph", "public final class Graph implements AutoCloseable { public Graph() {} public void importGraphDef(byte[] graphDef) {}"
			+ " public void close() {} }",
		"Session", "public final class Session implements AutoCloseable { public Session(Graph graph) {} public Session(Graph graph, byte[] config) {}"
			+ " public Runner runner() { return new Runner(); } public void close() {}"
			+ " public final class Runner { public Runner fetch(String operation) { return this; } public java.util.List<Object> run() { return java.util.List.of(); } } }",
		"SavedModelBundle", "public final class SavedModelBundle implements AutoCloseable {"
			+ " public static SavedModelBundle load(String exportDir, String... tags) { return new SavedModelBundle(); }"
			+ " public Graph graph() { return new Graph(); } public Session session() { return new Session(graph()); }"
			+ " public byte[] metaGraphDef() { return new byte[0]; } public void close() {} }");

	private static final String CLASS_PATH = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));

	@TempDir
	Path temp;

	record Run(int status, String out, String err) {}

	@Test
	void tensorFlow115AheadOnTheClassPathIsNamedWithWhatToDo() throws Exception {
		Path fake = tensorFlow115Jar();
		Run run = info(fake + File.pathSeparator + CLASS_PATH);
		assertOneClearLine(run, fake.toString(), "Graph", "SavedModelBundle", "tensorflow-core-api-1.1.0.jar", "update site", "separate Fiji installation");
	}

	@Test
	void tensorFlow115WithoutTensorFlow110IsNamed() throws Exception {
		Path fake = tensorFlow115Jar();
		Run run = info(fake + File.pathSeparator + without("tensorflow-core-api-"));
		assertOneClearLine(run, "TensorFlow Java 1.1.0 is missing", fake.toString(), "tensorflow-core-api-1.1.0.jar");
	}

	@Test
	void missingNativeLibraryIsNamed() throws Exception {
		Run run = info(without("tensorflow-core-native-1.1.0-linux"));
		assertOneClearLine(run, "native library does not load", "tensorflow-core-native-1.1.0-linux-x86_64.jar", "linux-x86_64");
	}

	@Test
	void theTestClassPathPasses() {
		TensorFlowRuntime.check();
		TensorFlowRuntime.check();
	}

	@Test
	void aClassLoaderWithTensorFlow115FirstFailsTheCheckInProcess() throws IOException {
		Path fake = tensorFlow115Jar();
		List<URL> urls = new ArrayList<>(List.of(fake.toUri().toURL()));
		for (String entry : CLASS_PATH.split(File.pathSeparator)) urls.add(Path.of(entry).toUri().toURL());
		try (URLClassLoader fijiLike = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
			XaiException clash = assertThrows(XaiException.class, () -> TensorFlowRuntime.checkClasses(fijiLike));
			assertTrue(clash.getMessage().contains(fake + " supplies org.tensorflow.Graph"), clash.getMessage());
		}
		TensorFlowRuntime.checkClasses(getClass().getClassLoader());
	}

	@Test
	void aLinkageErrorAfterTheCheckNamesTheJarsTensorFlowLinks() {
		XaiException translated = TensorFlowRuntime.incompatible(new NoSuchMethodError("'void org.tensorflow.Graph.importGraphDef(byte[])'"));
		String message = translated.getMessage();
		assertTrue(message.contains("importGraphDef"), message);
		assertTrue(message.contains("org.tensorflow.Graph from " + jarOf("tensorflow-core-api-1.1.0.jar")), message);
		assertTrue(message.contains("com.google.protobuf.GeneratedMessage from " + jarOf("protobuf-java-")), message);
	}

	@Test
	void aLinkageErrorThatIsNotAboutTensorFlowIsNotBlamedOnIt() {
		NoSuchMethodError imagejTooOld = new NoSuchMethodError("'void ij.gui.GenericDialog.addDirectoryField(java.lang.String, java.lang.String)'");
		imagejTooOld.setStackTrace(new StackTraceElement[] { new StackTraceElement("ijxai.ij1.ModelFields", "<init>", "ModelFields.java", 60) });
		assertSame(imagejTooOld, assertThrows(NoSuchMethodError.class, () -> TensorFlowRuntime.incompatible(imagejTooOld)));
	}

	private static void assertOneClearLine(Run run, String... mustMention) {
		assertEquals(1, run.status(), "exit status; stderr: " + run.err());
		List<String> lines = run.err().strip().lines().toList();
		assertEquals(1, lines.size(), "one line on stderr: " + run.err());
		String message = lines.get(0);
		assertTrue(message.startsWith("ij-xai: "), message);
		assertFalse(message.contains("\tat "), "no stack trace: " + message);
		for (String text : mustMention) assertTrue(message.contains(text), "'" + text + "' in: " + message);
	}

	private static Run info(String classPath) throws IOException, InterruptedException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", classPath, Main.class.getName(), "info", "--model", "models/fashion_mnist_cnn");
		builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
		Process process = builder.start();
		byte[] err = process.getErrorStream().readAllBytes();
		byte[] out = process.getInputStream().readAllBytes();
		return new Run(process.waitFor(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
	}

	/** The test class path without the entries whose file name starts with the prefix (there must be one). */
	private static String without(String fileNamePrefix) {
		List<String> entries = Arrays.asList(CLASS_PATH.split(File.pathSeparator));
		List<String> kept = entries.stream().filter(entry -> !Path.of(entry).getFileName().toString().startsWith(fileNamePrefix)).toList();
		assertTrue(kept.size() < entries.size(), "no " + fileNamePrefix + " on " + CLASS_PATH);
		return String.join(File.pathSeparator, kept);
	}

	private static String jarOf(String fileNamePrefix) {
		return Stream.of(CLASS_PATH.split(File.pathSeparator)).filter(entry -> Path.of(entry).getFileName().toString().startsWith(fileNamePrefix))
			.map(entry -> Path.of(entry).toAbsolutePath().toString()).findFirst().orElseThrow(() -> new AssertionError("no " + fileNamePrefix));
	}

	/** libtensorflow-1.15.0.jar: the four classes compiled from {@link #TENSORFLOW_1_15}. */
	private Path tensorFlow115Jar() throws IOException {
		Path sources = Files.createDirectories(temp.resolve("src/org/tensorflow"));
		Path classes = Files.createDirectories(temp.resolve("classes"));
		List<String> arguments = new ArrayList<>(List.of("-d", classes.toString()));
		for (Map.Entry<String, String> type : TENSORFLOW_1_15.entrySet()) {
			Path source = sources.resolve(type.getKey() + ".java");
			Files.writeString(source, "package org.tensorflow;\n" + type.getValue() + "\n");
			arguments.add(source.toString());
		}
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		assertEquals(0, compiler.run(null, null, null, arguments.toArray(String[]::new)), "compiling the TensorFlow 1.15 stand-in");
		Path jar = temp.resolve("jars/libtensorflow-1.15.0.jar");
		Files.createDirectories(jar.getParent());
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
			for (Path file : files.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
				out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
				Files.copy(file, (OutputStream) out);
				out.closeEntry();
			}
		}
		return jar;
	}
}
