package ijxai.engine.lrp;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ijxai.engine.FloatBatch;
import ijxai.engine.XaiException;
import ijxai.engine.graph.BackwardRules;
import ijxai.engine.method.ChannelReduction;
import ijxai.engine.method.ExplainJob;
import ijxai.engine.method.Explanation;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.method.NoiseTunnel;
import ijxai.engine.method.SampleChunks;
import ijxai.engine.method.Smoothable;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelInfo;

/**
 * Layer-wise relevance propagation (Bach et al. 2015; Montavon et al. 2019): the target's score is
 * redistributed layer by layer down to the input by the rules of a composite; a backward pass over
 * the flattened graph with BatchNorm folded into the linear layers (the canonizer). Signed map,
 * summed over channels; every label reports Σ relevance beside the score. Can be smoothed by the
 * {@link NoiseTunnel}.
 */
public final class Lrp implements Smoothable {

	static final String COMPOSITE = "composite", RULE = "rule", LAYER_RULE = "layer-rule", EPSILON = "epsilon", GAMMA = "gamma", LOW = "low",
		HIGH = "high", MAX_POOL = "maxpool", BATCH_NORM = "batchnorm", BIAS = "bias", RELEVANCE_LAYER = "relevance-layer";
	public static final String RELEVANCE_SUM = "relevance sum";
	/** Zennit's stabilizer of the rules other than ε. */
	static final double STABILIZER = 1e-6;

	@Override public String name() { return "lrp"; }

	@Override public String title() { return "LRP"; }

	@Override
	public List<MethodParameter> parameters() {
		return NoiseTunnel.withParameters(List.of(
			MethodParameter.choice(COMPOSITE, "Composite", "rules per layer type, as Zennit's presets: convolutions / dense layers / first layer",
				"epsilon-plus", "epsilon-plus-flat", "epsilon-alpha2-beta1", "epsilon-alpha2-beta1-flat", "epsilon-gamma-box"),
			MethodParameter.text(RULE, "Rule for every layer",
				"instead of the composite: zero, epsilon[:e], gamma[:g], alpha1beta0, alpha2beta1, zplus, wsquare, flat, zbox"),
			MethodParameter.layerRules(LAYER_RULE, "Rules by layer", "NAME=RULE[,NAME=RULE...] for Keras layers, e.g. conv2d=flat,dense_1=epsilon:0.25",
				"zero", "epsilon", "gamma", "alpha1beta0", "alpha2beta1", "zplus", "wsquare", "flat", "zbox"),
			MethodParameter.number(EPSILON, "Epsilon", 1e-6, 1e-12, 1e6, "ε of LRP-ε (> 0; the rule zero is LRP-0)"),
			MethodParameter.number(GAMMA, "Gamma", 0.25, 0, 1e6, "γ of LRP-γ"),
			MethodParameter.number(LOW, "Input low (z^B)", 0, -1e30, 1e30, "smallest model-input value, for z^B (0 for 0-1 normalization)"),
			MethodParameter.number(HIGH, "Input high (z^B)", 1, -1e30, 1e30, "largest model-input value, for z^B"),
			MethodParameter.choice(MAX_POOL, "Max pooling", "winner-take-all, or in proportion to the activations", "winner", "proportional"),
			MethodParameter.choice(BATCH_NORM, "BatchNorm", "fold BatchNorm and other affine ops into the linear layer before them (canonizer; "
				+ "elsewhere they pass relevance on), or treat each as a linear layer of its own", "fold", "layer"),
			MethodParameter.choice(BIAS, "Biases", "include the biases in the rules (they absorb relevance), or ignore them (relevance is conserved)",
				"include", "ignore"),
			MethodParameter.layer(RELEVANCE_LAYER, "Relevance at layer", "a Keras layer name: the relevance of that layer's output, one plane per channel")));
	}

	/** The Keras layers that hold a convolution or dense product: the ones a rule applies to. */
	@Override
	public List<String> ruleLayers(LoadedModel model) {
		List<org.tensorflow.GraphOperation> linear = model.operations().stream().filter(op -> LinearUnit.LINEAR_OPS.contains(op.type())).toList();
		List<String> names = new java.util.ArrayList<>();
		for (ModelInfo.Layer layer : model.info().layers()) {
			if (linear.stream().anyMatch(op -> BackwardRules.inLayer(op, layer.name()))) names.add(layer.name());
		}
		return names;
	}

