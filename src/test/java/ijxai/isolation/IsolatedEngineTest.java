package ijxai.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;

import org.junit.jupiter.api.Test;

import ijxai.engine.Explainers;

/**
 * The pieces of the engine loader that a JVM with one TensorFlow cannot show (TensorFlowBesideCsbDeepIT
 * runs it with TensorFlow Java 1.15 first in real ImageJ and Fiji's command layer).
 */
class IsolatedEngineTest {

	@Test
	void withOneTensorFlowNothingIsIsolated() {
		assertFalse(IsolatedEngine.needed(Explainers.class), "the test class path has TensorFlow Java 1.1.0 only");
		assertFalse(IsolatedEngine.rerun(new Object(), "saliency"));
	}

	@Test
	void ofSeveralJavaCppOrProtobufJarsTheNewestIsTaken() throws Exception {
		assertTrue(IsolatedEngine.version(new URL("file:/Fiji.app/jars/protobuf-java-4.32.0.jar"))
			> IsolatedEngine.version(new URL("file:/Fiji.app/jars/protobuf-java-3.25.1.jar")));
		assertTrue(IsolatedEngine.version(new URL("file:/Fiji.app/jars/javacpp-1.5.10.jar"))
			> IsolatedEngine.version(new URL("file:/Fiji.app/jars/javacpp-1.5.9.jar")));
		assertTrue(IsolatedEngine.version(new URL("file:/Fiji.app/jars/javacpp-1.5.10.jar")) > 0);
	}

	@Test
	void resourcesPointIntoTheirJarOrClassFolder() throws Exception {
		assertEquals(new URL("file:/Fiji.app/jars/tensorflow-core-api-1.1.0.jar"),
			IsolatedEngine.jarOf(new URL("jar:file:/Fiji.app/jars/tensorflow-core-api-1.1.0.jar!/org/tensorflow/ConcreteFunction.class")));
		assertEquals(new URL("file:/work/target/classes/"), IsolatedEngine.jarOf(new URL("file:/work/target/classes/org/tensorflow/Graph.class")));
	}

	@Test
	void thePlatformIsNamedAsJavaCppNamesIt() {
		String platform = IsolatedEngine.platform();
		assertTrue(platform.matches("(linux|macosx|windows)-(x86_64|arm64|ppc64le)"), platform);
		if (System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64")) assertEquals("linux-x86_64", platform);
	}
}
