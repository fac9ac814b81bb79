package ijxai.cli;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.measure.ResultsTable;
import ijxai.engine.Explainers;
import ijxai.engine.Normalization;
import ijxai.engine.Progress;
import ijxai.engine.XaiException;
import ijxai.engine.attack.RobustnessSweep;
import ijxai.engine.attack.UniversalPerturbation;
import ijxai.engine.features.FeatureSpace;
import ijxai.engine.features.FirstLayerKernels;
import ijxai.engine.method.ExplainOptions;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.ImageSet;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.method.MethodSettings;
import ijxai.engine.model.Device;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.MemoryBudget;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelOptions;
import ijxai.engine.model.ScoreKind;
import ijxai.engine.model.Target;
import ijxai.engine.model.TensorFlowRuntime;
import ijxai.image.ExplainImage;
import ijxai.image.FeatureSpaceResults;
import ijxai.image.ImageBridge;
import ijxai.image.Montage;
import ijxai.image.ImageSets;
import ijxai.image.AttackResults;

/**
 * The command line: {@code info}, {@code predict} and one subcommand per explanation method.
 * Errors are one line on stderr and a non-zero exit status; only this class calls System.exit.
 */
public final class Main {

	/** A method, not a constant: listing the methods loads TensorFlow classes, which must fail inside {@link #run} when they clash. */
	static String usage() {
		return String.join("\n",
		"usage: java -jar ij-xai.jar <command> --model DIR [options]",
		"commands:",
		"  info      --model DIR                      model inputs, outputs, logits, layers, classes as JSON",
		"  predict   --model DIR --image FILE|FOLDER  top-3 classes per image slice",
		"  METHOD    --model DIR --image FILE|FOLDER --out DIR [method options]   maps as OUT/<image>_<method>.tif",
		"  sweep     --model DIR --image FOLDER [--labels CSV] --out DIR [--epsilons 0,1,2,4,8,16,32] [--attacks fgsm,pgd,noise]",
		"            accuracy versus epsilon (image units) over labelled images: OUT/robustness.csv; labels from a CSV",
		"            of 'file,class' lines, or from class-named subfolders of FOLDER",
		"  universal --model DIR --image FOLDER --out DIR [--epsilon 32] [--norm linf|l2] [--fooling 0.8] [--passes 5] [--held-out 0.2] [--seed 0]",
		"            one perturbation (within epsilon, image units) that changes the answer on as many images as it can:",
		"            OUT/universal_perturbation.tif, fooling rates on the images and on the held-out share",
		"  filters   --model DIR --out DIR            the first convolution's kernels as a montage: OUT/first_layer_filters.tif",
		"  features  --model DIR --image FOLDER|STACK --out DIR [--layer NAME] [--query N] [--k 5]",
		"            features of every image at a layer (default: the penultimate): OUT/features.csv (class, principal",
		"            coordinates, PCA colour), the k nearest neighbours of image N (from 1): OUT/neighbours.csv and",
		"            OUT/nearest_neighbours.tif, the PCA plot OUT/feature_pca.tif and OUT/feature_colours.tif",
		"options:",
		"  --target predicted|K|NAME   class to explain (default predicted)",
		"  --score logit|probability   explain the pre-activation logit (default) or the output",
		"  --normalize none|0-1|percentile|mean-std   image to model-input values (default 0-1)",
		"  --resize                    scale images to the model's input size (default: refuse a mismatch)",
		"  --raw                       unnormalized maps: per input channel in model-input space, layer maps at the layer's resolution",
		"  --overlay OPACITY           also write the heatmap over the image as RGB, OUT/<image>_<method>_overlay.tif (0-1)",
		"  --batch N                   samples per TensorFlow call (default 128; fewer when they would exceed the memory budget)",
		"  --memory MB                 memory budget of a run (default: the smaller of Java's -Xmx and half the machine's memory);",
		"                              an image of which one sample exceeds it is refused with the estimate",
		"  --signature NAME            serving signature (default serving_default, or the one taking a float image)",
		"  --output NAME               signature output, tensor or layer to explain instead of the signature's output",
		"  --trust-model               run a model that would do more than compute (read or write files, run Python, tf.data);",
		"                              refused by default, recorded in the model's notes and the results when given",
		"  --device auto|cpu|gpu:N     where TensorFlow runs (default auto: a GPU if this build and the machine have one)",
		"  --threads N                 TensorFlow threads (default 0: one per core)",
		"methods and their options:",
		methodUsage());
	}

