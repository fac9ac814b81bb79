package ijxai.engine.bioimage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ijxai.engine.XaiException;
import ijxai.engine.bioimage.PackageDescription.AxisSize;

/** Descriptions read as data, and the messages for what is wrong in them. */
class DescriptionReaderTest {

	@TempDir
	Path folder;

	private static final String V04 = """
		format_version: 0.4.10
		type: model
		name: tiny
		authors: [{name: A. Author}, B. Author]
		license: MIT
		cite: [{text: A paper, doi: 10.1/x}]
		test_inputs: [in.npy]
		test_outputs: [out.npy]
		inputs:
		- name: raw
		  axes: bcyx
		  data_type: uint8
		  data_range: [0, 255]
		  shape: {min: [1, 2, 8, 8], step: [0, 0, 8, 8]}
		  preprocessing:
		  - {name: scale_linear, kwargs: {gain: [2, 3], offset: 1, axes: yx}}
		outputs:
		- name: out
		  axes: bcyx
		  shape: {reference_tensor: raw, scale: [1, 1, 0.5, 0.5], offset: [0, 0, 1, 1]}
		  halo: [0, 0, 2, 2]
		  postprocessing: [{name: binarize, kwargs: {threshold: 0.5}}]
		weights:
		  pytorch_state_dict: {source: weights.pt}
		  tensorflow_saved_model_bundle: {source: tf}
		""";

	private PackageDescription read(String text) throws IOException {
		Files.writeString(folder.resolve("rdf.yaml"), text, StandardCharsets.UTF_8);
		for (String file : new String[] { "in.npy", "out.npy", "tf/saved_model.pb" }) {
			Files.createDirectories(folder.resolve(file).getParent());
			if (Files.notExists(folder.resolve(file))) Files.write(folder.resolve(file), new byte[] { 1 });
		}
		return DescriptionReader.read(folder, folder.resolve("rdf.yaml"), PackageLimits.defaults(folder.resolve("cache")));
	}

	private String refusal(String text) {
		return assertThrows(XaiException.class, () -> read(text)).getMessage();
	}

	@Test
	void format04AsData() throws IOException {
		PackageDescription description = read(V04);
		assertEquals(List.of("A. Author", "B. Author"), description.authors());
		assertEquals("A paper (doi:10.1/x)", description.cite().get(0).toString());
		assertEquals(List.of("pytorch_state_dict", "tensorflow_saved_model_bundle"), description.weights().formats());
		PackageDescription.TensorDescription input = description.inputs().get(0), output = description.outputs().get(0);
		assertEquals("bcyx", input.axisLetters());
		assertEquals(new AxisSize.Fixed(2), input.axis('c').size());
		assertEquals(new AxisSize.Parameterized(8, 8), input.axis('x').size());
		assertArrayEquals(new double[] { 0, 255 }, input.dataRange());
		// 0.4: output = reference · scale + 2 · offset
		assertEquals(new AxisSize.Reference("raw", "y", 0.5, 2), output.axis('y').size());
		assertEquals(2, output.axis('x').halo());
		assertEquals(new Processing.ScaleLinear(new double[] { 2, 3 }, new double[] { 1 }, 'c').toString().replaceAll("@\\w+", ""),
			input.processing().get(0).toString().replaceAll("@\\w+", ""));
		assertEquals("binarize", output.processing().get(0).name());
	}

	@Test
	void weightsOtherThanTensorFlowAreRefusedNamingWhatThePackageHas() {
		String message = refusal(V04.replace("  tensorflow_saved_model_bundle: {source: tf}\n", "  torchscript: {source: w.pt}\n"));
		assertTrue(message.contains("the package has weights in pytorch_state_dict, torchscript; ij-xai runs only tensorflow_saved_model_bundle"), message);
	}

	@Test
	void hostileYamlIsRefused() {
		String java = refusal("format_version: 0.4.10\nname: !!java.net.URL [\"http://localhost/\"]\n");
		assertTrue(java.contains("rdf.yaml is not a valid model description") && java.contains("java.net.URL"), java);
		// SnakeYAML shares aliased nodes instead of copying them; more aliases than the limit are refused
		String many = refusal("format_version: 0.4.10\nx: &x [1]\n" + "y: [" + "*x, ".repeat(200) + "*x]\n");
		assertTrue(many.contains("aliases"), many);
		assertTrue(refusal("format_version: 0.4.10\nname: a\nname: b\n").contains("duplicate key"));
	}

	@Test
	void filesMustLieInsideThePackage() {
		assertTrue(refusal(V04.replace("source: tf}", "source: ../../etc}")).contains("points outside the package: ../../etc"));
		assertTrue(refusal(V04.replace("source: tf}", "source: 'https://zenodo.org/w.zip'}")).contains("is on the internet"));
		assertTrue(refusal(V04.replace("[in.npy]", "[missing.npy]")).contains("test_inputs[0] names missing.npy, which the package does not have"));
	}

	@Test
	void wrongAxesAndShapesNameTheField() {
		assertTrue(refusal(V04.replace("axes: bcyx\n  data_type", "axes: bcyq\n  data_type")).contains("inputs[0].axes has axis 'q'"));
		assertTrue(refusal(V04.replace("[1, 2, 8, 8]", "[1, 2, 8]")).contains("inputs[0].shape.min has 3 values for the 4 axes bcyx"));
		assertTrue(refusal(V04.replace("reference_tensor: raw", "reference_tensor: nothing")).contains("from tensor 'nothing'"));
		assertTrue(refusal(V04.replace("format_version: 0.4.10", "format_version: 0.6.0")).contains("ij-xai reads 0.2.x-csbdeep, 0.4.x and 0.5.x"));
		assertTrue(refusal(V04.replace("name: scale_linear", "name: scale_mean_variance")).contains("is 'scale_mean_variance'; ij-xai applies"));
	}

	@Test
	void npyHeadersAreChecked() throws IOException {
		Path good = Files.write(folder.resolve("good.npy"), PackageFuzzTest.npy("<f4", new int[] { 2, 3 }, 4));
		NpyReader.Array array = NpyReader.read(good, 100);
		assertArrayEquals(new int[] { 2, 3 }, array.shape());
		assertArrayEquals(new float[] { 0, 1, 2, 3, 4, 5 }, array.values());
		Path big = Files.write(folder.resolve("big.npy"), PackageFuzzTest.npy(">f4", new int[] { 2, 3 }, 4));
		assertTrue(assertThrows(XaiException.class, () -> NpyReader.read(big, 100)).getMessage().contains("data type is '>f4'"));
		assertTrue(assertThrows(XaiException.class, () -> NpyReader.read(good, 5)).getMessage().contains("more than 5 values"));
		byte[] bytes = PackageFuzzTest.npy("<f4", new int[] { 2, 3 }, 4);
		Path cut = Files.write(folder.resolve("cut.npy"), java.util.Arrays.copyOf(bytes, bytes.length - 1));
		assertTrue(assertThrows(XaiException.class, () -> NpyReader.read(cut, 100)).getMessage().contains("its shape needs 24"));
	}
}
