package ijxai.engine.model;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.tensorflow.TensorFlow;

import ijxai.engine.XaiException;

/**
 * Checks, before the first model is loaded, that the TensorFlow Java ij-xai was built against
 * (1.1.0) is the one on the class path and that its native library loads. Fiji installations with
 * the CSBDeep/TensorFlow update site carry TensorFlow Java 1.15, whose {@code org.tensorflow}
 * classes have the same names and another API: whichever jar comes first supplies each class, and
 * without this check ij-xai would fail at first use with a NoSuchMethodError deep in TensorFlow.
 */
public final class TensorFlowRuntime {

	static final String NEEDED = "ij-xai needs TensorFlow Java 1.1.0 (tensorflow-core-api-1.1.0.jar, tensorflow-core-native-1.1.0.jar"
		+ " and tensorflow-core-native-1.1.0-linux-x86_64.jar in Fiji.app/jars)";
	static final String REMEDY = "disable the update site that installed it (Help > Update... > Manage update sites: CSBDeep, TensorFlow)"
		+ " or use a separate Fiji installation for ij-xai";

	/** Present only in TensorFlow Java 1.x of the tensorflow-java project: its jar is where every shared name must come from. */
	private static final String API_MARKER = "org.tensorflow.ConcreteFunction";
	/** TensorFlow Java 1.1.0's native bindings; initializing the class loads the native library. */
	private static final String NATIVE_MARKER = "org.tensorflow.internal.c_api.global.tensorflow";
	/** The names ij-xai uses that TensorFlow Java 1.15 (libtensorflow-1.15.0.jar) defines too. */
	private static final List<String> SHARED_NAMES = List.of("org.tensorflow.Graph", "org.tensorflow.GraphOperation",
		"org.tensorflow.GraphOperationBuilder", "org.tensorflow.Operand", "org.tensorflow.Output", "org.tensorflow.Session",
		"org.tensorflow.SavedModelBundle", "org.tensorflow.Tensor", "org.tensorflow.TensorFlow", "org.tensorflow.op.Scope");
	/** Where a clash that passed the check may come from: the libraries TensorFlow Java 1.1.0 links against. */
	private static final List<String> LINKED_CLASSES = List.of("org.tensorflow.Graph", API_MARKER, NATIVE_MARKER,
		"com.google.protobuf.GeneratedMessage", "org.bytedeco.javacpp.Loader");

	private static volatile boolean verified;
	/** The first native-library failure: later attempts only see "Could not initialize class", not why. */
	private static XaiException nativeFailure;

	private TensorFlowRuntime() {}

	/** Throws an {@link XaiException} saying what to do when TensorFlow cannot work here; cheap once it passed. */
	public static void check() {
		if (verified) return;
		synchronized (TensorFlowRuntime.class) {
			if (verified) return;
			checkClasses(TensorFlowRuntime.class.getClassLoader());
			checkNativeLibrary();
			verified = true;
		}
	}

	/**
	 * The message for a LinkageError (NoSuchMethodError, NoClassDefFoundError, UnsatisfiedLinkError...)
	 * TensorFlow threw: the clash when the classes clash, else where the classes TensorFlow links came
	 * from. A LinkageError that is not about TensorFlow's libraries (an ImageJ too old, say) is
	 * thrown on as it is: blaming TensorFlow for it would send the user the wrong way.
	 */
	public static XaiException incompatible(LinkageError error) {
		if (!aboutTensorFlow(error)) throw error;
		try {
			checkClasses(TensorFlowRuntime.class.getClassLoader());
		}
		catch (XaiException clash) {
			return clash;
		}
		List<String> sources = new ArrayList<>();
		for (String name : LINKED_CLASSES) sources.add(name + " from " + location(find(TensorFlowRuntime.class.getClassLoader(), name)));
		return new XaiException("TensorFlow Java failed at first use (" + error.getClass().getSimpleName() + ": " + error.getMessage() + "); " + String.join(", ", sources) + ". " + NEEDED
			+ "; if another jar in Fiji.app/jars supplies one of these (an older TensorFlow Java, protobuf-java or javacpp), "
			+ REMEDY, error);
	}

	/** Whether the error names or passes through TensorFlow, JavaCPP or protobuf classes. */
	static boolean aboutTensorFlow(LinkageError error) {
		for (Throwable t = error; t != null; t = t.getCause()) {
			if (String.valueOf(t.getMessage()).matches("(?s).*(org[./]tensorflow|org[./]bytedeco|com[./]google[./]protobuf|jnitensorflow|tensorflow_cc).*")) return true;
			for (StackTraceElement frame : t.getStackTrace()) {
				String type = frame.getClassName();
				if (type.startsWith("org.tensorflow.") || type.startsWith("org.bytedeco.") || type.startsWith("com.google.protobuf.")) return true;
			}
		}
		return false;
	}