	private static final Set<String> COMMON = Set.of("model", "image", "out", "target", "score", "normalize", "resize", "raw", "overlay", "batch",
		"signature", "output", "trust-model", "memory", "device", "threads");
	private static final Set<String> UNIVERSAL_OPTIONS = Set.of("model", "image", "out", "normalize", "resize", "batch", "signature", "output", "trust-model", "memory", "epsilon",
		"norm", "fooling", "passes", "held-out", "seed", "device", "threads");
	private static final Set<String> SWEEP_OPTIONS = Set.of("model", "image", "out", "normalize", "resize", "batch", "signature", "output", "trust-model", "memory", "labels",
		"epsilons", "attacks", "device", "threads");
	private static final Set<String> FILTERS_OPTIONS = Set.of("model", "out", "signature", "output", "trust-model", "device", "threads");
	private static final Set<String> FEATURES_OPTIONS = Set.of("model", "image", "out", "normalize", "resize", "batch", "signature", "output", "trust-model",
		"memory", "layer", "query", "k", "device", "threads");
	private static final Set<String> FLAGS = Set.of("raw", "resize", "help", "trust-model");
	/** Options that may be given several times; their values are joined by commas. */
	private static final Set<String> REPEATABLE = Set.of("layer-rule");

	private final PrintStream out;
	private final PrintStream err;
	/** The models this run uses, returned to the cache when it ends. */
	private final List<ModelCache.Lease> leases = new ArrayList<>();

	Main(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	public static void main(String[] args) {
		System.setProperty("java.awt.headless", "true");
		System.exit(new Main(System.out, System.err).run(args));
	}

	/** Runs a command; returns the exit status (0 success, 1 a problem with the input, 2 usage). */
	int run(String[] args) {
		try (ModelCache cache = new ModelCache()) {
			if (args.length == 0 || Arrays.asList(args).contains("--help") || args[0].equals("-h")) {
				out.println(usage());
				return args.length == 0 ? 2 : 0;
			}
			Map<String, String> options = parse(Arrays.copyOfRange(args, 1, args.length));
			switch (args[0]) {
				case "info": info(cache, options); break;
				case "predict": predict(cache, options); break;
				case "sweep": sweep(cache, options); break;
				case "universal": universal(cache, options); break;
				case "filters": filters(cache, options); break;
				case "features": features(cache, options); break;
				default: explain(method(args[0]), cache, options);
			}
			// where the model ran: logged on success only, so that an error stays one line on stderr
			if (!leases.isEmpty()) err.println("ij-xai: " + leases.get(0).model().placement().describe());
			return 0;
		}
		catch (UsageException e) {
			err.println("ij-xai: " + e.getMessage());
			err.println(usage());
			return 2;
		}
		catch (XaiException e) {
			err.println("ij-xai: " + e.getMessage());
			return 1;
		}
		catch (CancellationException e) {
			err.println("ij-xai: cancelled");
			return 1;
		}
		catch (OutOfMemoryError e) {
			err.println("ij-xai: " + MemoryBudget.OUT_OF_MEMORY + " (--batch, --memory, -Xmx)");
			return 1;
		}
		catch (LinkageError e) {
			// a TensorFlow class that clashes after the model loaded: still one line, saying what to do
			err.println("ij-xai: " + TensorFlowRuntime.incompatible(e).getMessage());
			return 1;
		}
		finally {
			leases.forEach(ModelCache.Lease::close);
			leases.clear();
		}
	}

	private LoadedModel model(ModelCache cache, ExplainImage.Settings settings) {
		ModelCache.Lease lease = cache.lease(settings.model(), settings.modelOptions());
		leases.add(lease);
		return lease.model();
	}

	private static Explainer method(String name) {
		try {
			return Explainers.byName(name);
		}
		catch (XaiException e) {
			throw new UsageException("unknown command '" + name + "'");
		}
	}

	private static final class UsageException extends RuntimeException {
		UsageException(String message) {
			super(message);
		}
	}

	static Map<String, String> parse(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--")) throw new UsageException("unexpected argument '" + args[i] + "'");
			String key = args[i].substring(2);
			if (FLAGS.contains(key)) options.put(key, "true");
			else if (i + 1 >= args.length) throw new UsageException("option --" + key + " needs a value");
			else if (!options.containsKey(key)) options.put(key, args[++i]);
			else if (REPEATABLE.contains(key)) options.put(key, options.get(key) + "," + args[++i]);
			else throw new UsageException("option --" + key + " is given twice");
		}
		return options;
	}

