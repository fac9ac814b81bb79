package ijxai.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

import ijxai.engine.ConformanceTest;
import ijxai.engine.Fixtures;
import ijxai.engine.Numbers;
import ijxai.engine.XaiException;

/**
 * TF1 lookup tables (models/make_nested_models.py): filled from constants they are pure compute,
 * filled from a file they are refused; a signature output mapping class indices to strings
 * through one gives the class names.
 */
class LookupTablesTest extends Fixtures {

	private static final String CONSTANT_TABLES = "tf1_lookup_table";

	@Test
	void aModelWithConstantTablesLoadsUntrustedWithTheTablesClassNames() throws IOException {
		LoadedModel model = model(CONSTANT_TABLES);
		assertEquals(List.of("cat", "dog", "bird", "fish"), model.info().classes());
		assertTrue(model.info().notes().contains("class names from the model's lookup table 'class_names' (signature output 'classes')"),
			model.info().notes().toString());
		// the probabilities add offsets read from a table: they are TensorFlow's only when the table was filled on loading
		float[] output = model.predict(input(CONSTANT_TABLES)).outputs();
		double error = Numbers.relativeL2(output, reference(CONSTANT_TABLES, "output").values);
		assertTrue(error < 1e-5, "probabilities vs TensorFlow: relative L2 " + error);
		List<String> predicted = Files.readAllLines(ConformanceTest.MODELS.resolve(CONSTANT_TABLES).resolve("reference").resolve("classes.txt"));
		int[] targets = model.gradients(input(CONSTANT_TABLES), null, ScoreKind.LOGIT, null, null).targets();
		for (int n = 0; n < targets.length; n++) assertEquals(predicted.get(n), model.info().className(targets[n]), "the signature's class of sample " + n);
	}

	@Test
	void aTableFilledFromAFileIsRefusedSayingSo() {
		String message = assertThrows(XaiException.class,
			() -> new SavedModelLoader(ModelOptions.DEFAULTS).load(ConformanceTest.MODELS.resolve("untrusted").resolve("table_from_file"))).getMessage();
		assertTrue(message.contains("would do more than compute while loading") && message.contains("InitializeTableFromTextFileV2")
			&& message.contains("fills a lookup table from a file") && message.contains("--trust-model"), message);
	}

	/** Only constants may fill a table: keys computed from anything else (here a placeholder) are refused like any unknown op. */
	@Test
	void tablesFilledFromConstantsOnlyAreCompute() {
		assertEquals(List.of(), OpAllowlist.refused(initializedBy("Const"), List.of("init"), OpAllowlist.COMPUTE));
		List<OpAllowlist.Finding> refused = OpAllowlist.refused(initializedBy("Placeholder"), List.of("init"), OpAllowlist.COMPUTE);
		assertEquals(List.of("LookupTableImportV2"), refused.stream().map(OpAllowlist.Finding::op).toList());
	}

	/** A graph whose op "init" fills a HashTableV2 from keys made by {@code keysOp} and constant values. */
	private static MetaGraphDef initializedBy(String keysOp) {
		TensorProto keys = TensorProto.newBuilder().setDtype(DataType.DT_INT64).addInt64Val(0).build();
		List<NodeDef> nodes = new ArrayList<>();
		nodes.add(NodeDef.newBuilder().setName("table").setOp("HashTableV2").build());
		nodes.add(keysOp.equals("Const") ? constant("keys", keys)
			: NodeDef.newBuilder().setName("keys").setOp(keysOp).putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_INT64).build()).build());
		nodes.add(constant("values", TensorProto.newBuilder().setDtype(DataType.DT_STRING).addStringVal(com.google.protobuf.ByteString.copyFromUtf8("cat")).build()));
		nodes.add(NodeDef.newBuilder().setName("init").setOp("LookupTableImportV2").addInput("table").addInput("keys").addInput("values").build());
		return MetaGraphDef.newBuilder().setGraphDef(GraphDef.newBuilder().addAllNode(nodes)).build();
	}

	private static NodeDef constant(String name, TensorProto value) {
		return NodeDef.newBuilder().setName(name).setOp("Const").putAttr("value", AttrValue.newBuilder().setTensor(value).build()).build();
	}
}
