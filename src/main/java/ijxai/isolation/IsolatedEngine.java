package ijxai.isolation;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ij-xai with its own TensorFlow Java 1.1.0 in a class loader of its own, for a Fiji where another
 * TensorFlow Java (1.15 from the CSBDeep update site, which StarDist and CSBDeep need) supplies the
 * classes named {@code org.tensorflow.*} first. The loader takes ij-xai, TensorFlow Java 1.1.0,
 * JavaCPP and protobuf from their own jars (child first) and shares everything else with Fiji
 * (ImageJ, SciJava, the JDK), so images, dialogs, services and results pass between the two as
 * they are; both TensorFlows' native libraries live side by side in one process. The ImageJ 1.x
 * plugins, the Fiji modules and commands re-run themselves in it ({@link #rerun}, {@link #call});
 * where no other TensorFlow Java comes first, everything runs as before.
 * <p>
 * This class imports nothing from ij-xai, TensorFlow or ImageJ: it is the one class both loaders share.
 */
public final class IsolatedEngine {

	/** What the engine loader takes from its own jars; the rest comes from the loader ij-xai was installed in. */
	private static final List<String> OWN_PACKAGES = List.of("ijxai.", "org.tensorflow.", "org.bytedeco.", "com.google.protobuf.");
	private static final String SHARED_PACKAGE = IsolatedEngine.class.getPackageName() + ".";
	/** Present only in TensorFlow Java 1.x of the tensorflow-java project (1.1.0), not in TensorFlow Java 1.15. */
	private static final String API_MARKER = "org/tensorflow/ConcreteFunction.class";
	private static final String CLASHING = "org/tensorflow/Graph.class";
	private static final Pattern VERSION = Pattern.compile("-(\\d+)\\.(\\d+)(?:\\.(\\d+))?[^/]*\\.jar");

	/** The engine loader per loader ij-xai was installed in; absent when there is no clash or it cannot be built. */
	private static final Map<ClassLoader, EngineLoader> LOADERS = Collections.synchronizedMap(new WeakHashMap<>());

	private IsolatedEngine() {}

	/**
	 * Whether {@code caller} (an ij-xai class) must hand its work to the engine loader: another
	 * TensorFlow Java supplies {@code org.tensorflow.Graph} where it was loaded, and TensorFlow Java
	 * 1.1.0's jars are there as well. False inside the engine loader, and when the 1.1.0 jars are
	 * missing (the engine then says what is missing).
	 */
	public static boolean needed(Class<?> caller) {
		ClassLoader own = caller.getClassLoader();
		if (own == null || own instanceof EngineLoader) return false;
		return loader(own) != null;
	}

	/**
	 * Runs an ImageJ 1.x plugin's {@code run(arg)} on its twin in the engine loader when {@link #needed};
	 * returns whether it did (the caller then returns at once).
	 */
	public static boolean rerun(Object plugin, String arg) {
		if (!needed(plugin.getClass())) return false;
		Object twin = newTwin(plugin.getClass());
		invoke(method(twin.getClass(), "run", String.class), twin, arg);
		return true;
	}

	/**
	 * Runs a SciJava command's {@code run()} on its twin in the engine loader when {@link #needed}: its
	 * fields (inputs, services) are copied to the twin, and back after the run (outputs). Returns
	 * whether it did.
	 */
	public static boolean rerunCommand(Runnable command) {
		if (!needed(command.getClass())) return false;
		Object twin = newTwin(command.getClass());
		copyFields(command, twin);
		invoke(method(twin.getClass(), "run"), twin);
		copyFields(twin, command);
		return true;
	}

	/** Calls the static method of {@code owner}'s twin in the engine loader (the caller checked {@link #needed}). */
	public static Object call(Class<?> owner, String name, Class<?>[] types, Object... arguments) {
		Method method = method(twinClass(owner), name, types);
		return invoke(method, null, arguments);
	}

	private static EngineLoader loader(ClassLoader installed) {
		synchronized (LOADERS) {
			if (!LOADERS.containsKey(installed)) LOADERS.put(installed, build(installed));
			return LOADERS.get(installed);
		}
	}

	/** The engine loader, or null when nothing clashes or TensorFlow Java 1.1.0's jars are not all there. */
	private static EngineLoader build(ClassLoader installed) {
		URL api = installed.getResource(API_MARKER), graph = installed.getResource(CLASHING);
		if (api == null || graph == null || jarOf(api).equals(jarOf(graph))) return null;
		Set<URL> jars = new LinkedHashSet<>();
		jars.add(ownJar());
		for (Predicate<Set<URL>> addition : List.<Predicate<Set<URL>>>of(
			found -> found.add(jarOf(api)),
			found -> addFirst(found, installed, "org/tensorflow/internal/c_api/global/tensorflow.class"),
			found -> addFirst(found, installed, "org/tensorflow/internal/c_api/" + platform() + "/"),
			found -> addFirst(found, installed, "org/tensorflow/ndarray/NdArray.class"),
			found -> addNewest(found, installed, "org/bytedeco/javacpp/Loader.class"),
			found -> addNewest(found, installed, "com/google/protobuf/GeneratedMessage.class"))) {
			if (!addition.test(jars)) return null;
		}
		// said once, for the Fiji console: where the engine's classes come from is the first thing to know when something fails
		System.err.println("ij-xai: " + jarOf(graph).getPath() + " supplies org.tensorflow.* first here; ij-xai runs its own TensorFlow Java 1.1.0 ("
			+ jarOf(api).getPath() + ") in a class loader of its own");
		return new EngineLoader(jars.toArray(new URL[0]), installed);
	}

	private static boolean addFirst(Set<URL> jars, ClassLoader installed, String resource) {
		URL url = installed.getResource(resource);
		return url != null && jars.add(jarOf(url));
	}

	/** Of several copies (another plugin may bring an older JavaCPP or protobuf), the newest by the version in the jar's name. */
	private static boolean addNewest(Set<URL> jars, ClassLoader installed, String resource) {
		List<URL> copies = new ArrayList<>();
		try {
			for (URL url : Collections.list(installed.getResources(resource))) copies.add(jarOf(url));
		}
		catch (IOException e) {
			return false;
		}
		return copies.stream().max(Comparator.comparing(IsolatedEngine::version)).map(jars::add).orElse(false);
	}

	static long version(URL jar) {
		Matcher matcher = VERSION.matcher(jar.getPath());
		long version = 0;
		while (matcher.find()) {
			version = 0;
			for (int group = 1; group <= 3; group++) version = version * 10_000 + (matcher.group(group) == null ? 0 : Long.parseLong(matcher.group(group)));
		}
		return version;
	}

	/** JavaCPP's name of this platform, under which TensorFlow Java's native jar holds its libraries. */
	static String platform() {
		String os = System.getProperty("os.name").toLowerCase(Locale.ROOT), arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
		String system = os.startsWith("mac") ? "macosx" : os.startsWith("windows") ? "windows" : os.replaceAll("\\s", "");
		String machine = arch.equals("amd64") || arch.equals("x86-64") ? "x86_64" : arch.equals("aarch64") ? "arm64" : arch;
		return system + "-" + machine;
	}

	/** The jar (or class folder) a resource URL points into. */
	static URL jarOf(URL resource) {
		String text = resource.toString();
		try {
			if (text.startsWith("jar:")) return new URL(text.substring(4, text.indexOf("!/")));
			String path = resource.getPath();
			// a class folder (tests, an IDE): the folder holding the package root
			int packageRoot = path.lastIndexOf("/org/") >= 0 ? path.lastIndexOf("/org/") : path.lastIndexOf("/com/");
			return new URL(resource.getProtocol(), resource.getHost(), path.substring(0, packageRoot + 1));
		}
		catch (MalformedURLException e) {
			throw new IllegalStateException("cannot tell the jar of " + text, e);
		}
	}

	private static URL ownJar() {
		CodeSource source = IsolatedEngine.class.getProtectionDomain().getCodeSource();
		if (source == null || source.getLocation() == null) throw new IllegalStateException("ij-xai's classes have no location to load them from");
		return source.getLocation();
	}

	private static Class<?> twinClass(Class<?> type) {
		try {
			return Class.forName(type.getName(), true, loader(type.getClassLoader()));
		}
		catch (ClassNotFoundException e) {
			throw new IllegalStateException("ij-xai's " + type.getName() + " is missing from " + ownJar(), e);
		}
	}

	private static Object newTwin(Class<?> type) {
		try {
			var constructor = twinClass(type).getDeclaredConstructor();
			constructor.setAccessible(true);
			return constructor.newInstance();
		}
		catch (ReflectiveOperationException e) {
			throw new IllegalStateException("ij-xai's " + type.getName() + " cannot be made in its own class loader: " + e, e);
		}
	}

	/** Copies the instance fields whose types both loaders share (services, images, files, texts, numbers). */
	private static void copyFields(Object from, Object to) {
		for (Class<?> type = from.getClass(), twin = to.getClass(); type != null && type != Object.class; type = type.getSuperclass(), twin = twin.getSuperclass()) {
			for (Field field : type.getDeclaredFields()) {
				if (Modifier.isStatic(field.getModifiers()) || !shared(field.getType())) continue;
				try {
					Field other = twin.getDeclaredField(field.getName());
					field.setAccessible(true);
					other.setAccessible(true);
					other.set(to, field.get(from));
				}
				catch (ReflectiveOperationException e) {
					throw new IllegalStateException("field " + field + " cannot be handed to ij-xai's own class loader: " + e, e);
				}
			}
		}
	}

	private static boolean shared(Class<?> type) {
		if (type.isPrimitive()) return true;
		return !(type.getClassLoader() instanceof EngineLoader) && OWN_PACKAGES.stream().noneMatch(type.getName()::startsWith);
	}

	private static Method method(Class<?> type, String name, Class<?>... types) {
		try {
			Method method = type.getDeclaredMethod(name, types);
			method.setAccessible(true);
			return method;
		}
		catch (NoSuchMethodException e) {
			throw new IllegalStateException("ij-xai's " + type.getName() + " has no method " + name, e);
		}
	}

	private static Object invoke(Method method, Object target, Object... arguments) {
		try {
			return method.invoke(target, arguments);
		}
		catch (InvocationTargetException e) {
			if (e.getCause() instanceof RuntimeException runtime) throw runtime;
			if (e.getCause() instanceof Error error) throw error;
			throw new IllegalStateException(e.getCause());
		}
		catch (IllegalAccessException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Child first for ij-xai, TensorFlow, JavaCPP and protobuf, except this package; parent first for everything else. */
	static final class EngineLoader extends URLClassLoader {

		static {
			registerAsParallelCapable();
		}

		EngineLoader(URL[] jars, ClassLoader parent) {
			super("ij-xai engine (TensorFlow Java 1.1.0)", jars, parent);
		}

		private static boolean own(String name) {
			return !name.startsWith(SHARED_PACKAGE) && OWN_PACKAGES.stream().anyMatch(name::startsWith);
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (!own(name)) return super.loadClass(name, resolve);
			synchronized (getClassLoadingLock(name)) {
				Class<?> type = findLoadedClass(name);
				if (type == null) {
					try {
						type = findClass(name);
					}
					catch (ClassNotFoundException e) {
						type = super.loadClass(name, false);
					}
				}
				if (resolve) resolveClass(type);
				return type;
			}
		}

		@Override
		public URL getResource(String name) {
			URL own = own(name.replace('/', '.')) ? findResource(name) : null;
			return own != null ? own : super.getResource(name);
		}
	}
}
