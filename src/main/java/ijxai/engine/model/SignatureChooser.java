package ijxai.engine.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

import ijxai.engine.XaiException;

/** Picks the serving signature with one float image input, and its output. */
final class SignatureChooser {

	static final String DEFAULT_SIGNATURE = "serving_default";

	private SignatureChooser() {}

	static String choose(Path folder, MetaGraphDef metaGraph, String requested, List<String> notes) {
		Map<String, SignatureDef> signatures = new TreeMap<>(metaGraph.getSignatureDefMap());
		signatures.remove("__saved_model_init_op");
		if (signatures.isEmpty()) throw new XaiException("the model in " + folder + " has no serving signature");
		if (requested != null) {
			SignatureDef signature = signatures.get(requested);
			if (signature == null) {
				throw new XaiException("the model in " + folder + " has no signature '" + requested + "' (it has " + signatures.keySet() + ")");
			}
			String problem = problem(signature);
			if (problem != null) throw new XaiException("signature '" + requested + "' of the model in " + folder + " cannot be used: " + problem);
			return requested;
		}
		SignatureDef preferred = signatures.get(DEFAULT_SIGNATURE);
		if (preferred != null && problem(preferred) == null) return DEFAULT_SIGNATURE;
		List<String> usable = new ArrayList<>();
		for (Map.Entry<String, SignatureDef> entry : signatures.entrySet()) {
			if (problem(entry.getValue()) == null) usable.add(entry.getKey());
		}
		if (usable.isEmpty()) {
			String name = preferred != null ? DEFAULT_SIGNATURE : signatures.keySet().iterator().next();
			throw new XaiException("the model in " + folder + " cannot be used: signature '" + name + "' " +
				problem(signatures.get(name)) + (signatures.size() > 1 ? ", and no other signature " + signatures.keySet() + " takes one float image" : ""));
		}
		String chosen = usable.get(0);
		notes.add("signature '" + chosen + "' used" + (preferred != null ? " ('" + DEFAULT_SIGNATURE + "' " + problem(preferred) + ")" : "") +
			(usable.size() > 1 ? "; others usable: " + usable.subList(1, usable.size()) : ""));
		return chosen;
	}

	/** Why a signature cannot be explained, or null when it can. */
	static String problem(SignatureDef signature) {
		if (signature.getInputsCount() == 0) return "has no input";
		if (signature.getInputsCount() > 1) {
			return "has several inputs " + new TreeMap<>(signature.getInputsMap()).keySet() + "; ij-xai explains models with a single image input";
		}
		TensorInfo input = signature.getInputsMap().values().iterator().next();
		if (input.getDtype() == DataType.DT_STRING) return "takes strings (serialized tf.Example records), not an image";
		if (input.getDtype() != DataType.DT_FLOAT) {
			return "takes " + input.getDtype().name().replace("DT_", "").toLowerCase() + " input; ij-xai needs a float32 image input";
		}
		if (input.getTensorShape().getUnknownRank()) return "has an input of unknown rank";
		int rank = input.getTensorShape().getDimCount();
		if (rank < 2 || rank > 4) return "has a rank-" + rank + " input; ij-xai takes [N,H,W,C], [N,H,W] or [N,H*W*C]";
		if (signature.getOutputsCount() == 0) return "has no output";
		return null;
	}

	static Map.Entry<String, TensorInfo> chooseOutput(SignatureDef signature, String requested) {
		Map<String, TensorInfo> outputs = new TreeMap<>(signature.getOutputsMap());
		if (requested != null && outputs.containsKey(requested)) return Map.entry(requested, outputs.get(requested));
		for (Map.Entry<String, TensorInfo> entry : outputs.entrySet()) {
			if (entry.getValue().getDtype() == DataType.DT_FLOAT) return entry;
		}
		return outputs.entrySet().iterator().next();
	}
}
