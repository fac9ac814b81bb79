package ijxai.engine;

/** One explanation method: a batch of model inputs in, one attribution map per sample out. */
public interface Explainer {

	/** The short name used on the command line, in macros and in output file names. */
	String name();

	/** The name shown in menus and window titles. */
	String title();

	Explanation explain(LoadedModel model, FloatBatch input, ExplainOptions options, Progress progress);
}