	static void checkClasses(ClassLoader loader) {
		Class<?> marker = find(loader, API_MARKER);
		Map<String, List<String>> foreign = new TreeMap<>();
		for (String name : SHARED_NAMES) {
			Class<?> type = find(loader, name);
			if (type != null && (marker == null || !location(type).equals(location(marker)))) {
				foreign.computeIfAbsent(location(type), s -> new ArrayList<>()).add(name.substring("org.tensorflow.".length()));
			}
		}
		if (marker == null) {
			throw new XaiException("TensorFlow Java 1.1.0 is missing: no jar supplies " + API_MARKER + describe(foreign) + ". " + NEEDED
				+ (foreign.isEmpty() ? "" : "; another TensorFlow Java (e.g. 1.15 from the CSBDeep/TensorFlow update site) is no replacement"));
		}
		if (!foreign.isEmpty()) {
			throw new XaiException("another TensorFlow Java clashes with the one ij-xai uses" + describe(foreign) + " in place of those of "
				+ location(marker) + ". " + NEEDED + "; the other jar (TensorFlow Java 1.15 from the CSBDeep/TensorFlow update site,"
				+ " or another version) clashes with it: " + REMEDY);
		}
		String missing = missingApi(loader);
		if (missing != null) {
			throw new XaiException(location(marker) + " is not TensorFlow Java 1.1.0: it has no " + missing + ". " + NEEDED);
		}
	}

	/** The first of the 1.1.0 methods ij-xai calls that the class path lacks, or null. */
	private static String missingApi(ClassLoader loader) {
		try {
			Class<?> bundle = Class.forName("org.tensorflow.SavedModelBundle", false, loader);
			Class<?> graphDef = Class.forName("org.tensorflow.proto.GraphDef", false, loader);
			Class<?> loaderType = bundle.getMethod("loader", String.class).getReturnType();
			loaderType.getMethod("withConfigProto", Class.forName("org.tensorflow.proto.ConfigProto", false, loader));
			Class.forName("org.tensorflow.Graph", false, loader).getMethod("importGraphDef", graphDef);
			Class.forName("org.tensorflow.Result", false, loader);
			return null;
		}
		catch (NoSuchMethodException | ClassNotFoundException | LinkageError e) {
			return e.getMessage();
		}
	}

	/** ", JAR supplies org.tensorflow.Graph, Session" for each foreign jar. */
	private static String describe(Map<String, List<String>> foreign) {
		StringBuilder text = new StringBuilder();
		foreign.forEach((source, names) -> text.append(": ").append(source).append(" supplies org.tensorflow.").append(String.join(", ", names)));
		return text.toString();
	}

	private static void checkNativeLibrary() {
		if (nativeFailure != null) throw nativeFailure;
		try {
			Class.forName(NATIVE_MARKER, true, TensorFlowRuntime.class.getClassLoader());
			TensorFlow.version();
		}
		catch (LinkageError | ClassNotFoundException | RuntimeException e) {
			Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
			nativeFailure = new XaiException("TensorFlow's native library does not load on this machine (" + System.getProperty("os.name") + ", "
				+ System.getProperty("os.arch") + "): " + TensorFlowErrors.firstLine(cause.getMessage() == null ? cause.toString() : cause.getMessage())
				+ ". " + NEEDED + "; the native jar must match the platform: ij-xai's release runs on 64-bit Linux (linux-x86_64);"
				+ " for another platform build it with that platform's native jar, e.g. mvn -Dtensorflow.native.classifier=macosx-arm64", e);
			throw nativeFailure;
		}
	}

	private static Class<?> find(ClassLoader loader, String name) {
		try {
			return Class.forName(name, false, loader);
		}
		catch (ClassNotFoundException | LinkageError e) {
			return null;
		}
	}

	/** The jar (or folder) a class was loaded from, as a file path when it is one. */
	static String location(Class<?> type) {
		if (type == null) return "no jar";
		CodeSource source = type.getProtectionDomain().getCodeSource();
		URL url = source == null ? null : source.getLocation();
		if (url == null) return "the Java runtime";
		try {
			return url.getProtocol().equals("file") ? Path.of(url.toURI()).toString() : url.toString();
		}
		catch (URISyntaxException | IllegalArgumentException e) {
			return url.toString();
		}
	}
}
