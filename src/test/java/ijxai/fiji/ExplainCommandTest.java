package ijxai.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;
import ijxai.engine.Explainers;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.MethodParameter;

/** The Fiji commands run headless through a SciJava context, as scripts and Fiji's command layer run them. */
class ExplainCommandTest {

	private static Context context;
	private static CommandService commands;

	@BeforeAll
	static void startContext() {
		context = HeadlessCommands.fresh();
		commands = context.service(CommandService.class);
	}

	@AfterAll
	static void stopContext() {
		context.dispose();
	}

	/** A 3-slice stack of real test images; slices become one batch. */
	private static ImagePlus stack() {
		ImageStack stack = new ImageStack(28, 28);
		for (String name : new String[] { "fashion-0000-ankle-boot", "fashion-0002-trouser", "fashion-0013-dress" }) {
			stack.addSlice(name, new ImagePlus("test-images/" + name + ".png").getProcessor());
		}
		ImagePlus image = new ImagePlus("clothes", stack);
		image.getCalibration().pixelWidth = 0.5;
		image.getCalibration().setUnit("um");
		return image;
	}

	@Test
	void saliencyOfAStackGivesOneLabelledMapPerSliceAndLeavesTheInputAlone() throws Exception {
		ImagePlus image = stack();
		byte[][] before = new byte[3][];
		for (int i = 0; i < 3; i++) before[i] = ((byte[]) image.getStack().getPixels(i + 1)).clone();
		CommandModule module = commands.run(SaliencyCommand.class, true, "image", image, "model", new File("models/fashion_mnist_cnn"),
			"target", "predicted", "score", "logit", "normalize", "0-1", "batch", 2, "resize", false, "raw", false).get();
		ImagePlus maps = (ImagePlus) module.getOutput("maps");
		ResultsTable predictions = (ResultsTable) module.getOutput("predictions");
		assertEquals(32, maps.getBitDepth());
		assertEquals(3, maps.getStackSize());
		assertTrue(maps.getStack().getSliceLabel(1).startsWith("saliency · Ankle boot (logit "), maps.getStack().getSliceLabel(1));
		assertTrue(maps.getStack().getSliceLabel(2).startsWith("saliency · Trouser"), maps.getStack().getSliceLabel(2));
		assertTrue(maps.getStack().getSliceLabel(3).startsWith("saliency · Dress"), maps.getStack().getSliceLabel(3));
		assertEquals("clothes-saliency-predicted", maps.getTitle());
		assertEquals(0.5, maps.getCalibration().pixelWidth);
		assertEquals(0, maps.getDisplayRangeMin());
		assertEquals(3, predictions.size());
		assertEquals("Ankle boot", predictions.getStringValue("class 1", 0));
		for (int i = 0; i < 3; i++) assertArrayEquals(before[i], (byte[]) image.getStack().getPixels(i + 1), "input slice " + (i + 1) + " unchanged");
		assertEquals("clothes", image.getTitle());
		assertEquals(0.5, image.getCalibration().pixelWidth);
	}

	@Test
	void gradientTimesInputIsSignedWithADivergingRangeCentredOnZero() throws Exception {
		CommandModule module = commands.run(GradientTimesInputCommand.class, true, "image", stack(), "model", new File("models/fashion_mnist_cnn"),
			"target", "Trouser", "score", "logit", "normalize", "0-1", "batch", 32, "resize", false, "raw", false).get();
		ImagePlus maps = (ImagePlus) module.getOutput("maps");
		assertEquals(-maps.getDisplayRangeMax(), maps.getDisplayRangeMin());
		for (int slice = 1; slice <= 3; slice++) assertTrue(maps.getStack().getSliceLabel(slice).contains("Trouser"));
		assertEquals("clothes-gradxinput-Trouser", maps.getTitle());
	}

	@Test
	void aModelThatReadsAFileIsRefusedUnlessTrustedAndTheTrustIsInThePredictions() throws Exception {
		File readsFile = new File("models/untrusted/reads_file");
		CommandModule refused = commands.run(SaliencyCommand.class, true, "image", stack(), "model", readsFile).get();
		assertTrue(refused.isCanceled());
		assertTrue(refused.getCancelReason().contains("ReadFile in layer 'side_effect'"), refused.getCancelReason());
		CommandModule trusted = commands.run(SaliencyCommand.class, true, "image", stack(), "model", readsFile, "trustModel", true).get();
		assertTrue(!trusted.isCanceled(), trusted.getCancelReason());
		ResultsTable predictions = (ResultsTable) trusted.getOutput("predictions");
		assertTrue(predictions.getStringValue("model", 0).contains("trusted by the user"), predictions.getStringValue("model", 0));
	}

