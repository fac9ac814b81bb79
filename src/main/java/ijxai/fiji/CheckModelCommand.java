package ijxai.fiji;

import java.io.File;
import java.util.Map;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;

import ij.measure.ResultsTable;
import ijxai.engine.bioimage.PackageCheck;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelOptions;
import ijxai.image.PackageChecks;
import ijxai.isolation.IsolatedEngine;

/**
 * Plugins › Explainable AI › Model › Check model: a bioimage.io package's own test, its test
 * input through preprocessing, the model and postprocessing against its test output, as
 * bioimage.io's model test does. A package outside the tolerance is a result ("passed" false),
 * not a failure; a file that is no package is. The tolerances read as {@link PackageChecks}
 * declares them (annotations take only constants; a test compares them), not remembered: the
 * defaults are bioimage.io's.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Explainable AI>Model>Check model", headless = true)
public class CheckModelCommand extends ContextCommand {

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private UIService ui;

	@Parameter(label = "Model package", persistKey = ModelParameter.PERSIST_KEY,
		description = "a bioimage.io model package: a .zip, or a folder holding rdf.yaml or model.yaml (type or drop a folder). Remembered across all Explainable AI commands")
	private File model;

	@Parameter(label = "Absolute tolerance", min = "0", stepSize = "1e-5", persist = false,
		description = "how far a value may be from the test output, plus the relative tolerance times the expected value (bioimage.io's default)")
	private double absoluteTolerance = PackageCheck.ABSOLUTE_TOLERANCE;

	@Parameter(label = "Relative tolerance", min = "0", stepSize = "1e-5", persist = false,
		description = "how far a value may be from the test output, as a share of the expected value (bioimage.io's default)")
	private double relativeTolerance = PackageCheck.RELATIVE_TOLERANCE;

	/** Not remembered: trusting one model must not silently trust the next. */
	@Parameter(label = ModelParameter.TRUST_LABEL, persist = false, description = ModelParameter.TRUST_DESCRIPTION)
	private boolean trustModel;

	@Parameter(type = ItemIO.OUTPUT, label = "Check", description = "one row: whether it passed, the largest absolute and relative differences, the values outside the tolerance")
	private ResultsTable check;

	@Parameter(type = ItemIO.OUTPUT, label = "Passed", description = "true when every value lies within the tolerance of the test output")
	private boolean passed;

	@Parameter(type = ItemIO.OUTPUT, label = "Check summary", description = "the largest absolute and relative differences, and the package's notes")
	private String summary;

	@Override
	public void run() {
		if (IsolatedEngine.rerunCommand(this)) return;
		Failures.run(this, ui, log, "Check model", this::check);
	}

	private void check() {
		PackageCheck.Tolerance tolerance = PackageChecks.tolerance(Map.of(PackageChecks.ABSOLUTE.name(), Double.toString(absoluteTolerance),
			PackageChecks.RELATIVE.name(), Double.toString(relativeTolerance)));
		PackageCheck.Result result = PackageChecks.run(model.toPath(), ModelOptions.DEFAULTS.withTrusted(trustModel), tolerance, ModelCache.SHARED);
		check = PackageChecks.table(result);
		passed = result.passed();
		summary = String.join("\n", result.notes().stream().map(note -> "note: " + note).toList()) + (result.notes().isEmpty() ? "" : "\n") + result.summary();
	}
}
