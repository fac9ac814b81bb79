package ijxai.fiji;

import java.io.File;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.scijava.ItemIO;
import org.scijava.module.DefaultMutableModuleItem;
import org.scijava.module.Module;
import org.scijava.module.ModuleInfo;

import ij.ImagePlus;
import ijxai.engine.method.MethodParameter;

/**
 * SciJava module items made from the engine's option declarations ({@link MethodParameter}), so
 * that a Fiji dialog shows an option with the label, help, default, bounds and choices the engine
 * declares; and the items' values read back as the text the engine parses.
 */
final class OptionItems {

	private OptionItems() {}

	/** The item of an option: its name in camel case (blur-sigma → blurSigma), as scripts and macros give it. */
	static String itemName(String option) {
		StringBuilder name = new StringBuilder();
		for (String part : option.split("-")) name.append(name.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
		return name.toString();
	}

	/**
	 * The input item of an option. A remembered option keeps its last value under
	 * {@code persistPrefix} and its item name (one key per module, as commands had one per class).
	 */
	static DefaultMutableModuleItem<?> input(ModuleInfo info, MethodParameter option, String persistPrefix) {
		String name = itemName(option.name());
		DefaultMutableModuleItem<?> item = switch (option.kind()) {
			case INTEGER -> bounded(new DefaultMutableModuleItem<>(info, name, Integer.class), Integer.valueOf(option.defaultValue()), option, b -> (int) b);
			case NUMBER -> {
				DefaultMutableModuleItem<Double> number = bounded(new DefaultMutableModuleItem<>(info, name, Double.class), Double.valueOf(option.defaultValue()),
					option, b -> b);
				number.setStepSize(step(option));
				yield number;
			}
			case FLAG -> {
				DefaultMutableModuleItem<Boolean> flag = new DefaultMutableModuleItem<>(info, name, Boolean.class);
				flag.setDefaultValue(Boolean.valueOf(option.defaultValue()));
				yield flag;
			}
			// no default: SciJava offers the open images, and none given is none
			case IMAGE -> new DefaultMutableModuleItem<>(info, name, ImagePlus.class);
			default -> {
				DefaultMutableModuleItem<String> text = new DefaultMutableModuleItem<>(info, name, String.class);
				text.setDefaultValue(option.defaultValue());
				if (!option.choices().isEmpty() && option.kind() == MethodParameter.Kind.CHOICE) text.setChoices(option.choices());
				if (option.kind() == MethodParameter.Kind.LAYER) text.setWidgetStyle(ModelListWidget.LAYERS);
				if (option.kind() == MethodParameter.Kind.CLASS) text.setWidgetStyle(ModelListWidget.CLASSES);
				yield text;
			}
		};
		item.setLabel(option.label());
		item.setDescription(option.help());
		item.setPersisted(option.remembered());
		item.setPersistKey(persistPrefix + name);
		// an empty default means "the method's own choice" (or no image): leaving it empty is fine
		item.setRequired(!option.defaultValue().isEmpty());
		return item;
	}

	/** The model folder every ij-xai module takes, remembered under one key for all of them. */
	static DefaultMutableModuleItem<File> modelFolder(ModuleInfo info) {
		DefaultMutableModuleItem<File> model = new DefaultMutableModuleItem<>(info, "model", File.class);
		model.setLabel(ModelParameter.LABEL);
		model.setDescription(ModelParameter.DESCRIPTION);
		model.setWidgetStyle("directory");
		model.setPersistKey(ModelParameter.PERSIST_KEY);
		return model;
	}

	/** An input the adapter itself declares (an image, a folder or file), not an engine option. */
	static <T> DefaultMutableModuleItem<T> own(ModuleInfo info, String name, Class<T> type, String label, String description) {
		DefaultMutableModuleItem<T> item = new DefaultMutableModuleItem<>(info, name, type);
		item.setLabel(label);
		item.setDescription(description);
		return item;
	}

	/** An output item; optional outputs may stay empty (no overlay asked for, no adversarial image). */
	static DefaultMutableModuleItem<?> output(ModuleInfo info, String name, Class<?> type, String label, String description, boolean required) {
		DefaultMutableModuleItem<?> item = own(info, name, type, label, description);
		item.setIOType(ItemIO.OUTPUT);
		item.setRequired(required);
		return item;
	}

	/** The options' values in the module as the text the engine parses (FLAG: "true"/"false"), by option name; images are left out. */
	static Map<String, String> texts(Module module, List<MethodParameter> options) {
		Map<String, String> texts = new HashMap<>();
		for (MethodParameter option : options) {
			Object value = module.getInput(itemName(option.name()));
			if (value != null && !(value instanceof ImagePlus)) texts.put(option.name(), value.toString());
		}
		return texts;
	}

	/** The IMAGE options given, by option name. */
	static Map<String, ImagePlus> images(Module module, List<MethodParameter> options) {
		Map<String, ImagePlus> images = new HashMap<>();
		for (MethodParameter option : options) {
			// SciJava may fill an optional image input with an image without pixels: that is no image given
			if (module.getInput(itemName(option.name())) instanceof ImagePlus image && image.getProcessor() != null) images.put(option.name(), image);
		}
		return images;
	}

	private static <T> DefaultMutableModuleItem<T> bounded(DefaultMutableModuleItem<T> item, T defaultValue, MethodParameter option,
		java.util.function.DoubleFunction<T> bound)
	{
		item.setDefaultValue(defaultValue);
		if (!Double.isNaN(option.min())) item.setMinimumValue(bound.apply(option.min()));
		if (!Double.isNaN(option.max())) item.setMaximumValue(bound.apply(option.max()));
		return item;
	}

	/**
	 * The spinner step of a number: a tenth of the order of magnitude of its default (or of its
	 * range when the default is 0), so that ε = 1e-6 and an opacity from 0 to 1 both step sensibly.
	 */
	private static double step(MethodParameter option) {
		double scale = Math.abs(Double.parseDouble(option.defaultValue()));
		if (scale == 0 && option.max() - option.min() <= 1e6) scale = option.max() - option.min();
		if (!(scale > 0)) scale = 1;
		return Math.pow(10, Math.floor(Math.log10(scale)) - 1);
	}
}
