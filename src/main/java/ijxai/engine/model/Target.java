package ijxai.engine.model;

import java.util.List;

import ijxai.engine.XaiException;

/**
 * Which output an explanation is about: the predicted class, or a fixed class given by index
 * or name. For per-pixel outputs the class is an output channel and its score is summed over
 * the pixels, or over the pixels of regions (one explanation per region), or averaged there.
 */
public final class Target {

	/** How the predicted class is asked for, in dialogs, macros and on the command line. */
	public static final String PREDICTED_NAME = "predicted";

	/** How the whole image (no region) may be asked for. */
	public static final String WHOLE_IMAGE = "whole image";

	public static final Target PREDICTED = new Target(null, "", List.of(), false);

	private final String spec;
	private final String regionSpec;
	private final List<Region> regions;
	private final boolean mean;

	private Target(String spec, String regionSpec, List<Region> regions, boolean mean) {
		this.spec = spec;
		this.regionSpec = regionSpec;
		this.regions = regions;
		this.mean = mean;
	}

	/** Parses "predicted", a class index or a class name (as typed in a dialog or on the command line). */
	public static Target parse(String text) {
		if (text == null || text.isBlank() || text.trim().equalsIgnoreCase(PREDICTED_NAME)) return PREDICTED;
		return new Target(text.trim(), "", List.of(), false);
	}

	/**
	 * This class in each of {@code regions} (empty: the whole image), scored by the sum over the
	 * region of the weighted values, or by their weighted mean.
	 */
	public Target inRegions(List<Region> newRegions, boolean newMean) {
		return new Target(spec, regionSpec, List.copyOf(newRegions), newMean);
	}

	/**
	 * This class in the region(s) {@code text} names, as the user gave them (empty: the whole
	 * image): "x,y,w,h" is resolved when the job is bound, anything else (a file, the ImageJ
	 * selection) by the adapter, before, with {@link #inRegions}.
	 */
	public Target inRegions(String text, boolean newMean) {
		String given = text == null || text.trim().equalsIgnoreCase(WHOLE_IMAGE) ? "" : text.trim();
		return new Target(spec, given, regions, newMean);
	}

	/** The regions as the user named them, "" for the whole image. */
	public String regionSpec() {
		return regionSpec;
	}

	/** The regions explained one by one; empty for the whole image. */
	public List<Region> regions() {
		return regions;
	}

	/** True when a region's score is the weighted mean of its values, not their sum. */
	public boolean mean() {
		return mean;
	}

	public boolean isPredicted() {
		return spec == null;
	}

	/** The class index for this model, or a clear error naming the classes it has. */
	public int resolve(ModelInfo info) {
		if (isPredicted()) throw new IllegalStateException("the predicted target has no fixed index");
		int index = info.classIndex(spec);
		if (index < 0) {
			throw new XaiException("target '" + spec + "' is not a class of the model in " + info.folder() + ": use 'predicted', 0.." +
				(info.classCount() - 1) + " or one of " + info.classes());
		}
		return index;
	}

	@Override
	public String toString() {
		return isPredicted() ? "predicted" : spec;
	}
}
