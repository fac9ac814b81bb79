package ijxai.engine;

import java.util.List;
import java.util.stream.Collectors;

/** The registry of explanation methods: menus, command line and macros list them from here. */
public final class Explainers {

	private static final List<Explainer> ALL = List.of(new Saliency(), new GradientTimesInput(), new SmoothGrad(), new IntegratedGradients(),
		new Occlusion(), new GradCam(), new GradCamPlusPlus(), ModifiedBackprop.GUIDED, ModifiedBackprop.DECONVNET, new GuidedGradCam(), new LayerActivations(), new Lrp(),
		GradientStep.FGSM, GradientStep.NORMALIZED, new Pgd(), new DeepFool(), new RandomNoise(),
		new ClassVisualization(), new DeepDream(), new Caricature());

	private Explainers() {}

	public static List<Explainer> all() {
		return ALL;
	}

	public static Explainer byName(String name) {
		for (Explainer explainer : ALL) if (explainer.name().equalsIgnoreCase(name)) return explainer;
		throw new XaiException("unknown method '" + name + "'; methods: " + ALL.stream().map(Explainer::name).collect(Collectors.joining(", ")));
	}
}
