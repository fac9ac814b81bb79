package ijxai.image;

import java.awt.Color;
import java.awt.Point;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.io.RoiDecoder;
import ij.plugin.filter.ThresholdToSelection;
import ij.plugin.frame.RoiManager;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import ijxai.engine.XaiException;
import ijxai.engine.model.Region;
import ijxai.engine.model.Target;

/**
 * The regions a user names, as ImageJ has them: the image's selection, every ROI of the ROI
 * Manager, an ImageJ {@code .roi} file or ROI set {@code .zip}, a mask or label image (one region
 * per label); and their outlines as an overlay on the result. Files are untrusted: sizes and
 * counts are bounded, and what cannot be read is refused naming the file.
 */
public final class Regions {

	/** The image's current selection. */
	public static final String SELECTION = "selection";
	/** Every ROI of the ROI Manager, one region each; {@link #EACH_ROI} as the dialogs say it. */
	public static final String ROI_MANAGER = "roi manager", EACH_ROI = "each ROI in the ROI Manager";
	/** An open image as a label image: this prefix and its title. */
	public static final String LABEL_IMAGE = "label image: ";
	/** At most this many regions (labels, ROIs) from one source: each is an explanation of its own. */
	static final int MOST_REGIONS = 1000;
	/** At most this many bytes of a .roi file or of one entry of a ROI set. */
	private static final int MOST_ROI_BYTES = 16 << 20;

	private Regions() {}

	/**
	 * The target with the regions its region text names resolved on {@code image} (of the model
	 * input's size): unchanged for the whole image and for "x,y,w,h", which the engine reads.
	 */
	public static Target resolve(Target target, ImagePlus image) {
		String spec = target.regionSpec();
		if (spec.isEmpty() || spec.matches("[\\s\\d,-]+")) return target;
		return target.inRegions(regions(spec, image), target.mean());
	}

	private static List<Region> regions(String spec, ImagePlus image) {
		int width = image.getWidth(), height = image.getHeight();
		if (spec.equalsIgnoreCase(SELECTION)) {
			Roi roi = image.getRoi();
			if (roi == null) throw new XaiException("region 'selection': image " + image.getTitle() + " has no selection");
			return List.of(of(roi, roi.getName() != null ? roi.getName() : "selection", width, height));
		}
		if (spec.regionMatches(true, 0, LABEL_IMAGE, 0, LABEL_IMAGE.length())) {
			String title = spec.substring(LABEL_IMAGE.length()).trim();
			ImagePlus labels = WindowManager.getImage(title);
			if (labels == null) throw new XaiException("region '" + spec + "': no open image is called " + title);
			return labels(Path.of(title), labels, width, height);
		}
		if (spec.equalsIgnoreCase(ROI_MANAGER) || spec.equalsIgnoreCase(EACH_ROI)) {
			RoiManager manager = RoiManager.getInstance();
			if (manager == null || manager.getCount() == 0) throw new XaiException("region 'roi manager': the ROI Manager has no ROIs");
			return of(List.of(manager.getRoisAsArray()), width, height);
		}
		Path file = Path.of(spec);
		if (!Files.isRegularFile(file)) throw new XaiException("region '" + spec + "' is not x,y,w,h, 'selection', 'roi manager' nor a file");
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (name.endsWith(".roi")) return List.of(of(decode(file, read(file), file.getFileName().toString()), stem(file.getFileName().toString()), width, height));
		if (name.endsWith(".zip")) return of(roiSet(file), width, height);
		return labels(file, ImageBridge.open(file), width, height);
	}

	/** What a dialog offers: the whole image, the selection, each ROI of the ROI Manager, each open image but {@code explained} as a label image. */
	public static List<String> dialogChoices(ImagePlus explained) {
		List<String> choices = new ArrayList<>(List.of(Target.WHOLE_IMAGE, SELECTION, EACH_ROI));
		int[] ids = WindowManager.getIDList();
		if (ids != null) {
			for (int id : ids) {
				ImagePlus open = WindowManager.getImage(id);
				if (open != null && open != explained) choices.add(LABEL_IMAGE + open.getTitle());
			}
		}
		return choices;
	}

	private static List<Region> of(List<Roi> rois, int width, int height) {
		if (rois.size() > MOST_REGIONS) throw new XaiException(rois.size() + " ROIs are more than the " + MOST_REGIONS + " regions one run explains");
		List<Region> regions = new ArrayList<>();
		for (int i = 0; i < rois.size(); i++) regions.add(of(rois.get(i), rois.get(i).getName() != null ? rois.get(i).getName() : "roi " + (i + 1), width, height));
		return regions;
	}

	/** A ROI of any type as a region: the pixels it contains (an area's inside, a line's pixels, a point's pixel). */
	static Region of(Roi roi, String name, int width, int height) {
		float[] weights = new float[width * height];
		for (Point p : roi.getContainedPoints()) if (p.x >= 0 && p.y >= 0 && p.x < width && p.y < height) weights[p.y * width + p.x] = 1;
		return Region.of(name, width, height, weights);
	}

