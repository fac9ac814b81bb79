package ijxai.cli;

import java.util.List;

import ijxai.engine.evaluation.Evaluation;
import ijxai.engine.evaluation.SanityChecks;
import ijxai.image.EvaluationResults;
import ijxai.image.SanityResults;

/** How the command line shows the evaluation tools' results: a summary CSV on stdout and its files in the output folder. */
final class EvaluationPresenter {

	private EvaluationPresenter() {}

	/**
	 * An evaluation: each method's mean metrics on stdout, and {@code evaluation.csv}
	 * ({@code method,metric,mean,sem,n}), {@code curves.csv}, the per-image values and the plot of the
	 * mean deletion and insertion curves in the output folder.
	 */
	static ToolPresenter<Evaluation.Result> evaluation() {
		return new SummaryPresenter<>(EvaluationResults::csv, EvaluationResults::write, List.of(EvaluationResults.SUMMARY_CSV, EvaluationResults.CURVES_CSV,
			EvaluationResults.VALUES_CSV, EvaluationResults.PLOT_PNG));
	}

	/**
	 * The sanity checks: each method's mean similarities per step on stdout, and {@code sanity.csv}
	 * ({@code method,step,layer,spearman_abs,spearman,ssim,hog}), the per-image values, the plot over
	 * the steps and the montage of the maps in the output folder.
	 */
	static ToolPresenter<SanityChecks.Result> sanity() {
		return new SummaryPresenter<>(SanityResults::csv, SanityResults::write, List.of(SanityResults.SUMMARY_CSV, SanityResults.VALUES_CSV,
			SanityResults.PLOT_PNG, SanityResults.MONTAGE_TIF));
	}
}
