package ijxai.engine.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

import com.google.protobuf.ByteString;

import ijxai.engine.XaiException;
import ijxai.engine.graph.BackwardPass;

/**
 * A model graph with some of its float constants (frozen weights) holding other values: how
 * randomized weights (sanity checks) and weights restored from training checkpoints run through
 * the same flat graph without the model on disk being touched.
 */
final class ConstantValues {

	private ConstantValues() {}

	/**
	 * The model's own nodes of {@code source} (not those ij-xai added), the named constants holding
	 * the given values, which must match each constant's element count.
	 */
	static GraphDef replaced(GraphDef source, Map<String, float[]> values, String folder) {
		GraphDef.Builder copy = source.toBuilder().clearNode();
		Set<String> unknown = new TreeSet<>(values.keySet());
		for (NodeDef node : source.getNodeList()) {
			if (node.getName().startsWith(BackwardPass.OWN_OPS)) continue;
			float[] value = values.get(node.getName());
			if (value != null) {
				unknown.remove(node.getName());
				node = withValue(node, value, folder);
			}
			copy.addNode(node);
		}
		if (!unknown.isEmpty()) throw new XaiException("the model in " + folder + " has no constants named " + unknown);
		return copy.build();
	}

	private static NodeDef withValue(NodeDef node, float[] value, String folder) {
		AttrValue old = node.getAttrMap().get("value");
		if (!node.getOp().equals("Const") || old == null || old.getTensor().getDtype() != DataType.DT_FLOAT) {
			throw new XaiException("node '" + node.getName() + "' of the model in " + folder + " is not a float constant (it is " + node.getOp() + ")");
		}
		TensorShapeProto shape = old.getTensor().getTensorShape();
		long size = 1;
		for (TensorShapeProto.Dim dim : shape.getDimList()) size *= dim.getSize();
		if (size != value.length) {
			throw new XaiException("constant '" + node.getName() + "' of the model in " + folder + " holds " + size + " values, not " + value.length);
		}
		ByteBuffer bytes = ByteBuffer.allocate(4 * value.length).order(ByteOrder.LITTLE_ENDIAN);
		bytes.asFloatBuffer().put(value);
		TensorProto tensor = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(shape)
			.setTensorContent(ByteString.copyFrom(bytes.array())).build();
		return node.toBuilder().putAttr("value", AttrValue.newBuilder().setTensor(tensor).build()).build();
	}
}
