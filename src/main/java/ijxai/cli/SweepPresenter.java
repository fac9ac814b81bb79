package ijxai.cli;

import java.nio.file.Path;
import java.util.List;

import ijxai.engine.attack.RobustnessSweep;
import ijxai.image.AttackResults;

/** A robustness sweep: its points on stdout and in {@code robustness.csv}. */
final class SweepPresenter implements ToolPresenter<List<RobustnessSweep.Point>> {

	private static final String CSV = "robustness.csv";

	@Override public List<String> files() { return List.of(CSV); }

	@Override
	public void present(List<RobustnessSweep.Point> points, Context context) {
		String csv = AttackResults.csv(points);
		// the header only in the file
		context.session().out().print(csv.substring(csv.indexOf('\n') + 1));
		Path target = context.folder().resolve(CSV);
		AttackResults.write(target, csv);
		context.session().wrote(target);
	}
}
