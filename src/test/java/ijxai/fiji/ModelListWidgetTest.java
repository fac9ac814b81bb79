package ijxai.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.File;
import java.util.List;
import java.util.function.Supplier;

import javax.swing.JPanel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.scijava.Context;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;
import org.scijava.widget.AbstractInputPanel;
import org.scijava.widget.InputWidget;
import org.scijava.widget.WidgetModel;
import org.scijava.widget.WidgetService;

import ijxai.engine.model.ModelCache;
import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.ModelOptions;
import ijxai.image.ModelChoices;

/**
 * Fiji's dialog fields for a class or a layer, built by SciJava's widget service for a module's
 * item as Fiji's dialog builds them, with a Swing panel: filled from the chosen model,
 * refilled when it changes, and what the user picks reaches the module.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelListWidgetTest {

	private static final File FASHION = new File("models/fashion_mnist_cnn");

	private final Context context = new Context(ModuleService.class, XaiModules.class, WidgetService.class);
	private final WidgetService widgets = context.service(WidgetService.class);

	@AfterAll
	void stopContext() {
		context.dispose();
	}

	/** A Swing-typed panel like Fiji's, without a window. */
	static final class Panel extends AbstractInputPanel<JPanel, JPanel> {
		@Override public JPanel getComponent() { return new JPanel(); }
		@Override public Class<JPanel> getComponentType() { return JPanel.class; }
		@Override public Class<JPanel> getWidgetComponentType() { return JPanel.class; }
	}

	/** A module of a method, by its name, with the model chosen. */
	private Module module(String method, File model) {
		ModuleService modules = context.service(ModuleService.class);
		Module module = modules.createModule(modules.getModuleById("ijxai:method:" + method));
		module.setInput("model", model);
		return module;
	}

	private InputWidget<?, ?> widget(Module module, String input) {
		WidgetModel model = widgets.createModel(new Panel(), module, module.getInfo().getInput(input), List.of());
		return widgets.create(model);
	}

	private static ModelInfo fashion() {
		try (ModelCache.Lease lease = ModelCache.SHARED.lease(FASHION.toPath(), ModelOptions.DEFAULTS)) {
			return lease.model().info();
		}
	}

	@Test
	void layerFieldListsTheModelsLayersAndSetsTheModulesLayer() throws Exception {
		Module module = module("gradcam", FASHION);
		ModelListWidget layer = assertInstanceOf(ModelListWidget.class, widget(module, "layer"));
		List<String> expected = ModelChoices.layers(fashion());
		waitFor(() -> layer.items().equals(expected), layer::items);
		assertEquals("conv2d", expected.get(1), "spatial layers first, in graph order");
		assertEquals(ModelChoices.DEFAULT_LAYER, layer.list.getSelectedItem(), "an empty layer shows as default");
		layer.list.setSelectedItem("conv2d_1");
		assertEquals("conv2d_1", module.getInput("layer"));
		layer.list.setSelectedItem(ModelChoices.DEFAULT_LAYER);
		assertEquals("", module.getInput("layer"), "default leaves the layer to the method");

		layer.list.setSelectedItem("conv2d_3");
		module.setInput("model", new File("/no/such/model"));
		layer.refreshWidget();
		waitFor(() -> layer.items().equals(List.of(ModelChoices.DEFAULT_LAYER)), layer::items);
		// a layer of the previous model is not kept for another
		waitFor(() -> "".equals(module.getInput("layer")), () -> module.getInput("layer"));
		module.setInput("model", FASHION);
		layer.refreshWidget();
		waitFor(() -> layer.items().equals(expected), layer::items);
	}

	@Test
	void targetFieldListsPredictedAndTheClassNames() throws Exception {
		Module module = module("saliency", FASHION);
		ModelListWidget target = assertInstanceOf(ModelListWidget.class, widget(module, "target"));
		waitFor(() -> target.items().size() == 11, target::items);
		assertEquals(ModelChoices.classes(fashion()), target.items());
		assertEquals("predicted", target.list.getSelectedItem());
		target.list.setSelectedItem("Trouser");
		assertEquals("Trouser", module.getInput("target"));
		// typed, as the list is editable: a class number still works
		target.list.setSelectedItem("3");
		assertEquals("3", module.getInput("target"));
	}

	@Test
	void otherTextParametersDoNotGetTheList() {
		Module module = module("saliency", FASHION);
		assertFalse(widget(module, "signature") instanceof ModelListWidget);
		assertFalse(widget(module, "device") instanceof ModelListWidget);
	}

	private static void waitFor(Supplier<Boolean> condition, Supplier<Object> seen) throws InterruptedException {
		long end = System.currentTimeMillis() + 60_000;
		while (!condition.get()) {
			if (System.currentTimeMillis() > end) throw new AssertionError("the list never became what was expected; it holds " + seen.get());
			Thread.sleep(20);
		}
	}
}