	/** One region per label (nonzero value) of a mask or label image of the image's size, named "label N". */
	private static List<Region> labels(Path file, ImagePlus labels, int width, int height) {
		// file: where the labels came from, for messages (an open image's title)
		if (labels.getWidth() != width || labels.getHeight() != height) {
			throw new XaiException("region file " + file + " is " + labels.getWidth() + "x" + labels.getHeight() + " pixels, the image " + width + "x" + height);
		}
		if (labels.getStackSize() > 1) throw new XaiException("region file " + file + " has " + labels.getStackSize() + " slices; a mask or label image has one");
		ImageProcessor values = labels.getProcessor();
		TreeSet<Float> found = new TreeSet<>();
		for (int i = 0; i < width * height; i++) {
			float v = values.getf(i);
			if (v != 0 && found.add(v) && found.size() > MOST_REGIONS) {
				throw new XaiException("region file " + file + " has more than " + MOST_REGIONS + " labels");
			}
		}
		if (found.isEmpty()) throw new XaiException("region file " + file + " has no nonzero pixel: no region");
		List<Region> regions = new ArrayList<>();
		for (float label : found) {
			float[] weights = new float[width * height];
			for (int i = 0; i < weights.length; i++) if (values.getf(i) == label) weights[i] = 1;
			String name = label == Math.rint(label) ? "label " + (long) label : "label " + label;
			regions.add(Region.of(name, width, height, weights));
		}
		return regions;
	}

	private static List<Roi> roiSet(Path file) {
		List<Roi> rois = new ArrayList<>();
		try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
			for (ZipEntry entry; (entry = zip.getNextEntry()) != null;) {
				if (entry.isDirectory() || !entry.getName().toLowerCase(Locale.ROOT).endsWith(".roi")) continue;
				if (rois.size() == MOST_REGIONS) throw new XaiException("ROI set " + file + " has more than " + MOST_REGIONS + " ROIs");
				Roi roi = decode(file, bounded(zip, file), entry.getName());
				if (roi.getName() == null) roi.setName(stem(entry.getName()));
				rois.add(roi);
			}
		}
		catch (IOException | IllegalArgumentException e) {
			throw new XaiException("cannot read ROI set " + file + ": " + e.getMessage(), e);
		}
		if (rois.isEmpty()) throw new XaiException("ROI set " + file + " holds no .roi entry");
		return rois;
	}

	private static Roi decode(Path file, byte[] bytes, String name) {
		try {
			Roi roi = new RoiDecoder(bytes, name).getRoi();
			if (roi == null) throw new XaiException("cannot read " + name + " of " + file + ": not an ImageJ ROI");
			return roi;
		}
		// a truncated or forged file makes RoiDecoder index outside its bytes
		catch (IOException | RuntimeException e) {
			if (e instanceof XaiException x) throw x;
			throw new XaiException("cannot read " + name + " of " + file + ": not an ImageJ ROI (" + e + ")", e);
		}
	}

	private static byte[] read(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			return bounded(in, file);
		}
		catch (IOException e) {
			throw new XaiException("cannot read ROI file " + file + ": " + e.getMessage(), e);
		}
	}

	private static byte[] bounded(InputStream in, Path file) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		for (int n; (n = in.read(buffer)) > 0;) {
			if (bytes.size() + n > MOST_ROI_BYTES) throw new XaiException("a ROI in " + file + " is larger than " + (MOST_ROI_BYTES >> 20) + " MB");
			bytes.write(buffer, 0, n);
		}
		return bytes.toByteArray();
	}

	private static String stem(String name) {
		String base = name.substring(name.lastIndexOf('/') + 1);
		return base.toLowerCase(Locale.ROOT).endsWith(".roi") ? base.substring(0, base.length() - 4) : base;
	}

	/** The outline of a region (its pixels of nonzero weight) as a selection. */
	static Roi outline(Region region) {
		ByteProcessor mask = new ByteProcessor(region.width(), region.height());
		for (int y = 0; y < region.height(); y++) for (int x = 0; x < region.width(); x++) if (region.weight(x, y) > 0) mask.set(x, y, 255);
		mask.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
		Roi roi = new ThresholdToSelection().convert(mask);
		roi.setName(region.name());
		return roi;
	}

	/** The image with every slice {@code times} times over, as a job with that many regions lays its samples out. */
	static ImagePlus eachSliceRepeated(ImagePlus image, int times) {
		if (times == 1) return image;
		ij.ImageStack stack = new ij.ImageStack(image.getWidth(), image.getHeight());
		for (int slice = 1; slice <= image.getStackSize(); slice++) {
			for (int r = 0; r < times; r++) stack.addSlice(image.getStack().getSliceLabel(slice), image.getStack().getProcessor(slice));
		}
		ImagePlus repeated = new ImagePlus(image.getTitle(), stack);
		repeated.setDisplayRange(image.getDisplayRangeMin(), image.getDisplayRangeMax());
		return repeated;
	}

	/** Draws each map's region outline on its slice (maps of {@code channels} channels per sample, sample s on region {@code regions.get(s)}). */
	static void drawOutlines(ImagePlus maps, List<Region> regions, int channels) {
		Overlay overlay = new Overlay();
		for (int s = 0; s < regions.size(); s++) {
			Roi outline = outline(regions.get(s));
			outline.setStrokeColor(Color.YELLOW);
			if (maps.getStackSize() > 1) {
				if (channels > 1) outline.setPosition(0, 1, s + 1);
				else outline.setPosition(s + 1);
			}
			overlay.add(outline);
		}
		maps.setOverlay(overlay);
	}
}
