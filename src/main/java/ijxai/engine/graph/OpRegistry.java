package ijxai.engine.graph;

import java.util.HashMap;
import java.util.Map;

import org.tensorflow.TensorFlow;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.OpDef;

import ijxai.engine.XaiException;

/**
 * The OpDefs registered in the TensorFlow runtime plus the function signatures of a model's
 * library: what turns a function-body reference {@code node:out_arg:index} into a flat output
 * index, since an output argument may stand for a list of tensors.
 */
final class OpRegistry {

	private static final Map<String, OpDef> RUNTIME_OPS = new HashMap<>();

	private final Map<String, OpDef> functionSignatures;

	OpRegistry(Map<String, OpDef> functionSignatures) {
		this.functionSignatures = functionSignatures;
	}

	OpDef opDef(String opType) {
		OpDef function = functionSignatures.get(opType);
		if (function != null) return function;
		synchronized (RUNTIME_OPS) {
			if (RUNTIME_OPS.isEmpty()) {
				for (OpDef op : TensorFlow.registeredOpList().getOpList()) RUNTIME_OPS.put(op.getName(), op);
			}
			return RUNTIME_OPS.get(opType);
		}
	}

	boolean isFunction(String opType) {
		return functionSignatures.containsKey(opType);
	}

	/** The flat index of the {@code index}-th tensor of output argument {@code argName}. */
	int flatOutputIndex(String opType, Map<String, AttrValue> attrs, String argName, int index) {
		OpDef op = opDef(opType);
		if (op == null) throw new XaiException("the model uses the op '" + opType +
			"', which this TensorFlow runtime (" + TensorFlow.version() + ") does not know");
		int offset = 0;
		for (OpDef.ArgDef arg : op.getOutputArgList()) {
			if (arg.getName().equals(argName)) return offset + index;
			offset += argLength(arg, attrs);
		}
		throw new XaiException("op '" + opType + "' has no output named '" + argName + "'");
	}

	/** How many outputs an op has, from its attrs. */
	int outputCount(String opType, Map<String, AttrValue> attrs) {
		OpDef op = opDef(opType);
		if (op == null) return 1;
		int count = 0;
		for (OpDef.ArgDef arg : op.getOutputArgList()) count += argLength(arg, attrs);
		return count;
	}

	/** How many tensors an argument stands for, from the op's attrs. */
	static int argLength(OpDef.ArgDef arg, Map<String, AttrValue> attrs) {
		if (!arg.getNumberAttr().isEmpty()) {
			AttrValue n = attrs.get(arg.getNumberAttr());
			return n == null ? 1 : (int) n.getI();
		}
		if (!arg.getTypeListAttr().isEmpty()) {
			AttrValue types = attrs.get(arg.getTypeListAttr());
			return types == null ? 0 : types.getList().getTypeCount();
		}
		return 1;
	}
}
