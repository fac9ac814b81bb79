package ijxai.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.ModelOptions;

/**
 * Every ij-xai command, run headless through a SciJava context as scripts run it, gives real
 * outputs, and every parameter has a tooltip.
 */
class EveryCommandTest extends HeadlessCommands {

	private static final File FASHION = new File("models/fashion_mnist_cnn");
	/** Tested with their own outputs in ExplainCommandTest. */
	private static final Set<Class<?>> TESTED_ELSEWHERE = Set.of(SweepCommand.class, UniversalCommand.class, FeatureSpaceCommand.class,
		FirstLayerFiltersCommand.class);
	/** Short runs: few samples, steps and iterations where the method has them. */
	private static final Map<String, Object> SHORT = Map.of("samples", 2, "steps", 2, "maxIterations", 2, "iterations", 2, "octaves", 1);


	Stream<String> explainCommands() throws org.scijava.InstantiableException {
		List<String> names = new ArrayList<>();
		for (CommandInfo info : ijxaiCommands()) if (ExplainCommand.class.isAssignableFrom(info.loadClass())) names.add(info.getClassName());
		return names.stream().sorted();
	}

	private static ImagePlus stack() {
		ImageStack stack = new ImageStack(28, 28);
		for (String name : new String[] { "fashion-0000-ankle-boot", "fashion-0002-trouser", "fashion-0013-dress" }) {
			stack.addSlice(name, new ImagePlus("test-images/" + name + ".png").getProcessor());
		}
		return new ImagePlus("clothes", stack);
	}

	/** Each command's method with short settings on the Fashion-MNIST CNN: a map for each slice and one row of predictions per slice. */
	@ParameterizedTest
	@MethodSource("explainCommands")
	void eachMethodsCommandExplainsAStackHeadless(String command) throws Exception {
		@SuppressWarnings("unchecked")
		Class<? extends Command> type = (Class<? extends Command>) Class.forName(command);
		Map<String, Object> inputs = new HashMap<>(Map.of("image", stack(), "model", FASHION, "target", "predicted"));
		SHORT.forEach((name, value) -> {
			if (commands().getCommand(type).getInput(name) != null) inputs.put(name, value);
		});
		// strong enough that FGSM and PGD fool the model, even after storing the result as 8-bit
		if (AttackCommand.class.isAssignableFrom(type)) inputs.put("epsilon", 64.0);
		CommandModule module = commands().run(type, true, inputs).get();
		assertFalse(module.isCanceled(), command + ": " + module.getCancelReason());
		ImagePlus maps = (ImagePlus) module.getOutput("maps");
		assertNotNull(maps, command);
		assertTrue(maps.getStackSize() % 3 == 0, command + ": " + maps.getStackSize() + " planes for 3 slices");
		assertEquals(3, ((ResultsTable) module.getOutput("predictions")).size(), command);
		ImagePlus adversarial = (ImagePlus) module.getOutput("adversarial");
		if (type == FgsmCommand.class || type == PgdCommand.class) assertNotNull(adversarial, command);
		if (adversarial != null) {
			assertEquals(List.of(28, 28, 3), List.of(adversarial.getWidth(), adversarial.getHeight(), adversarial.getStackSize()), command);
		}
	}

	/** Scripts give a class by number or by name. */
	@Test
	void scriptsGiveClassesByNumberOrName() throws Exception {
		for (String target : new String[] { "3", "Trouser" }) {
			CommandModule module = commands().run(GradCamCommand.class, true, "image", stack(), "model", FASHION, "target", target).get();
			assertFalse(module.isCanceled(), module.getCancelReason());
			String label = ((ImagePlus) module.getOutput("maps")).getStack().getSliceLabel(1);
			assertTrue(label.startsWith("gradcam · " + (target.equals("3") ? "Dress" : "Trouser")), label);
		}
	}

	@Test
	void modelInfoListsEveryLayerAndSummarizesInputOutputAndClasses() throws Exception {
		CommandModule module = commands().run(ModelInfoCommand.class, true, "model", FASHION).get();
		assertFalse(module.isCanceled(), module.getCancelReason());
		ResultsTable layers = (ResultsTable) module.getOutput("layers");
		String summary = (String) module.getOutput("summary");
		try (ModelCache.Lease lease = ModelCache.SHARED.lease(FASHION.toPath(), ModelOptions.DEFAULTS)) {
			ModelInfo info = lease.model().info();
			assertEquals(info.layers().size() + 2, layers.size(), "the input, every layer, the output");
			assertEquals(info.layers().get(0).name(), layers.getStringValue("name", 1));
			assertEquals(info.lastSpatialLayer().name(), layers.getStringValue("name", rowOf(layers, "default", "yes")));
			ResultsTable classes = (ResultsTable) module.getOutput("classes");
			assertEquals(info.classCount(), classes.size());
			assertEquals("Trouser", classes.getStringValue("class", 1));
		}
		assertTrue(summary.contains("Input: ") && summary.contains("[?,28,28,1]"), summary);
		assertTrue(summary.contains("Classes (10): 0 T-shirt/top, 1 Trouser"), summary);
		CommandModule missing = commands().run(ModelInfoCommand.class, true, "model", new File("/no/such/model")).get();
		assertTrue(missing.isCanceled() && missing.getCancelReason().contains("/no/such/model"), String.valueOf(missing.getCancelReason()));
	}

	private static int rowOf(ResultsTable table, String column, String value) {
		for (int row = 0; row < table.size(); row++) if (table.getStringValue(column, row).equals(value)) return row;
		throw new AssertionError("no row with " + column + " = " + value);
	}

	/** Every command is run above or in ExplainCommandTest. */
	@Test
	void everyCommandIsRunHeadless() throws Exception {
		for (CommandInfo info : ijxaiCommands()) {
			Class<?> type = info.loadClass();
			assertTrue(ExplainCommand.class.isAssignableFrom(type) || type == ModelInfoCommand.class || TESTED_ELSEWHERE.contains(type), type.getName());
		}
	}

	/** SciJava shows descriptions as tooltips; a method's options repeat the method's own help (annotations take only constants). */
	@Test
	void everyParameterOfEveryCommandHasATooltip() throws Exception {
		for (CommandInfo info : ijxaiCommands()) {
			List<ModuleItem<?>> items = new ArrayList<>();
			info.inputs().forEach(items::add);
			info.outputs().forEach(items::add);
			for (ModuleItem<?> item : items) {
				if (Service.class.isAssignableFrom(item.getType()) || item.getType() == Context.class) continue;
				String description = item.getDescription();
				assertTrue(description != null && !description.isBlank(), info.getClassName() + "." + item.getName() + ": '" + description + "'");
			}
			if (info.createInstance() instanceof ExplainCommand command) {
				for (MethodParameter p : command.method().parameters()) {
					assertEquals(p.help(), info.getInput(command.methodField(p).getName()).getDescription(), info.getClassName());
				}
			}
		}
	}
}