	private static String required(Map<String, String> options, String key) {
		String value = options.get(key);
		if (value == null) throw new UsageException("missing --" + key);
		return value;
	}

	private static ExplainImage.Settings settings(Map<String, String> options) {
		return new ExplainImage.Settings(Path.of(required(options, "model")),
			new ModelOptions(options.get("signature"), options.get("output")).withTrusted(options.containsKey("trust-model"))
				.withDevice(Device.parse(options.get("device"))).withThreads(wholeNumber(options, "threads", "0")),
			Normalization.parse(options.getOrDefault("normalize", "0-1")), options.containsKey("resize"), overlay(options),
			MemoryBudget.megabytes((long) number(options, "memory", "0")));
	}

	private static double overlay(Map<String, String> options) {
		String text = options.getOrDefault("overlay", "0");
		try {
			double opacity = Double.parseDouble(text);
			if (opacity >= 0 && opacity <= 1) return opacity;
		}
		catch (NumberFormatException e) {
			// falls through to the usage message
		}
		throw new UsageException("--overlay takes an opacity from 0 to 1, not '" + text + "'");
	}

	private static String methodUsage() {
		StringBuilder text = new StringBuilder();
		for (Explainer method : Explainers.all()) {
			text.append(String.format(Locale.ROOT, "  %-22s %s%n", method.name(), method.title()));
			for (MethodParameter p : method.parameters()) {
				String values = switch (p.kind()) {
					case CHOICE -> String.join("|", p.choices());
					case IMAGE -> "FILE";
					case LAYER_RULES -> "NAME=RULE[,...]";
					case TEXT -> "TEXT";
					default -> p.defaultValue();
				};
				text.append(String.format(Locale.ROOT, "      --%s %s   %s%n", p.name(), values, p.help()));
			}
		}
		return text.toString().stripTrailing();
	}

	private void info(ModelCache cache, Map<String, String> options) {
		ExplainImage.Settings settings = settings(options);
		out.println(Json.of(model(cache, settings).info()));
	}

	private void predict(ModelCache cache, Map<String, String> options) {
		ExplainImage.Settings settings = settings(options);
		LoadedModel model = model(cache, settings);
		ResultsTable all = new ResultsTable();
		for (Path file : images(required(options, "image"))) {
			ImagePlus image = open(file);
			ResultsTable table = ExplainImage.predictions(image, model, ImageBridge.toBatch(image, model.info(), settings.normalization(), settings.resize()), null, batchSize(options));
			for (int row = 0; row < table.size(); row++) {
				StringBuilder line = new StringBuilder(file.getFileName() + "\tslice " + (int) table.getValue("slice", row));
				for (int k = 1; k <= Math.min(3, model.info().classCount()); k++) {
					line.append(String.format(Locale.ROOT, "\t%s %.4f", table.getStringValue("class " + k, row), table.getValue("p " + k, row)));
				}
				out.println(line);
			}
		}
	}

