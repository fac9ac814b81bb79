package ijxai.ij1;

import java.awt.Checkbox;
import java.awt.Component;
import java.awt.TextField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ij.ImagePlus;
import ij.Macro;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ijxai.engine.method.CommonOptions;
import ijxai.engine.method.MethodParameter;
import ijxai.engine.model.ModelOptions;
import ijxai.engine.model.Target;
import ijxai.image.ModelChoices;
import ijxai.image.Regions;

/**
 * The fields of engine options in a GenericDialog, rendered from their declarations
 * ({@link MethodParameter}: a method's or tool's own, or {@link CommonOptions}) with the defaults,
 * choices and help the engine gives them, and read back as the text the engine parses. The label
 * of a field is its macro key; the option's own label opens its line of the Help text. In an
 * interactive dialog a remembered option starts at the value given last time for the same
 * command; a macro gets the declared defaults, so that it does not depend on what someone once
 * typed into a dialog.
 */
final class OptionFields {

	/** The values read from the dialog. */
	record Given(Map<String, String> texts, Map<String, ImagePlus> images, Set<String> tablesAsked) {

		/** The texts of {@code options} alone (the method's own, say), by option name. */
		Map<String, String> textsOf(List<MethodParameter> options) {
			Map<String, String> selected = new HashMap<>();
			for (MethodParameter option : options) if (texts.containsKey(option.name())) selected.put(option.name(), texts.get(option.name()));
			return selected;
		}

		/** Whether the user asked to edit a LAYER_RULES option as a table of the model's layers. */
		boolean tableAsked(MethodParameter option) {
			return tablesAsked.contains(option.name());
		}
	}

	static final String NO_IMAGE = "none";

	private final GenericDialog dialog;
	private final ModelFields modelFields;
	private final String command;
	private final ImagePlus explained;
	private final Map<String, String> keys;
	private final boolean interactive = Macro.getOptions() == null;
	private final List<MethodParameter> options = new ArrayList<>();
	/** The text field or checkbox of each option, by name, for the ones the model choices follow. */
	private final Map<String, Component> components = new HashMap<>();

	/**
	 * @param command the method's or tool's name, under which remembered values are kept
	 * @param explained the image the command runs on (not offered as a second image), or null
	 * @param keys macro keys other than {@link #macroKey} for some options, by option name (where the dialog has a field of that key of its own)
	 */
	OptionFields(GenericDialog dialog, ModelFields modelFields, String command, ImagePlus explained, Map<String, String> keys) {
		this.dialog = dialog;
		this.modelFields = modelFields;
		this.command = command;
		this.explained = explained;
		this.keys = keys;
	}

	/**
	 * The dialog label and macro key of an option: its name without hyphens, because ImageJ finds
	 * a key after any non-letter, so "rule=" would match inside "layer-rule=".
	 */
	static String macroKey(MethodParameter option) {
		return option.name().replace("-", "");
	}

	/** Adds one field per option, in order. */
	void add(List<MethodParameter> added) {
		for (MethodParameter p : added) {
			String key = key(p), value = initial(p);
			if (p.name().equals(CommonOptions.REGION.name())) {
				// ImageJ's own regions, as a choice: the selection, each ROI of the ROI Manager, an open label image, the whole image
				dialog.addChoice(key, Regions.dialogChoices(explained).toArray(new String[0]), value.isEmpty() ? Target.WHOLE_IMAGE : value);
				options.add(p);
				continue;
			}
			switch (p.kind()) {
				case INTEGER: dialog.addNumericField(key, Double.parseDouble(value), 0); break;
				case NUMBER: {
					// small defaults such as ε = 1e-6 in scientific notation (negative digits), not as 0.000
					double number = Double.parseDouble(value);
					dialog.addNumericField(key, number, number != 0 && Math.abs(number) < 0.01 ? -2 : 3);
					break;
				}
				case CHOICE: dialog.addChoice(key, p.choices().toArray(new String[0]), value); break;
				case FLAG:
					dialog.addCheckbox(key, Boolean.parseBoolean(value));
					if (interactive) components.put(p.name(), (Checkbox) dialog.getCheckboxes().lastElement());
					break;
				case IMAGE: {
					String[] titles = openImageTitles();
					dialog.addChoice(key, titles, titles[0]);
					break;
				}
				case LAYER_RULES:
					dialog.addStringField(key, value, 24);
					if (interactive) dialog.addCheckbox("Edit " + p.label().toLowerCase() + " as a table of the model's layers", false);
					break;
				case LAYER: modelFields.addLayerField(key, value); break;
				case CLASS: modelFields.addClassField(key, value); break;
				default:
					dialog.addStringField(key, value, 16);
					if (interactive) components.put(p.name(), (TextField) dialog.getStringFields().lastElement());
			}
			options.add(p);
		}
	}

