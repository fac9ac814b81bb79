package ijxai.engine.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;

/**
 * TF1 lookup tables ({@code HashTable}) filled from constant keys and values: pure compute, as
 * old classifiers use them to map class indices to class names. Tables filled from files
 * ({@code InitializeTableFromTextFile}) are not among these: they read a file.
 */
final class LookupTables {

	/** Making a table, looking keys up in it, asking its size. */
	static final Set<String> OPS = Set.of("HashTable", "HashTableV2", "LookupTableFind", "LookupTableFindV2", "LookupTableSize", "LookupTableSizeV2");
	/** What fills a table from tensors (table, keys, values): pure compute when the keys and values are constants. */
	private static final Set<String> FROM_TENSORS = Set.of("InitializeTable", "InitializeTableV2", "LookupTableImport", "LookupTableImportV2");
	private static final Set<String> TABLES = Set.of("HashTable", "HashTableV2");
	private static final Set<String> FINDS = Set.of("LookupTableFind", "LookupTableFindV2");
	private static final Set<String> PASS_THROUGH = Set.of("Identity", "IdentityN", "Snapshot");

	/** Names of the string output mapped through a table and of that table, and the names by class index. */
	record ClassNames(String output, String table, List<String> names) {}

	private LookupTables() {}

	/** True when the node fills a table from constant keys and values ({@code scope}: the nodes its inputs name). */
	static boolean fillsFromConstants(NodeDef node, Map<String, NodeDef> scope) {
		if (!FROM_TENSORS.contains(node.getOp()) || dataInputs(node).size() != 3) return false;
		return dataInputs(node).subList(1, 3).stream().allMatch(input -> {
			NodeDef source = source(scope, input);
			return source != null && source.getOp().equals("Const");
		});
	}

	/** The graph nodes that fill, from constants, the tables of these names: what must run before the tables are read. */
	static List<String> fillersOf(GraphDef graph, Collection<String> tables) {
		Map<String, NodeDef> nodes = nodes(graph);
		List<String> fillers = new ArrayList<>();
		for (NodeDef node : graph.getNodeList()) {
			if (!fillsFromConstants(node, nodes)) continue;
			NodeDef table = source(nodes, dataInputs(node).get(0));
			if (table != null && tables.contains(table.getName())) fillers.add(node.getName());
		}
		return fillers;
	}

	/** The names of the tables a graph makes. */
	static List<String> tablesIn(GraphDef graph) {
		return graph.getNodeList().stream().filter(node -> TABLES.contains(node.getOp())).map(NodeDef::getName).toList();
	}

	/**
	 * The class names a signature gives through a table: a string output that looks up a table
	 * filled from constant integer keys 0..n−1 and string values, n the number of classes.
	 */
	static Optional<ClassNames> classNames(GraphDef graph, SignatureDef signature, int count) {
		Map<String, NodeDef> nodes = nodes(graph);
		for (Map.Entry<String, TensorInfo> output : signature.getOutputsMap().entrySet()) {
			if (output.getValue().getDtype() != DataType.DT_STRING) continue;
			NodeDef find = source(nodes, output.getValue().getName());
			if (find == null || !FINDS.contains(find.getOp())) continue;
			NodeDef table = source(nodes, dataInputs(find).get(0));
			if (table == null) continue;
			for (NodeDef node : graph.getNodeList()) {
				if (!fillsFromConstants(node, nodes) || source(nodes, dataInputs(node).get(0)) != table) continue;
				List<String> names = byIndex(value(nodes, dataInputs(node).get(1)), value(nodes, dataInputs(node).get(2)), count);
				if (names != null) return Optional.of(new ClassNames(output.getKey(), table.getName(), names));
			}
		}
		return Optional.empty();
	}

	/** The string values in the order of their integer keys, when the keys are exactly 0..count−1. */
	private static List<String> byIndex(TensorProto keys, TensorProto values, int count) {
		if (values.getDtype() != DataType.DT_STRING || values.getStringValCount() != count) return null;
		long[] indices = integers(keys);
		if (indices == null || indices.length != count) return null;
		String[] names = new String[count];
		for (int i = 0; i < count; i++) {
			if (indices[i] < 0 || indices[i] >= count || names[(int) indices[i]] != null) return null;
			names[(int) indices[i]] = values.getStringVal(i).toStringUtf8();
		}
		return List.of(names);
	}

	private static long[] integers(TensorProto tensor) {
		boolean int64 = tensor.getDtype() == DataType.DT_INT64;
		if (!int64 && tensor.getDtype() != DataType.DT_INT32) return null;
		if (!tensor.getTensorContent().isEmpty()) {
			ByteBuffer content = tensor.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
			long[] values = new long[content.remaining() / (int64 ? Long.BYTES : Integer.BYTES)];
			for (int i = 0; i < values.length; i++) values[i] = int64 ? content.getLong() : content.getInt();
			return values;
		}
		return int64 ? tensor.getInt64ValList().stream().mapToLong(Long::longValue).toArray()
			: tensor.getIntValList().stream().mapToLong(Integer::longValue).toArray();
	}

	private static TensorProto value(Map<String, NodeDef> nodes, String input) {
		return source(nodes, input).getAttrOrThrow("value").getTensor();
	}

	/** The node an input comes from, through identities; null when it is not among the nodes. */
	private static NodeDef source(Map<String, NodeDef> nodes, String input) {
		NodeDef node = nodes.get(nodeOf(input));
		while (node != null && PASS_THROUGH.contains(node.getOp()) && !dataInputs(node).isEmpty()) node = nodes.get(nodeOf(dataInputs(node).get(0)));
		return node;
	}

	private static List<String> dataInputs(NodeDef node) {
		return node.getInputList().stream().filter(input -> !input.startsWith("^")).toList();
	}

	/** The node of an input as graphs ({@code node:i}) and function bodies ({@code node:out:i}) write it. */
	private static String nodeOf(String input) {
		int colon = input.indexOf(':');
		return colon < 0 ? input : input.substring(0, colon);
	}

	private static Map<String, NodeDef> nodes(GraphDef graph) {
		Map<String, NodeDef> nodes = new HashMap<>();
		for (NodeDef node : graph.getNodeList()) nodes.put(node.getName(), node);
		return nodes;
	}
}
