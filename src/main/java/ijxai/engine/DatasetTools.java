package ijxai.engine;

import java.util.List;
import java.util.stream.Collectors;

import ijxai.engine.attack.AdversarialTraining;
import ijxai.engine.attack.RobustnessSweep;
import ijxai.engine.attack.UniversalPerturbation;
import ijxai.engine.evaluation.Evaluation;
import ijxai.engine.evaluation.SanityChecks;
import ijxai.engine.features.FeatureSpaceTool;
import ijxai.engine.features.FirstLayerFilters;
import ijxai.engine.method.DatasetTool;

/** The registry of dataset tools (they work on a set of images, or the model alone): menus, command line and macros list them from here. */
public final class DatasetTools {

	private static final List<DatasetTool<?>> ALL = List.of(new RobustnessSweep(), new UniversalPerturbation(), new FeatureSpaceTool(), new FirstLayerFilters(),
		new Evaluation(), new SanityChecks(), new AdversarialTraining());

	private DatasetTools() {}

	public static List<DatasetTool<?>> all() {
		return ALL;
	}

	public static DatasetTool<?> byName(String name) {
		for (DatasetTool<?> tool : ALL) if (tool.name().equalsIgnoreCase(name)) return tool;
		throw new XaiException("unknown tool '" + name + "'; tools: " + ALL.stream().map(DatasetTool::name).collect(Collectors.joining(", ")));
	}
}
