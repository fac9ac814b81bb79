package ijxai.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import ijxai.engine.XaiException;
import ijxai.engine.bioimage.PackageCheck;
import ijxai.engine.method.CommonOptions;
import ijxai.engine.method.MethodParameter;
import ijxai.image.PackageChecks;

/**
 * {@code check}: a bioimage.io package's own test, its test input through preprocessing, the model
 * and postprocessing against its test output; exit status 1 when a value lies outside the tolerance.
 */
final class CheckCommand implements Command {

	private static final Input PACKAGE = new Input("model", "PACKAGE", "a bioimage.io model package: a .zip, or a folder holding rdf.yaml or model.yaml", true);

	@Override public String name() { return "check"; }

	@Override public String summary() { return "runs a bioimage.io package's test input and prints the largest differences to its test output"; }

	@Override public List<Input> inputs() { return List.of(PACKAGE); }

	@Override
	public List<MethodParameter> options() {
		return Stream.concat(CommonOptions.MODEL.stream(), PackageChecks.TOLERANCES.stream()).toList();
	}

	@Override
	public void run(Arguments arguments, Session session) {
		PackageCheck.Tolerance tolerance;
		try {
			tolerance = PackageChecks.tolerance(arguments.given(PackageChecks.TOLERANCES));
		}
		catch (XaiException e) {
			throw new UsageException(e.getMessage());
		}
		Path path = Path.of(arguments.required(PACKAGE.name()));
		PackageCheck.Result result = PackageChecks.run(path, arguments.common().model(), tolerance, session.cache());
		result.notes().forEach(note -> session.out().println("note: " + note));
		session.out().println(result.summary());
		if (!result.passed()) throw new XaiException(result.file().getFileName() + " did not pass its test: " + result.outside() + " values outside the tolerance");
	}
}
