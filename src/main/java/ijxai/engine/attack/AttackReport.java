package ijxai.engine.attack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import ijxai.engine.FloatBatch;
import ijxai.engine.ImageSpace;
import ijxai.engine.method.ExplainJob;
import ijxai.engine.method.Explanation;
import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.Predictions;

/**
 * What an attack reports for every sample: its measures (the class and probability before and
 * after, norms in image and model units, iterations, success, whether the example survives being
 * stored at the image's bit depth, the class of the noise control, the amplification of the
 * perturbation plane), its planes (original, perturbation at true scale and amplified, adversarial
 * image, loss gradient) and a label that says it in words.
 */
public final class AttackReport {

	public static final List<String> PLANES = List.of("original", "perturbation", "perturbation amplified", "adversarial", "loss gradient (model units)");
	public static final String CLASS_BEFORE = "class before", P_BEFORE = "p before", CLASS_AFTER = "class after", P_AFTER = "p after",
		LINF = "Linf", L2 = "L2", LINF_MODEL = "Linf model units", ITERATIONS = "iterations", SUCCESS = "success",
		SURVIVES = "survives quantization", NOISE_CLASS = "noise class", AMPLIFICATION = "amplification";
	/** The measures in the order of the results table. */
	private static final List<String> MEASURES = List.of(CLASS_BEFORE, P_BEFORE, CLASS_AFTER, P_AFTER, LINF, L2, LINF_MODEL, ITERATIONS, SUCCESS, SURVIVES,
		NOISE_CLASS, AMPLIFICATION);

	/**
	 * What the model says (class probabilities, [N·K]) of the input, of the adversarial images, of
	 * those as the image type stores them, and of the noise control.
	 */
	record Answers(float[] before, float[] after, float[] afterStoring, float[] afterNoise) {}

	/** A sample's measures, in the order of {@link #MEASURES}, and the norms and amplification at full precision for its label and planes. */
	private record Measured(float[] values, double linf, double l2, double amplification) {}

	private AttackReport() {}

	/**
	 * The explanation of an attack on the job's input.
	 *
	 * @param original the class each sample started from
	 * @param gradient the loss gradient at the input (model units)
	 * @param stored the adversarial images as the image type stores them: the explanation's new input
	 *     when storing keeps at least one example working
	 */
	static Explanation of(AttackMethod method, ExplainJob job, AttackMethod.Goal goal, AttackMethod.Result result, int[] original, FloatBatch gradient,
		FloatBatch stored, Answers answers)
	{
		FloatBatch input = job.input();
		ModelInfo info = job.info();
		int count = input.count(), classes = info.classCount();
		Map<String, float[]> measures = new LinkedHashMap<>();
		for (String name : MEASURES) measures.put(name, new float[count]);
		FloatBatch planes = FloatBatch.zeros(count, input.height(), input.width(), PLANES.size() * input.channels());
		String[] labels = new String[count];
		// samples are independent: measured and drawn on all cores while TensorFlow is idle
		IntStream.range(0, count).parallel().forEach(n -> {
			Measured measured = measure(n, job, goal, result, original, answers);
			for (int k = 0; k < MEASURES.size(); k++) measures.get(MEASURES.get(k))[n] = measured.values()[k];
			draw(planes, n, input, result.adversarial(), gradient, job.space(), job.options().raw(), measured.amplification());
			labels[n] = label(method, info, measured, result.iterations()[n]);
		});
		int c = input.channels();
		List<String> channelNames = new ArrayList<>();
		for (String plane : PLANES) for (int ch = 0; ch < c; ch++) channelNames.add(c == 1 ? plane : plane + " channel " + (ch + 1));
		float[] probabilityAfter = measures.get(P_AFTER);
		float[] scores = new float[count];
		boolean anySurvives = false;
		for (float survives : measures.get(SURVIVES)) anySurvives |= survives == 1;
		return new Explanation(method.name(), planes, channelNames, original, scores, probabilityAfter, List.of(labels), Explanation.Display.SIGNED, measures,
			anySurvives ? stored : null);
	}

