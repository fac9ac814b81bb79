package ijxai.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.scijava.module.ModuleItem;

import ij.ImagePlus;
import ijxai.engine.DatasetTools;
import ijxai.engine.Explainers;
import ijxai.engine.method.CommonOptions;
import ijxai.engine.method.DatasetTool;
import ijxai.engine.method.Explainer;
import ijxai.engine.method.MethodParameter;

/**
 * The Fiji dialogs' labels, limits, defaults, choices, help and remembering are the engine's: every
 * item of every module against the {@link MethodParameter} it was made from, the module's own
 * inputs (image, model folder, labelled folder) first and no option declared twice.
 */
class ModuleItemsTest extends HeadlessCommands {

	Stream<String> moduleIds() {
		return ijxaiModules().stream().map(XaiModuleInfo::getIdentifier);
	}

	@ParameterizedTest
	@MethodSource("moduleIds")
	void everyItemIsTheEnginesOption(String id) {
		XaiModuleInfo info = (XaiModuleInfo) modules().getModuleById(id);
		List<String> own = new ArrayList<>();
		List<MethodParameter> options = new ArrayList<>();
		if (info instanceof MethodModuleInfo method) {
			own.addAll(List.of("image", "model"));
			options.addAll(CommonOptions.ofMethods());
			options.addAll(method.method().parameters());
		}
		else {
			DatasetTool<?> tool = ((ToolModuleInfo) info).tool();
			if (tool.images() == DatasetTool.Images.SET) own.add("image");
			own.add("model");
			if (tool.images() == DatasetTool.Images.LABELLED) own.addAll(List.of("images", "labels"));
			options.addAll(tool.commonOptions());
			options.addAll(tool.parameters());
		}
		List<String> names = new ArrayList<>();
		info.inputs().forEach(item -> names.add(item.getName()));
		List<String> expected = new ArrayList<>(own);
		options.forEach(option -> expected.add(OptionItems.itemName(option.name())));
		assertEquals(expected, names, id + ": its own inputs, then the common options, then its own options, each once");

		ModuleItem<?> model = info.getInput("model");
		assertEquals(File.class, model.getType());
		assertEquals("directory", model.getWidgetStyle());
		assertEquals(ModelParameter.PERSIST_KEY, model.getPersistKey());

		for (MethodParameter option : options) {
			ModuleItem<?> item = info.getInput(OptionItems.itemName(option.name()));
			String what = id + " " + option.name();
			assertEquals(option.label(), item.getLabel(), what);
			assertEquals(option.help(), item.getDescription(), what);
			assertEquals(option.remembered(), item.isPersisted(), what);
			assertEquals(!option.defaultValue().isEmpty(), item.isRequired(), what);
			assertEquals(option.kind() == MethodParameter.Kind.CHOICE ? option.choices() : List.of(), item.getChoices(), what);
			assertEquals(switch (option.kind()) {
				case LAYER -> ModelListWidget.LAYERS;
				case CLASS -> ModelListWidget.CLASSES;
				default -> null;
			}, item.getWidgetStyle(), what);
			switch (option.kind()) {
				case INTEGER -> {
					assertSame(Integer.class, item.getType(), what);
					assertEquals(Integer.valueOf(option.defaultValue()), item.getDefaultValue(), what);
					assertEquals(Double.isNaN(option.min()) ? null : (int) option.min(), item.getMinimumValue(), what);
					assertEquals(Double.isNaN(option.max()) ? null : (int) option.max(), item.getMaximumValue(), what);
				}
				case NUMBER -> {
					assertSame(Double.class, item.getType(), what);
					assertEquals(Double.valueOf(option.defaultValue()), item.getDefaultValue(), what);
					assertEquals(Double.isNaN(option.min()) ? null : option.min(), item.getMinimumValue(), what);
					assertEquals(Double.isNaN(option.max()) ? null : option.max(), item.getMaximumValue(), what);
				}
				case FLAG -> {
					assertSame(Boolean.class, item.getType(), what);
					assertEquals(Boolean.valueOf(option.defaultValue()), item.getDefaultValue(), what);
				}
				case IMAGE -> {
					assertSame(ImagePlus.class, item.getType(), what);
					assertNull(item.getDefaultValue(), what);
					assertFalse(item.isRequired(), what);
				}
				default -> {
					assertSame(String.class, item.getType(), what);
					assertEquals(option.defaultValue(), item.getDefaultValue(), what);
				}
			}
		}
	}

	/** Exactly one module per method and per tool of the registries, no more. */
	@org.junit.jupiter.api.Test
	void oneModulePerMethodAndTool() {
		List<String> expected = new ArrayList<>();
		for (Explainer method : Explainers.all()) expected.add("ijxai:method:" + method.name());
		for (DatasetTool<?> tool : DatasetTools.all()) expected.add("ijxai:tool:" + tool.name());
		assertEquals(expected, moduleIds().toList());
		for (String id : expected) assertTrue(modules().getModuleById(id) instanceof XaiModuleInfo, id);
	}

	/** Model info is a hand-written command (not a method); its model options still read as the engine's. */
	@org.junit.jupiter.api.Test
	void modelInfoWordsItsModelOptionsAsTheEngine() throws Exception {
		org.scijava.command.CommandInfo info = context().service(org.scijava.command.CommandService.class).getCommand(ModelInfoCommand.class);
		org.scijava.module.Module fresh = info.createModule();
		for (MethodParameter option : CommonOptions.MODEL) {
			ModuleItem<?> item = info.getInput(OptionItems.itemName(option.name()));
			assertEquals(option.label(), item.getLabel(), option.name());
			assertEquals(option.help(), item.getDescription(), option.name());
			assertEquals(option.remembered(), item.isPersisted(), option.name());
			assertEquals(option.defaultValue(), String.valueOf(fresh.getInput(item.getName())), option.name());
		}
	}
}
