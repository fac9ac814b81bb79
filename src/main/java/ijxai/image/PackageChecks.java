package ijxai.image;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ij.measure.ResultsTable;
import ijxai.engine.XaiException;
import ijxai.engine.bioimage.ModelPackage;
import ijxai.engine.bioimage.PackageCheck;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelOptions;

/**
 * A bioimage.io package's own test ({@link PackageCheck}) as the entry points run it: the
 * tolerance options declared once, the package opened and its model leased, and the result as a
 * one-row table.
 */
public final class PackageChecks {

	public static final MethodParameter ABSOLUTE = MethodParameter.number("absolute-tolerance", "Absolute tolerance", PackageCheck.ABSOLUTE_TOLERANCE, 0,
		Double.MAX_VALUE, "how far a value may be from the test output, plus the relative tolerance times the expected value (bioimage.io's default)");
	public static final MethodParameter RELATIVE = MethodParameter.number("relative-tolerance", "Relative tolerance", PackageCheck.RELATIVE_TOLERANCE, 0,
		Double.MAX_VALUE, "how far a value may be from the test output, as a share of the expected value (bioimage.io's default)");
	public static final List<MethodParameter> TOLERANCES = List.of(ABSOLUTE, RELATIVE);

	private PackageChecks() {}

	/** The tolerance of the values given by option name; a missing one is bioimage.io's default. */
	public static PackageCheck.Tolerance tolerance(Map<String, String> given) {
		return new PackageCheck.Tolerance(number(given, ABSOLUTE), number(given, RELATIVE));
	}

	private static double number(Map<String, String> given, MethodParameter option) {
		String value = given.getOrDefault(option.name(), option.defaultValue()).trim();
		try {
			return Double.parseDouble(value);
		}
		catch (NumberFormatException e) {
			throw new XaiException("option '" + option.name() + "' takes a number, not '" + value + "'");
		}
	}

	/** Runs the test of the package at {@code path} on its model, leased from {@code cache}. */
	public static PackageCheck.Result run(Path path, ModelOptions options, PackageCheck.Tolerance tolerance, ModelCache cache) {
		ModelPackage pack = ModelSource.requirePackage(path);
		try (ModelSource.Lease lease = ModelSource.lease(cache, path, options)) {
			return PackageCheck.run(lease.pack().orElse(pack), lease.model(), tolerance);
		}
	}

	/** The result as one row: package, passed, the largest differences, values outside the tolerance, the tolerances, notes. */
	public static ResultsTable table(PackageCheck.Result result) {
		ResultsTable table = new ResultsTable();
		table.incrementCounter();
		table.addValue("package", result.file().getFileName().toString());
		table.addValue("passed", result.passed() ? "yes" : "no");
		table.addValue("largest absolute difference", result.maxAbsolute());
		table.addValue("largest relative difference", result.maxRelative());
		table.addValue("values outside", result.outside());
		table.addValue("values", result.count());
		table.addValue("absolute tolerance", result.tolerance().absolute());
		table.addValue("relative tolerance", result.tolerance().relative());
		table.addValue("notes", String.join("; ", result.notes()));
		return table;
	}
}