	/** The values of the fields added, in the order they were added; remembered ones are kept for the next dialog. */
	Given read() {
		Map<String, String> texts = new HashMap<>();
		Map<String, ImagePlus> images = new HashMap<>();
		Set<String> tables = new HashSet<>();
		for (MethodParameter p : options) {
			if (p.name().equals(CommonOptions.REGION.name())) {
				// a macro may name what the choice does not list (x,y,w,h, a .roi or .zip file): its text as given, not the choice's fallback
				String choice = dialog.getNextChoice(), macro = Macro.getOptions();
				texts.put(p.name(), macro != null ? Macro.getValue(macro, key(p), choice) : choice);
				continue;
			}
			switch (p.kind()) {
				case INTEGER: texts.put(p.name(), Long.toString(Math.round(dialog.getNextNumber()))); break;
				case NUMBER: texts.put(p.name(), Double.toString(dialog.getNextNumber())); break;
				case CHOICE: texts.put(p.name(), dialog.getNextChoice()); break;
				case FLAG: texts.put(p.name(), Boolean.toString(dialog.getNextBoolean())); break;
				case IMAGE: {
					String title = dialog.getNextChoice();
					if (!title.equals(NO_IMAGE)) images.put(p.name(), WindowManager.getImage(title));
					break;
				}
				case LAYER_RULES:
					texts.put(p.name(), dialog.getNextString());
					if (interactive && dialog.getNextBoolean()) tables.add(p.name());
					break;
				case LAYER: texts.put(p.name(), modelFields.nextLayer()); break;
				case CLASS: texts.put(p.name(), modelFields.nextClass()); break;
				default: texts.put(p.name(), dialog.getNextString());
			}
			if (interactive && p.remembered() && texts.containsKey(p.name())) Prefs.set(prefsKey(p), texts.get(p.name()));
		}
		return new Given(texts, images, tables);
	}

	/** The model options the dialog's signature, output and trust fields say now (interactive dialogs), for the class and layer choices. */
	ModelOptions modelOptions() {
		return new ModelOptions(text(CommonOptions.SIGNATURE), text(CommonOptions.OUTPUT),
			components.get(CommonOptions.TRUST_MODEL.name()) instanceof Checkbox trust && trust.getState());
	}

	/** The Help button's lines of the fields added. */
	String help() {
		return help(options, keys);
	}

	/** The Help lines of {@code options}: macro key, the option's label, what it does. */
	static String help(List<MethodParameter> options, Map<String, String> keys) {
		StringBuilder help = new StringBuilder();
		for (MethodParameter p : options) {
			help.append("<br>").append(keys.getOrDefault(p.name(), macroKey(p))).append(": <i>").append(p.label()).append("</i>: ").append(p.help());
			if (p.kind() == MethodParameter.Kind.LAYER) help.append(" ('" + ModelChoices.DEFAULT_LAYER + "': empty)");
		}
		return help.toString();
	}

	private String key(MethodParameter option) {
		return keys.getOrDefault(option.name(), macroKey(option));
	}

	private String text(MethodParameter option) {
		return components.get(option.name()) instanceof TextField field ? field.getText() : option.defaultValue();
	}

	/** The declared default, or in an interactive dialog the value given last time when the option is remembered and it still fits. */
	private String initial(MethodParameter p) {
		if (!interactive || !p.remembered() || p.kind() == MethodParameter.Kind.IMAGE) return p.defaultValue();
		String last = Prefs.get(prefsKey(p), p.defaultValue());
		return fits(p, last) ? last : p.defaultValue();
	}

	private static boolean fits(MethodParameter p, String value) {
		switch (p.kind()) {
			case INTEGER: case NUMBER:
				try {
					Double.parseDouble(value);
					return true;
				}
				catch (NumberFormatException e) {
					return false;
				}
			case CHOICE: return p.choices().contains(value);
			default: return true;
		}
	}

	private String prefsKey(MethodParameter option) {
		return "ijxai." + command + "." + option.name();
	}

	/** "none" and the titles of the open images other than the one explained. */
	private String[] openImageTitles() {
		List<String> titles = new ArrayList<>(List.of(NO_IMAGE));
		int[] ids = WindowManager.getIDList();
		if (ids != null) {
			for (int id : ids) {
				ImagePlus open = WindowManager.getImage(id);
				if (open != null && open != explained) titles.add(open.getTitle());
			}
		}
		return titles.toArray(new String[0]);
	}
}
