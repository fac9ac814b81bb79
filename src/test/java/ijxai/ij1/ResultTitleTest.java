package ijxai.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.ImageStack;
import ijxai.engine.Explainers;
import ijxai.engine.Normalization;
import ijxai.engine.Progress;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelOptions;
import ijxai.engine.model.ScoreKind;
import ijxai.engine.model.Target;
import ijxai.image.ExplainImage;

/** Result windows are named {@code <image>-<method>-<class>}, the class by name. */
class ResultTitleTest {

	private static final Path FASHION = Path.of("models/fashion_mnist_cnn");

	private static ExplainImage.Output explain(ImagePlus image, String method, String target, double overlay) {
		return explain(image, method, target, overlay, Map.of());
	}

	private static ExplainImage.Output explain(ImagePlus image, String method, String target, double overlay, Map<String, String> values) {
		ExplainImage.Settings settings = new ExplainImage.Settings(FASHION, ModelOptions.DEFAULTS, Normalization.ZERO_ONE, false, overlay);
		ExplainOptions options = new ExplainOptions(Target.parse(target), ScoreKind.LOGIT, 32, false, new MethodSettings(values, Map.of()));
		return ExplainImage.explain(image, settings, Explainers.byName(method), options, Map.of(), ModelCache.SHARED, Progress.NONE);
	}

	private static ImagePlus image(String... names) {
		ImageStack stack = new ImageStack(28, 28);
		for (String name : names) stack.addSlice(name, new ImagePlus("test-images/" + name + ".png").getProcessor());
		return new ImagePlus(names.length == 1 ? names[0] + ".png" : "clothes", stack);
	}

	@Test
	void aPredictedSingleImageIsNamedAfterItsPredictedClass() {
		ExplainImage.Output result = explain(image("fashion-0000-ankle-boot"), "saliency", "predicted", 0.5);
		assertEquals("fashion-0000-ankle-boot-saliency-Ankle boot", result.maps().getTitle());
		assertEquals("fashion-0000-ankle-boot-saliency-Ankle boot-overlay", result.overlay().getTitle());
	}

	@Test
	void aStackOfDifferentPredictedClassesIsNamedPredicted() {
		ExplainImage.Output result = explain(image("fashion-0000-ankle-boot", "fashion-0002-trouser"), "gradxinput", "predicted", 0);
		assertEquals("clothes-gradxinput-predicted", result.maps().getTitle());
	}

	@Test
	void aClassNameWithASlashBecomesAFileName() {
		ExplainImage.Output result = explain(image("fashion-0000-ankle-boot"), "saliency", "T-shirt/top", 0);
		assertEquals("fashion-0000-ankle-boot-saliency-T-shirt_top", result.maps().getTitle());
	}

	@Test
	void aTargetGivenByIndexIsNamedByTheClassName() {
		ExplainImage.Output result = explain(image("fashion-0000-ankle-boot", "fashion-0002-trouser"), "saliency", "1", 0);
		assertEquals("clothes-saliency-Trouser", result.maps().getTitle());
	}

	@Test
	void aTargetedAttackIsNamedByItsTargetNotTheClassItStartedFrom() {
		ExplainImage.Output result = explain(image("fashion-0000-ankle-boot"), "fgsm", "Trouser", 0);
		assertEquals("fashion-0000-ankle-boot-fgsm-Trouser", result.maps().getTitle());
	}

	@Test
	void anAdversarialImageKeepsItsSuffix() {
		ExplainImage.Output result = explain(image("fashion-0002-trouser"), "fgsm", "predicted", 0, Map.of("epsilon", "64"));
		assertEquals("fashion-0002-trouser-fgsm-Trouser", result.maps().getTitle());
		assertEquals("fashion-0002-trouser-fgsm-Trouser-adversarial", result.input().getTitle());
	}
}
