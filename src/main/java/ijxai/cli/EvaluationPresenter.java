package ijxai.cli;

import java.util.List;

import ijxai.engine.evaluation.Evaluation;
import ijxai.image.EvaluationResults;

/**
 * An evaluation: each method's mean metrics on stdout, and {@code evaluation.csv}
 * ({@code method,metric,mean,sem,n}), {@code curves.csv}, the per-image values and the plot of the
 * mean deletion and insertion curves in the output folder.
 */
final class EvaluationPresenter implements ToolPresenter<Evaluation.Result> {

	private static final List<String> FILES = List.of(EvaluationResults.SUMMARY_CSV, EvaluationResults.CURVES_CSV, EvaluationResults.VALUES_CSV,
		EvaluationResults.PLOT_PNG);

	@Override public List<String> files() { return FILES; }

	@Override
	public void present(Evaluation.Result result, Context context) {
		String csv = EvaluationResults.csv(result);
		// the header only in the file, as the sweep prints its points
		context.session().out().print(csv.substring(csv.indexOf('\n') + 1));
		EvaluationResults.write(result, context.folder());
		for (String file : FILES) context.session().wrote(context.folder().resolve(file));
	}
}