	/** Sample n's measures. */
	private static Measured measure(int n, ExplainJob job, AttackMethod.Goal goal, AttackMethod.Result result, int[] original, Answers answers) {
		FloatBatch input = job.input(), adversarial = result.adversarial();
		ImageSpace space = job.space();
		int classes = job.info().classCount(), size = input.sampleSize();
		int classAfter = Predictions.mostProbable(answers.after(), n, classes);
		double linf = 0, l2 = 0, linfModel = 0, originalRange = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		// comparisons, not Math.max and Math.min, which Java 17 runs several times slower on doubles (images with NaN are refused before)
		for (int i = n * size; i < (n + 1) * size; i++) {
			double image = space.toImage(n, input.data()[i]), delta = Math.abs(space.toImage(n, adversarial.data()[i]) - image);
			double deltaModel = Math.abs(adversarial.data()[i] - input.data()[i]);
			if (delta > linf) linf = delta;
			l2 += delta * delta;
			if (deltaModel > linfModel) linfModel = deltaModel;
			if (image < min) min = image;
			if (image > max) max = image;
		}
		originalRange = max - min;
		double amplification = linf > 0 ? Math.max(1, Math.floor(0.5 * (originalRange > 0 ? originalRange : 1) / linf)) : 1;
		float[] values = { original[n], answers.before()[n * classes + original[n]], classAfter, answers.after()[n * classes + classAfter], (float) linf,
			(float) Math.sqrt(l2), (float) linfModel, result.iterations()[n], goal.reached(n, classAfter) ? 1 : 0,
			goal.reached(n, Predictions.mostProbable(answers.afterStoring(), n, classes)) ? 1 : 0, Predictions.mostProbable(answers.afterNoise(), n, classes),
			(float) amplification };
		return new Measured(values, linf, Math.sqrt(l2), amplification);
	}

	/** Sample n's planes: in image units, or in model units when raw; the loss gradient always in model units. */
	private static void draw(FloatBatch planes, int n, FloatBatch input, FloatBatch adversarial, FloatBatch gradient, ImageSpace space, boolean raw,
		double amplification)
	{
		float[] out = planes.data();
		int c = input.channels(), size = input.sampleSize(), pixels = input.height() * input.width();
		for (int p = 0; p < pixels; p++) {
			for (int ch = 0; ch < c; ch++) {
				int at = n * size + p * c + ch, base = (n * pixels + p) * planes.channels() + ch;
				float x = input.data()[at], a = adversarial.data()[at];
				if (raw) {
					out[base] = x;
					out[base + c] = a - x;
					out[base + 2 * c] = (float) ((a - x) * amplification);
					out[base + 3 * c] = a;
				}
				else {
					double image = space.toImage(n, x), attacked = space.toImage(n, a);
					out[base] = (float) image;
					out[base + c] = (float) (attacked - image);
					out[base + 2 * c] = (float) ((attacked - image) * amplification);
					out[base + 3 * c] = (float) attacked;
				}
				out[base + 4 * c] = gradient.data()[at];
			}
		}
	}

	/** A sample's label: the classes before and after, success, norms, iterations and amplification in words. */
	private static String label(AttackMethod method, ModelInfo info, Measured measured, int iterations) {
		float[] m = measured.values();
		boolean success = m[MEASURES.indexOf(SUCCESS)] == 1, survives = m[MEASURES.indexOf(SURVIVES)] == 1;
		return String.format(Locale.ROOT, "%s · %s (p %.2f) → %s (p %.2f) · %s, Linf %.3g, L2 %.3g, %d iteration(s), perturbation x%.0f%s",
			method.name(), info.className((int) m[MEASURES.indexOf(CLASS_BEFORE)]), m[MEASURES.indexOf(P_BEFORE)], info.className((int) m[MEASURES.indexOf(CLASS_AFTER)]),
			m[MEASURES.indexOf(P_AFTER)], success ? "success" : "failed", measured.linf(), measured.l2(), iterations, measured.amplification(),
			success && !survives ? ", erased by quantization" : "");
	}
}