	/** The composite the settings describe. */
	public static LrpComposite composite(MethodSettings.Values settings) {
		double epsilon = settings.number(EPSILON), gamma = settings.number(GAMMA);
		LrpRule conv, dense = LrpRule.epsilon(epsilon), first = null;
		String name = settings.text(COMPOSITE);
		switch (name) {
			case "epsilon-plus-flat": conv = LrpRule.zPlus(STABILIZER); first = LrpRule.flat(STABILIZER); break;
			case "epsilon-alpha2-beta1": conv = LrpRule.alphaBeta(2, 1, STABILIZER); break;
			case "epsilon-alpha2-beta1-flat": conv = LrpRule.alphaBeta(2, 1, STABILIZER); first = LrpRule.flat(STABILIZER); break;
			case "epsilon-gamma-box": conv = LrpRule.gamma(gamma, STABILIZER); first = LrpRule.zBox(STABILIZER); break;
			default: conv = LrpRule.zPlus(STABILIZER);
		}
		if (!settings.text(RULE).isEmpty()) {
			conv = dense = LrpRule.parse(settings.text(RULE), epsilon, gamma, STABILIZER);
			first = null;
			name = "rule " + conv.name();
		}
		Map<String, LrpRule> byLayer = new HashMap<>();
		for (String entry : settings.text(LAYER_RULE).split(",")) {
			if (entry.isBlank()) continue;
			String[] pair = entry.split("=");
			if (pair.length != 2) throw new XaiException("layer rules are NAME=RULE, separated by commas; not '" + entry.trim() + "'");
			byLayer.put(pair[0].trim(), LrpRule.parse(pair[1], epsilon, gamma, STABILIZER));
		}
		if (!byLayer.isEmpty()) name += " + " + settings.text(LAYER_RULE).replace(" ", "");
		if (settings.text(BIAS).equals("ignore")) {
			conv = conv.withoutBias();
			dense = dense.withoutBias();
			first = first == null ? null : first.withoutBias();
			byLayer.replaceAll((layer, rule) -> rule.withoutBias());
			name += ", biases ignored";
		}
		// LRP-0 everywhere is exact: then sums and pools split without a stabilizer's bias either
		double sumStabilizer = conv.name().equals("zero") && dense.name().equals("zero") ? LrpRule.zero().stabilizer() : STABILIZER;
		return new LrpComposite(name, conv, dense, first, Map.copyOf(byLayer), settings.text(MAX_POOL).equals("proportional"),
			settings.text(BATCH_NORM).equals("fold"), settings.number(LOW), settings.number(HIGH), sumStabilizer);
	}

	@Override
	public Explanation attribute(ExplainJob job) {
		LoadedModel model = job.model();
		FloatBatch input = job.input();
		MethodSettings.Values settings = job.settings();
		LrpComposite composite = composite(settings);
		List<String> ruleLayers = ruleLayers(model);
		// rules name a layer by its path or its unique short name; the rules apply by path, so a short name cannot match a namesake elsewhere
		Map<String, LrpRule> byPath = new java.util.LinkedHashMap<>();
		for (Map.Entry<String, LrpRule> rule : composite.byLayer().entrySet()) {
			String path = model.info().layer(rule.getKey()).name();
			if (!ruleLayers.contains(path)) {
				throw new XaiException("layer '" + rule.getKey() + "' has no convolution or dense product for an LRP rule; rule layers: " + String.join(", ", ruleLayers));
			}
			byPath.put(path, rule.getValue());
		}
		composite = composite.withLayerRules(Map.copyOf(byPath));
		String relevanceLayer = settings.text(RELEVANCE_LAYER);
		String wrt = relevanceLayer.isEmpty() ? null : model.info().scoreSideTensor(model.info().layer(relevanceLayer));
		FloatBatch[] relevance = new FloatBatch[1];
		SampleChunks.Scores scores = SampleChunks.inputGradients(job, wrt, composite, title(), (index, pass, row) -> {
			FloatBatch part = pass.gradient();
			if (relevance[0] == null) relevance[0] = FloatBatch.zeros(input.count(), part.height(), part.width(), part.channels());
			System.arraycopy(part.data(), row * part.sampleSize(), relevance[0].data(), index * part.sampleSize(), part.sampleSize());
		});
		FloatBatch maps = relevance[0];
		float[] sums = new float[input.count()];
		for (int n = 0; n < input.count(); n++) {
			double sum = 0;
			for (int i = n * maps.sampleSize(); i < (n + 1) * maps.sampleSize(); i++) sum += maps.data()[i];
			sums[n] = (float) sum;
		}
		String details = String.format(Locale.ROOT, "%s%s", composite.name(), relevanceLayer.isEmpty() ? "" : ", relevance at " + relevanceLayer);
		List<String> channels = List.of();
		if (!relevanceLayer.isEmpty()) {
			channels = new java.util.ArrayList<>();
			for (int k = 0; k < maps.channels(); k++) channels.add(relevanceLayer + " channel " + k);
		}
		else if (!job.options().raw()) {
			maps = shown(job, maps);
		}
		return SampleChunks.result(this, job, maps, channels, scores, display(job.options().raw()), Map.of(RELEVANCE_SUM, sums), details);
	}

	/** Input relevance summed over the channels; relevance at a layer (one map per channel) as it is. */
	@Override
	public FloatBatch shown(ExplainJob job, FloatBatch raw) {
		return job.settings().text(RELEVANCE_LAYER).isEmpty() ? ChannelReduction.SUM.reduceAll(raw) : raw;
	}

	@Override
	public Explanation.Display display(boolean raw) {
		return Explanation.Display.SIGNED;
	}
}
