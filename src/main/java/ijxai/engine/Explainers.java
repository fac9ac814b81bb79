package ijxai.engine;

import java.util.List;
import java.util.stream.Collectors;

import ijxai.engine.attack.CarliniWagner;
import ijxai.engine.attack.DeepFool;
import ijxai.engine.attack.GradientStep;
import ijxai.engine.attack.Pgd;
import ijxai.engine.attack.RandomNoise;
import ijxai.engine.attribution.DeepLift;
import ijxai.engine.attribution.GradCam;
import ijxai.engine.attribution.GradCamPlusPlus;
import ijxai.engine.attribution.GradientTimesInput;
import ijxai.engine.attribution.GuidedGradCam;
import ijxai.engine.attribution.IntegratedGradients;
import ijxai.engine.attribution.KernelShap;
import ijxai.engine.attribution.LayerCam;
import ijxai.engine.attribution.Lime;
import ijxai.engine.attribution.ModifiedBackprop;
import ijxai.engine.attribution.Occlusion;
import ijxai.engine.attribution.Saliency;
import ijxai.engine.attribution.ScoreCam;
import ijxai.engine.attribution.SmoothGrad;
import ijxai.engine.features.Caricature;
import ijxai.engine.features.ClassVisualization;
import ijxai.engine.features.DeepDream;
import ijxai.engine.features.LayerActivations;
import ijxai.engine.lrp.Lrp;
import ijxai.engine.method.Explainer;

/** The registry of explanation methods: menus, command line and macros list them from here. */
public final class Explainers {

	private static final List<Explainer> ALL = List.of(new Saliency(), new GradientTimesInput(), new SmoothGrad(), new IntegratedGradients(), new DeepLift(),
		new Occlusion(), new GradCam(), new GradCamPlusPlus(), ModifiedBackprop.GUIDED, ModifiedBackprop.DECONVNET, new GuidedGradCam(), new LayerActivations(), new Lrp(),
		new ScoreCam(),
		new LayerCam(),
		new Lime(),
		new KernelShap(),
		GradientStep.FGSM, GradientStep.NORMALIZED, new Pgd(), new DeepFool(), new CarliniWagner(), new RandomNoise(),
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