	@Test
	void aWrongModelPathCancelsWithAClearReason() throws Exception {
		CommandModule module = commands.run(SaliencyCommand.class, true, "image", stack(), "model", new File("/no/such/model"),
			"target", "predicted", "score", "logit", "normalize", "0-1", "batch", 32, "resize", false, "raw", false).get();
		assertTrue(module.isCanceled());
		assertTrue(module.getCancelReason().contains("/no/such/model"), module.getCancelReason());
		assertNull(module.getOutput("maps"));
	}


	/** Every method has exactly one Fiji command, which declares each of the method's options with the same default and choices. */
	@Test
	void everyMethodHasACommandDeclaringItsOptions() throws Exception {
		java.util.Map<String, Class<?>> byMethod = new java.util.HashMap<>();
		java.util.List<String> differences = new java.util.ArrayList<>();
		for (org.scijava.command.CommandInfo info : commands.getCommands()) {
			if (!info.getClassName().startsWith("ijxai.fiji.") || !ExplainCommand.class.isAssignableFrom(info.loadClass())) continue;
			ExplainCommand command = (ExplainCommand) info.loadClass().getDeclaredConstructor().newInstance();
			assertNull(byMethod.put(command.method().name(), info.loadClass()), "two commands for " + command.method().name());
			assertTrue(info.getMenuPath().toString().contains("Explainable AI"), info.getMenuPath().toString());
			for (ijxai.engine.method.MethodParameter p : command.method().parameters()) checkField(command, p, differences);
		}
		for (ijxai.engine.method.Explainer method : ijxai.engine.Explainers.all()) assertTrue(byMethod.containsKey(method.name()), "a command for " + method.name());
		assertTrue(differences.isEmpty(), String.join("\n", differences));
	}

	/** The options every method has are declared in ExplainCommand like the engine's {@link ijxai.engine.method.CommonOptions}: labels, limits, choices, defaults. */
	@Test
	void theCommonOptionsAreDeclaredLikeTheEngines() throws Exception {
		ExplainCommand command = new SaliencyCommand();
		java.util.List<String> differences = new java.util.ArrayList<>();
		for (ijxai.engine.method.MethodParameter p : ijxai.engine.method.CommonOptions.ofMethods()) checkField(command, p, differences);
		assertTrue(differences.isEmpty(), String.join("\n", differences));
	}

	/** The command's field for option {@code p}: a @Parameter with the engine's default and choices; other differences are added to {@code differences}. */
	private static void checkField(ExplainCommand command, ijxai.engine.method.MethodParameter p, java.util.List<String> differences) throws Exception {
		java.lang.reflect.Field field = command.methodField(p);
		org.scijava.plugin.Parameter annotation = field.getAnnotation(org.scijava.plugin.Parameter.class);
		assertTrue(annotation != null, field + " is a @Parameter");
		declaredLike(p, field, annotation, differences);
		Object value = field.get(command);
		switch (p.kind()) {
			case INTEGER: assertEquals(Long.parseLong(p.defaultValue()), ((Number) value).longValue(), field.toString()); break;
			case NUMBER: assertEquals(Double.parseDouble(p.defaultValue()), value, field.toString()); break;
			case FLAG: assertEquals(Boolean.parseBoolean(p.defaultValue()), value, field.toString()); break;
			case IMAGE: assertNull(value, field.toString()); assertTrue(!annotation.required()); break;
			case CHOICE: assertEquals(p.choices(), java.util.List.of(annotation.choices()), field.toString()); // fall through
			default: assertEquals(p.defaultValue(), value, field.toString());
		}
	}

	/** Adds to {@code all} how a field's label, bounds and remembering differ from the engine's declaration of the option. */
	private static void declaredLike(ijxai.engine.method.MethodParameter p, java.lang.reflect.Field field, org.scijava.plugin.Parameter annotation,
		java.util.List<String> all)
	{
		java.util.List<String> differences = new java.util.ArrayList<>();
		if (!p.label().equals(annotation.label())) differences.add("label '" + annotation.label() + "', the engine's '" + p.label() + "'");
		if (!bound(p.min()).equals(annotation.min())) differences.add("min '" + annotation.min() + "', the engine's '" + bound(p.min()) + "'");
		if (!bound(p.max()).equals(annotation.max())) differences.add("max '" + annotation.max() + "', the engine's '" + bound(p.max()) + "'");
		if (p.remembered() != annotation.persist()) differences.add("persist " + annotation.persist() + ", the engine's remembered " + p.remembered());
		if (!differences.isEmpty()) all.add(field + ": " + String.join("; ", differences));
	}

	/** An engine bound as SciJava writes it: "" for none, whole numbers without a fraction. */
	private static String bound(double value) {
		if (Double.isNaN(value) || Math.abs(value) >= Integer.MAX_VALUE || value == Integer.MIN_VALUE) return "";
		return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
	}

