package ijxai.cli;

import java.util.List;

import ijxai.engine.evaluation.SanityChecks;
import ijxai.image.SanityResults;

/**
 * The sanity checks: each method's mean similarities per step on stdout, and {@code sanity.csv}
 * ({@code method,step,layer,spearman_abs,spearman,ssim,hog}), the per-image values, the plot over
 * the steps and the montage of the maps in the output folder.
 */
final class SanityPresenter implements ToolPresenter<SanityChecks.Result> {

	private static final List<String> FILES = List.of(SanityResults.SUMMARY_CSV, SanityResults.VALUES_CSV, SanityResults.PLOT_PNG, SanityResults.MONTAGE_TIF);

	@Override public List<String> files() { return FILES; }

	@Override
	public void present(SanityChecks.Result result, Context context) {
		String csv = SanityResults.csv(result);
		// the header only in the file, as the evaluation prints its rows
		context.session().out().print(csv.substring(csv.indexOf('\n') + 1));
		SanityResults.write(result, context.folder());
		for (String file : FILES) context.session().wrote(context.folder().resolve(file));
	}
}
