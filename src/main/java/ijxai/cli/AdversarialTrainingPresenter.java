package ijxai.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import ijxai.engine.attack.AdversarialTraining;
import ijxai.image.AttackResults;

/** Adversarial fine-tuning: where the hardened model went, its epochs, and both models' robustness curves. */
final class AdversarialTrainingPresenter implements ToolPresenter<AdversarialTraining.Result> {

	private static final String EPOCHS = "adversarial_training.csv", CURVES = "robustness_before_after.csv", PLOT = "robustness_before_after.tif";

	@Override public List<String> files() { return List.of(EPOCHS, CURVES, PLOT + " (the hardened SavedModel beside the original, or at --output-model)"); }

	@Override
	public void present(AdversarialTraining.Result result, Context context) {
		Session session = context.session();
		session.out().println(String.format(Locale.ROOT, "fine-tuned on %d images (%d held out) against %s at epsilon %s: %s", result.trained(), result.heldOut(),
			result.attack(), result.epsilon(), result.exported()));
		session.save(AttackResults.epochs(result), context.folder().resolve(EPOCHS));
		List<ijxai.engine.attack.RobustnessSweep.Point> curves = AttackResults.beforeAndAfter(result);
		if (curves.isEmpty()) return;
		Path csv = context.folder().resolve(CURVES);
		AttackResults.write(csv, AttackResults.csv(curves));
		session.wrote(csv);
		session.save(AttackResults.plot(curves).getImagePlus(), context.folder().resolve(PLOT));
	}
}
