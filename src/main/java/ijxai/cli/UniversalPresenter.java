package ijxai.cli;

import java.util.List;
import java.util.Locale;

import ijxai.engine.attack.UniversalPerturbation;
import ijxai.image.AttackResults;

/** A universal perturbation: its fooling rates and norms on stdout, the perturbation in image units as {@code universal_perturbation.tif}. */
final class UniversalPresenter implements ToolPresenter<UniversalPerturbation.Result> {

	private static final String NAME = "universal_perturbation";

	@Override public List<String> files() { return List.of(NAME + ".tif"); }

	@Override
	public void present(UniversalPerturbation.Result result, Context context) {
		context.session().out().println(String.format(Locale.ROOT,
			"fooling rate %.3f on %d image(s), %.3f on %d held out; %d pass(es); Linf %.3g, L2 %.3g (image units)", result.foolingRate(), result.building(),
			result.heldOutRate(), result.heldOut(), result.passes(), result.linf(), result.l2()));
		context.session().save(AttackResults.perturbationImage(result.perturbation(), context.set().space(), NAME), context.folder().resolve(NAME + ".tif"));
	}
}