	private void explain(Explainer method, ModelCache cache, Map<String, String> options) {
		ExplainImage.Settings settings = settings(options);
		Map<String, String> methodValues = new HashMap<>();
		Map<String, ImagePlus> methodImages = new HashMap<>();
		for (Map.Entry<String, String> option : options.entrySet()) {
			if (COMMON.contains(option.getKey())) continue;
			MethodParameter parameter = method.parameters().stream().filter(p -> p.name().equals(option.getKey())).findFirst()
				.orElseThrow(() -> new UsageException("unknown option --" + option.getKey() + " for " + method.name()));
			if (parameter.kind() == MethodParameter.Kind.IMAGE) methodImages.put(parameter.name(), open(Path.of(option.getValue())));
			else methodValues.put(parameter.name(), option.getValue());
		}
		ExplainOptions explainOptions = new ExplainOptions(Target.parse(options.get("target")),
			ScoreKind.parse(options.getOrDefault("score", "logit")), batchSize(options), options.containsKey("raw"),
			new MethodSettings(methodValues, Map.of()));
		List<Path> files = images(required(options, "image"));
		Path outDir = outputFolder(options);
		LoadedModel model = model(cache, settings);
		for (Path file : files) {
			ImagePlus image = open(file);
			ExplainImage.Output result = ExplainImage.explain(image, settings, method, explainOptions, methodImages, model, Progress.NONE);
			String base = ExplainImage.baseName(file.getFileName().toString()) + "_" + method.name();
			ImagePlus maps = result.maps();
			for (int slice = 1; slice <= maps.getStackSize(); slice++) {
				out.println(file.getFileName() + "\t" + maps.getStack().getSliceLabel(slice));
			}
			save(maps, outDir.resolve(base + ".tif"));
			if (result.overlay() != null) save(result.overlay(), outDir.resolve(base + "_overlay.tif"));
			if (result.input() != null) save(result.input(), outDir.resolve(base + "_adversarial.tif"));
			if (result.montage() != null) save(result.montage(), outDir.resolve(base + "_montage.tif"));
		}
	}

	private void sweep(ModelCache cache, Map<String, String> options) {
		checkOptions(options, SWEEP_OPTIONS, "sweep");
		Path target = Path.of(required(options, "out")).resolve("robustness.csv");
		ExplainImage.Settings settings = settings(options);
		LoadedModel model = model(cache, settings);
		String labels = options.get("labels");
		ImageSets.LabelledSet set = ImageSets.load(Path.of(required(options, "image")), labels == null ? null : Path.of(labels), model.info(), settings);
		RobustnessSweep sweep = new RobustnessSweep();
		Map<String, String> given = new HashMap<>();
		for (String key : List.of(RobustnessSweep.EPSILONS, RobustnessSweep.ATTACKS)) if (options.containsKey(key)) given.put(key, options.get(key));
		List<RobustnessSweep.Point> points = sweep.run(model, new ImageSet(set.images(), set.labels(), set.space()), sweep.settings(given),
			settings.batchSize(model, set.images(), batchSize(options)), Progress.NONE);
		String csv = AttackResults.csv(points);
		out.print(csv.substring(csv.indexOf('\n') + 1));
		AttackResults.write(target, csv);
		out.println("wrote " + target.toAbsolutePath());
	}

	private void universal(ModelCache cache, Map<String, String> options) {
		checkOptions(options, UNIVERSAL_OPTIONS, "universal");
		Path outDir = outputFolder(options);
		ExplainImage.Settings settings = settings(options);
		LoadedModel model = model(cache, settings);
		ImageSets.LabelledSet set = ImageSets.load(images(required(options, "image")), model.info(), settings);
		String norm = options.getOrDefault("norm", "linf");
		if (!norm.equals("linf") && !norm.equals("l2")) throw new UsageException("--norm is linf or l2, not '" + norm + "'");
		UniversalPerturbation.Result result = UniversalPerturbation.run(model, set.images(), set.space(), number(options, "epsilon", "32"), norm.equals("l2"),
			number(options, "fooling", "0.8"), (int) number(options, "passes", "5"), number(options, "held-out", "0.2"), (int) number(options, "seed", "0"),
			settings.batchSize(model, set.images(), batchSize(options)), Progress.NONE);
		out.println(String.format(Locale.ROOT, "fooling rate %.3f on %d image(s), %.3f on %d held out; %d pass(es); Linf %.3g, L2 %.3g (image units)",
			result.foolingRate(), result.building(), result.heldOutRate(), result.heldOut(), result.passes(), result.linf(), result.l2()));
		save(AttackResults.perturbationImage(result.perturbation(), set.space(), "universal_perturbation"), outDir.resolve("universal_perturbation.tif"));
	}

	private void filters(ModelCache cache, Map<String, String> options) {
		checkOptions(options, FILTERS_OPTIONS, "filters");
		ExplainImage.Settings settings = settings(options);
		Path outDir = outputFolder(options);
		save(Montage.filters(FirstLayerKernels.of(model(cache, settings)), "first layer filters"),
			outDir.resolve("first_layer_filters.tif"));
	}

