package ijxai.ij1;

import java.awt.AWTEvent;
import java.awt.Choice;
import java.awt.TextField;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import ij.IJ;
import ij.Macro;
import ij.Prefs;
import ij.gui.DialogListener;
import ij.gui.GenericDialog;
import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.ModelOptions;
import ijxai.image.ModelChoices;

/**
 * The model folder field of a dialog and the fields that name one of that model's classes or
 * layers. In an interactive dialog those are choices filled from the model (the remembered one
 * first) and refilled when the folder changes; in a macro they are text, so that any index or
 * name works ({@code target=3}, {@code target=Trouser}, {@code layer=conv2d_3}) and recorded
 * macros read as typed. A folder that does not load leaves the choices at their defaults.
 */
final class ModelFields implements DialogListener {

	static final String MODEL_HELP = "model: the TensorFlow SavedModel folder, or a bioimage.io model package (a .zip, or a folder holding rdf.yaml) (remembered for every ij-xai command).";

	private final GenericDialog dialog;
	private final boolean interactive = Macro.getOptions() == null;
	private final List<Choice> classChoices = new ArrayList<>(), layerChoices = new ArrayList<>();
	private final ModelChoices.Reader reader = new ModelChoices.Reader();
	private final String rememberedFolder = Prefs.get(ExplainPlugin.MODEL_PREF, "");
	/** The remembered folder's model (null when it does not load), read for the first choice field. */
	private ModelInfo rememberedModel;
	private boolean remembered;
	private TextField folderField;
	private Supplier<ModelOptions> options;
	private String listed = key(rememberedFolder, ModelOptions.DEFAULTS);

	/** Adds the model folder field with the remembered folder in it. */
	ModelFields(GenericDialog dialog) {
		this.dialog = dialog;
		dialog.addDirectoryField("model", rememberedFolder);
		if (interactive) folderField = (TextField) dialog.getStringFields().lastElement();
	}

	/** A field for a class: a choice of {@link ModelChoices#classes}, or text in a macro. */
	void addClassField(String key, String macroDefault) {
		if (interactive) {
			dialog.addChoice(key, ModelChoices.classes(rememberedModel()).toArray(new String[0]), ModelChoices.PREDICTED);
			classChoices.add((Choice) dialog.getChoices().lastElement());
		}
		else dialog.addStringField(key, macroDefault, 16);
	}

	/** A field for a layer: a choice of {@link ModelChoices#layers}, or text in a macro. */
	void addLayerField(String key, String macroDefault) {
		if (interactive) {
			dialog.addChoice(key, ModelChoices.layers(rememberedModel()).toArray(new String[0]), ModelChoices.DEFAULT_LAYER);
			layerChoices.add((Choice) dialog.getChoices().lastElement());
		}
		else dialog.addStringField(key, macroDefault, 20);
	}

	/** The model folder given, remembered for the next dialog of any ij-xai command. */
	String nextFolder() {
		String folder = dialog.getNextString().trim();
		Prefs.set(ExplainPlugin.MODEL_PREF, folder);
		return folder;
	}

	/** The class field's value, as {@link ijxai.engine.model.Target#parse} takes it. */
	String nextClass() {
		return interactive ? dialog.getNextChoice() : dialog.getNextString();
	}

	/** The layer field's value: a layer name, or "" for the method's own. */
	String nextLayer() {
		return ModelChoices.layerOption(interactive ? dialog.getNextChoice() : dialog.getNextString());
	}

	/**
	 * Refills the choices whenever the folder or the options read from the dialog change (call
	 * after the fields the options come from are added).
	 */
	void listen(Supplier<ModelOptions> modelOptions) {
		if (!interactive) return;
		options = modelOptions;
		dialog.addDialogListener(this);
	}

	@Override
	public boolean dialogItemChanged(GenericDialog changed, AWTEvent event) {
		if (event == null || classChoices.isEmpty() && layerChoices.isEmpty()) return true;
		String folder = folderField.getText().trim();
		ModelOptions current = options.get();
		String key = key(folder, current);
		if (key.equals(listed)) return true;
		listed = key;
		reader.read(folder, current, this::fill);
		return true;
	}

	/** The folder's model as the dialog opens; its options are still the defaults then. */
	private ModelInfo rememberedModel() {
		if (!remembered) {
			// the first read of a large model takes seconds before the dialog appears
			if (!rememberedFolder.isBlank()) IJ.showStatus("Reading the model in " + rememberedFolder + "...");
			rememberedModel = ModelChoices.read(rememberedFolder, ModelOptions.DEFAULTS);
			IJ.showStatus("");
		}
		remembered = true;
		return rememberedModel;
	}

	private void fill(ModelInfo info) {
		// the dialog may have closed while the model loaded
		if (!dialog.isVisible()) return;
		for (Choice choice : classChoices) replaceItems(choice, ModelChoices.classes(info));
		for (Choice choice : layerChoices) replaceItems(choice, ModelChoices.layers(info));
		dialog.pack();
	}

	/** New items; the selection stays where the new items have it. */
	private static void replaceItems(Choice choice, List<String> items) {
		String selected = choice.getSelectedItem();
		choice.removeAll();
		items.forEach(choice::add);
		if (items.contains(selected)) choice.select(selected);
	}

	private static String key(String folder, ModelOptions options) {
		return folder + "|" + options;
	}
}