	@Test
	void integratedGradientsTakeAnOpenImageAsBaselineAndReportTheCompletenessGap() throws Exception {
		ImageStack black = new ImageStack(28, 28);
		black.addSlice(new ij.process.ByteProcessor(28, 28));
		CommandModule module = commands.run(IntegratedGradientsCommand.class, true, "image", stack(), "model", new File("models/fashion_mnist_cnn"),
			"baseline", "image", "baselineImage", new ImagePlus("black", black), "steps", 32, "overlay", 0.5).get();
		assertTrue(!module.isCanceled(), module.getCancelReason());
		ImagePlus maps = (ImagePlus) module.getOutput("maps");
		assertTrue(maps.getStack().getSliceLabel(1).contains("baseline image, 32 gauss-legendre steps"), maps.getStack().getSliceLabel(1));
		ResultsTable table = (ResultsTable) module.getOutput("predictions");
		assertTrue(table.getValue("completeness gap", 0) < 0.05, "gap " + table.getValue("completeness gap", 0));
		ImagePlus overlay = (ImagePlus) module.getOutput("overlayImage");
		assertEquals(ImagePlus.COLOR_RGB, overlay.getType());
		assertEquals(3, overlay.getStackSize());
	}

	@Test
	void gradCamOnANamedLayer() throws Exception {
		CommandModule module = commands.run(GradCamCommand.class, true, "image", stack(), "model", new File("models/fashion_mnist_cnn"),
			"layer", "conv2d_3", "raw", true).get();
		ImagePlus maps = (ImagePlus) module.getOutput("maps");
		assertEquals(14, maps.getWidth());
		assertTrue(maps.getStack().getSliceLabel(2).startsWith("gradcam · Trouser"), maps.getStack().getSliceLabel(2));
	}

	/** The robustness curve headless: a labelled folder (class subfolders) in, a table and a plot out. */
	@Test
	void robustnessCurveOverAClassFolder(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp) throws Exception {
		for (String[] image : new String[][] { { "fashion-0000-ankle-boot.png", "Ankle boot" }, { "fashion-0002-trouser.png", "Trouser" } }) {
			java.nio.file.Path folder = java.nio.file.Files.createDirectories(temp.resolve(image[1]));
			java.nio.file.Files.copy(java.nio.file.Path.of("test-images", image[0]), folder.resolve(image[0]));
		}
		CommandModule module = commands.run(SweepCommand.class, true, "model", new File("models/fashion_mnist_cnn"), "images", temp.toFile(),
			"epsilons", "0,32", "attacks", "fgsm,noise").get();
		assertTrue(!module.isCanceled(), module.getCancelReason());
		ResultsTable table = (ResultsTable) module.getOutput("robustness");
		assertEquals(4, table.size());
		assertEquals(1.0, table.getValue("accuracy", 0));
		assertEquals(1.0, table.getValue("accuracy", 3));
		assertTrue(module.getOutput("plot") instanceof ImagePlus);
	}

	/** A universal perturbation for the slices of a stack, headless: the perturbation within epsilon and the rates. */
	@Test
	void universalPerturbationOfAStack() throws Exception {
		CommandModule module = commands.run(UniversalCommand.class, true, "image", stack(), "model", new File("models/fashion_mnist_cnn"),
			"epsilon", 16.0, "passes", 1, "heldOut", 0.0).get();
		assertTrue(!module.isCanceled(), module.getCancelReason());
		ImagePlus perturbation = (ImagePlus) module.getOutput("perturbation");
		assertTrue(perturbation.getStatistics().max <= 16 + 1e-3 && perturbation.getStatistics().min >= -16 - 1e-3);
		assertEquals(3, ((ResultsTable) module.getOutput("rates")).getValue("images", 0));
	}

	/** The model-level feature commands run headless through the CommandService, like any Fiji script would call them. */
	@Test
	void featureSpaceAndFiltersRunHeadless() throws Exception {
		CommandModule space = commands.run(FeatureSpaceCommand.class, true, "image", stack(), "model", new File("models/fashion_mnist_cnn"),
			"normalize", "0-1", "layer", "", "query", 1, "k", 1).get();
		assertTrue(!space.isCanceled(), space.getCancelReason());
		ResultsTable neighbours = (ResultsTable) space.getOutput("neighbours");
		assertEquals(2, neighbours.size());
		assertEquals(ImagePlus.COLOR_RGB, ((ImagePlus) space.getOutput("pca")).getType());
		CommandModule filters = commands.run(FirstLayerFiltersCommand.class, true, "model", new File("models/fashion_mnist_cnn")).get();
		assertTrue(!filters.isCanceled(), filters.getCancelReason());
		assertEquals(32, ((ImagePlus) filters.getOutput("filters")).getBitDepth());
		CommandModule missing = commands.run(FirstLayerFiltersCommand.class, true, "model", new File("/no/such/model")).get();
		assertTrue(missing.isCanceled() && missing.getCancelReason().contains("/no/such/model"), String.valueOf(missing.getCancelReason()));
	}
}