	private void features(ModelCache cache, Map<String, String> options) {
		checkOptions(options, FEATURES_OPTIONS, "features");
		ExplainImage.Settings settings = settings(options);
		LoadedModel model = model(cache, settings);
		Path outDir = outputFolder(options);
		ImageSets.LabelledSet set = ImageSets.load(images(required(options, "image")), model.info(), settings);
		FeatureSpace space = FeatureSpace.of(model, set.images(), options.getOrDefault("layer", ""), settings.batchSize(model, set.images(), batchSize(options)),
			Progress.NONE);
		FeatureSpaceResults.Output result = FeatureSpaceResults.show(space, set, model.info(), wholeNumber(options, "query", "1"), wholeNumber(options, "k", "5"));
		saveTable(result.images(), outDir.resolve("features.csv"));
		saveTable(result.neighbours(), outDir.resolve("neighbours.csv"));
		save(result.neighbourMontage(), outDir.resolve("nearest_neighbours.tif"));
		save(result.plot().getImagePlus(), outDir.resolve("feature_pca.tif"));
		save(result.colourMontage(), outDir.resolve("feature_colours.tif"));
	}

	private static void checkOptions(Map<String, String> options, Set<String> known, String command) {
		for (String key : options.keySet()) if (!known.contains(key)) throw new UsageException("unknown option --" + key + " for " + command);
	}

	private static Path outputFolder(Map<String, String> options) {
		Path outDir = Path.of(required(options, "out"));
		try {
			Files.createDirectories(outDir);
		}
		catch (java.io.IOException e) {
			throw new XaiException("cannot create output folder " + outDir + ": " + e.getMessage());
		}
		return outDir;
	}

	private void saveTable(ij.measure.ResultsTable table, Path target) {
		if (!table.save(target.toString())) throw new XaiException("cannot write " + target);
		out.println("wrote " + target.toAbsolutePath());
	}

	private static double number(Map<String, String> options, String key, String fallback) {
		return parsed(options, key, fallback, Double::parseDouble, "a number");
	}

	private void save(ImagePlus image, Path target) {
		FileSaver saver = new FileSaver(image);
		boolean saved = image.getStackSize() > 1 ? saver.saveAsTiffStack(target.toString()) : saver.saveAsTiff(target.toString());
		if (!saved) throw new XaiException("cannot write " + target);
		out.println("wrote " + target.toAbsolutePath());
	}

	private static int batchSize(Map<String, String> options) {
		return wholeNumber(options, "batch", Integer.toString(ExplainOptions.DEFAULT_BATCH_SIZE));
	}

	private static int wholeNumber(Map<String, String> options, String key, String fallback) {
		return parsed(options, key, fallback, Integer::parseInt, "a whole number");
	}

	/** The option's value (or the fallback) read by {@code parser}; a value it cannot read is a usage error saying what the option takes. */
	private static <T> T parsed(Map<String, String> options, String key, String fallback, java.util.function.Function<String, T> parser, String takes) {
		String text = options.getOrDefault(key, fallback);
		try {
			return parser.apply(text);
		}
		catch (NumberFormatException e) {
			throw new UsageException("--" + key + " takes " + takes + ", not '" + text + "'");
		}
	}

	/** The image file, or the image files of a folder in name order. */
	static List<Path> images(String fileOrFolder) {
		Path path = Path.of(fileOrFolder);
		if (!Files.exists(path)) throw new XaiException("image " + path + " does not exist");
		if (!Files.isDirectory(path)) return List.of(path);
		List<Path> files = new ArrayList<>();
		try (Stream<Path> entries = Files.list(path)) {
			entries.filter(Files::isRegularFile).filter(f -> ImageBridge.IMAGE_SUFFIXES.stream().anyMatch(s -> f.toString().toLowerCase(Locale.ROOT).endsWith(s)))
				.sorted().forEach(files::add);
		}
		catch (java.io.IOException e) {
			throw new XaiException("cannot list folder " + path + ": " + e.getMessage());
		}
		if (files.isEmpty()) throw new XaiException("folder " + path + " has no images (" + String.join(", ", ImageBridge.IMAGE_SUFFIXES) + ")");
		return files;
	}

	static ImagePlus open(Path file) {
		ImagePlus image = ImageBridge.open(file);
		if (image.getOriginalFileInfo() != null && image.getOriginalFileInfo().directory == null) {
			image.getOriginalFileInfo().directory = file.toAbsolutePath().getParent() + File.separator;
		}
		return image;
	}
}
