package ijxai.cli;

import java.util.ArrayList;
import java.util.List;

import ijxai.engine.DatasetTools;
import ijxai.engine.Explainers;
import ijxai.engine.method.DatasetTool;
import ijxai.engine.method.Explainer;

/**
 * The commands, in usage order: the model's description and predictions, one per dataset tool,
 * one per explanation method. Built on each call, inside {@link Main#run}: listing the methods
 * loads TensorFlow classes, which must fail there (one line) when they clash.
 */
final class Commands {

	private Commands() {}

	static List<Command> all() {
		List<Command> all = new ArrayList<>(List.of(new InfoCommand(), new CheckCommand(), new PredictCommand(), new CulpritCommand(), new TrainingCommand()));
		for (DatasetTool<?> tool : DatasetTools.all()) all.add(ToolCommand.of(tool));
		for (Explainer method : Explainers.all()) all.add(new ExplainCommand(method));
		return all;
	}

	/** The command of this name (in any case, as the registries look names up), or a usage error. */
	static Command named(String name) {
		for (Command command : all()) if (command.name().equalsIgnoreCase(name)) return command;
		throw new UsageException("unknown command '" + name + "'");
	}
}
