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
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleInfo;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;
import ijxai.engine.Explainers;
import ijxai.engine.attack.AttackMethod;
import ijxai.engine.method.Explainer;
import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.ModelOptions;

/**
 * Every ij-xai module, run headless through a SciJava context as scripts run it, gives real
 * outputs, and every item has a tooltip.
 */
class EveryCommandTest extends HeadlessCommands {

	private static final File FASHION = new File("models/fashion_mnist_cnn");
	/** Short runs: few samples, steps and iterations where the method has them. */
	private static final Map<String, Object> SHORT = Map.of("samples", 2, "steps", 2, "maxIterations", 2, "iterations", 2, "octaves", 1);

	Stream<String> methods() {
		return Explainers.all().stream().map(Explainer::name);
	}

	private static ImagePlus stack() {
		ImageStack stack = new ImageStack(28, 28);
		for (String name : new String[] { "fashion-0000-ankle-boot", "fashion-0002-trouser", "fashion-0013-dress" }) {
			stack.addSlice(name, new ImagePlus("test-images/" + name + ".png").getProcessor());
		}
		return new ImagePlus("clothes", stack);
	}

	/** Each method's module with short settings on the Fashion-MNIST CNN: a map for each slice and one row of predictions per slice. */
	@ParameterizedTest
	@MethodSource("methods")
	void eachMethodsModuleExplainsAStackHeadless(String method) throws Exception {
		MethodModuleInfo info = method(method);
		Map<String, Object> inputs = new HashMap<>(Map.of("image", stack(), "model", FASHION, "target", "predicted"));
		SHORT.forEach((name, value) -> {
			if (info.getInput(name) != null) inputs.put(name, value);
		});
		// strong enough that FGSM and PGD fool the model, even after storing the result as 8-bit
		if (info.method() instanceof AttackMethod) inputs.put("epsilon", 64.0);
		XaiModule module = run(info, inputs);
		assertFalse(module.isCanceled(), method + ": " + module.getCancelReason());
		ImagePlus maps = (ImagePlus) module.getOutput("maps");
		assertNotNull(maps, method);
		assertTrue(maps.getStackSize() % 3 == 0, method + ": " + maps.getStackSize() + " planes for 3 slices");
		assertEquals(3, ((ResultsTable) module.getOutput("predictions")).size(), method);
		ImagePlus adversarial = (ImagePlus) module.getOutput("adversarial");
		if (method.equals("fgsm") || method.equals("pgd")) assertNotNull(adversarial, method);
		if (adversarial != null) {
			assertEquals(List.of(28, 28, 3), List.of(adversarial.getWidth(), adversarial.getHeight(), adversarial.getStackSize()), method);
		}
	}

	/** Scripts give a class by number or by name. */
	@Test
	void scriptsGiveClassesByNumberOrName() throws Exception {
		for (String target : new String[] { "3", "Trouser" }) {
			XaiModule module = run(method("gradcam"), "image", stack(), "model", FASHION, "target", target);
			assertFalse(module.isCanceled(), module.getCancelReason());
			String label = ((ImagePlus) module.getOutput("maps")).getStack().getSliceLabel(1);
			assertTrue(label.startsWith("gradcam · " + (target.equals("3") ? "Dress" : "Trouser")), label);
		}
	}

	@Test
	void modelInfoListsEveryLayerAndSummarizesInputOutputAndClasses() throws Exception {
		CommandService commands = context().service(CommandService.class);
		CommandModule module = commands.run(ModelInfoCommand.class, true, "model", FASHION).get();
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
		CommandModule missing = commands.run(ModelInfoCommand.class, true, "model", new File("/no/such/model")).get();
		assertTrue(missing.isCanceled() && missing.getCancelReason().contains("/no/such/model"), String.valueOf(missing.getCancelReason()));
	}

	private static int rowOf(ResultsTable table, String column, String value) {
		for (int row = 0; row < table.size(); row++) if (table.getStringValue(column, row).equals(value)) return row;
		throw new AssertionError("no row with " + column + " = " + value);
	}

	/** SciJava shows descriptions as tooltips. */
	@Test
	void everyItemOfEveryModuleHasATooltip() throws Exception {
		List<ModuleInfo> infos = new ArrayList<>(ijxaiModules());
		infos.add(context().service(CommandService.class).getCommand(ModelInfoCommand.class));
		infos.add(context().service(CommandService.class).getCommand(CheckModelCommand.class));
		for (ModuleInfo info : infos) {
			List<ModuleItem<?>> items = new ArrayList<>();
			info.inputs().forEach(items::add);
			info.outputs().forEach(items::add);
			for (ModuleItem<?> item : items) {
				if (Service.class.isAssignableFrom(item.getType()) || item.getType() == Context.class) continue;
				String description = item.getDescription();
				assertTrue(description != null && !description.isBlank(), info.getIdentifier() + "." + item.getName() + ": '" + description + "'");
			}
		}
	}
}
