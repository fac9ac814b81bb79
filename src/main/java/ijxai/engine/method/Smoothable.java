package ijxai.engine.method;

import ijxai.engine.FloatBatch;

/**
 * An explanation method a {@link NoiseTunnel} can smooth: its options include the tunnel's
 * ({@link NoiseTunnel#withParameters}), it computes the maps of its job's input in
 * {@link #attribute}, and {@link #explain(ExplainJob)} runs that on the input itself or, when the
 * settings ask for smoothing, on noisy copies of it.
 */
public interface Smoothable extends Explainer {

	@Override
	default Explanation explain(ExplainJob job) {
		return NoiseTunnel.explain(this, job);
	}

	/** The method's maps of the job's input itself, unsmoothed. */
	Explanation attribute(ExplainJob job);

	/** The maps shown for raw maps of the job's input when the options do not ask for raw maps (channels reduced, upsampled, ...). */
	FloatBatch shown(ExplainJob job, FloatBatch raw);

	/** How the method's maps are displayed, raw or shown. */
	Explanation.Display display(boolean raw);
}
