package ijxai.fiji;

import java.awt.BorderLayout;
import java.io.File;
import java.util.List;
import java.util.Objects;

import javax.swing.DefaultComboBoxModel;
import javax.swing.JComboBox;
import javax.swing.JPanel;

import org.scijava.Priority;
import org.scijava.module.Module;
import org.scijava.plugin.Plugin;
import org.scijava.widget.AbstractInputWidget;
import org.scijava.widget.InputWidget;
import org.scijava.widget.WidgetModel;

import ijxai.engine.model.ModelInfo;
import ijxai.engine.model.ModelOptions;
import ijxai.image.ModelChoices;
import ijxai.isolation.IsolatedEngine;

/**
 * Fiji's dialog field for a class or a layer of the model chosen in the same dialog: an editable
 * list ("predicted" or "default" first, then the model's names, spatial layers first), refilled
 * when the model folder, signature, output or trust change. Only text parameters with the style
 * {@link #CLASSES} or {@link #LAYERS} get it; scripts and headless runs see plain text
 * parameters, so any class number, name or layer they give still works.
 */
@Plugin(type = InputWidget.class, priority = Priority.HIGH)
public class ModelListWidget extends AbstractInputWidget<String, JPanel> {

	/** The styles of the parameters that name a class of the model, and a layer of it. */
	public static final String CLASSES = "ijxai-classes", LAYERS = "ijxai-layers";

	private final JPanel panel = new JPanel(new BorderLayout());
	/** The list (package-private for tests, which choose in it as a user does). */
	final JComboBox<String> list = new JComboBox<>();
	private final ModelChoices.Reader reader = new ModelChoices.Reader();
	/** The model folder and options the list was last filled for. */
	private String listed;
	/** True while the list is changed by the widget itself, not by the user. */
	private boolean filling;

	@Override
	public boolean supports(WidgetModel model) {
		return super.supports(model) && model.isText() && (model.isStyle(CLASSES) || model.isStyle(LAYERS));
	}

	@Override
	public void set(WidgetModel model) {
		super.set(model);
		list.setEditable(true);
		list.setToolTipText(model.getItem().getDescription());
		list.addActionListener(event -> {
			if (!filling) updateModel();
		});
		panel.add(list);
		fill(layers() ? ModelChoices.layers(null) : ModelChoices.classes(null));
		refreshWidget();
	}

	@Override
	public String getValue() {
		Object item = list.getSelectedItem();
		String text = item == null ? "" : item.toString().trim();
		return layers() ? ModelChoices.layerOption(text) : text;
	}

	/** Refills the list when the dialog's model changed, and shows the value. */
	@Override
	public void refreshWidget() {
		Module module = get().getModule();
		String folder = module.getInput("model") instanceof File file ? file.getPath() : "";
		String signature = text(module, "signature"), output = text(module, "output");
		boolean trusted = Boolean.TRUE.equals(module.getInput("trustModel")), layers = layers();
		String key = folder + "|" + signature + "|" + output + "|" + trusted;
		if (!key.equals(listed)) {
			listed = key;
			reader.read(() -> choices(folder, signature, output, trusted, layers), this::fill);
		}
		showValue();
	}

	/** The items of the list now (tests read them). */
	List<String> items() {
		List<String> items = new java.util.ArrayList<>();
		for (int i = 0; i < list.getItemCount(); i++) items.add(list.getItemAt(i));
		return items;
	}

	@Override
	public JPanel getComponent() {
		return panel;
	}

	@Override
	public Class<JPanel> getComponentType() {
		return JPanel.class;
	}

	/** The list's items for a model folder; read by ij-xai's own TensorFlow where another comes first (see {@link IsolatedEngine}). */
	private static List<String> choices(String folder, String signature, String output, boolean trusted, boolean layers) {
		if (IsolatedEngine.needed(ModelListWidget.class)) {
			@SuppressWarnings("unchecked")
			List<String> items = (List<String>) IsolatedEngine.call(ModelListWidget.class, "choices", new Class<?>[] {String.class, String.class, String.class,
				boolean.class, boolean.class}, folder, signature, output, trusted, layers);
			return items;
		}
		ModelInfo info = ModelChoices.read(folder, new ModelOptions(signature, output, trusted));
		return layers ? ModelChoices.layers(info) : ModelChoices.classes(info);
	}

	private void fill(List<String> items) {
		List<String> before = items();
		filling = true;
		list.setModel(new DefaultComboBoxModel<>(items.toArray(new String[0])));
		filling = false;
		String shown = shownValue();
		// a name picked from the previous model's list means nothing for this one: back to predicted / default
		if (before.contains(shown) && !items.contains(shown)) {
			list.setSelectedItem(items.get(0));
			updateModel();
		}
		else showValue();
	}

	/** The parameter's value in the field. */
	private void showValue() {
		String text = shownValue();
		if (Objects.equals(text, list.getSelectedItem())) return;
		filling = true;
		list.setSelectedItem(text);
		filling = false;
	}

	/** The parameter's value as the list shows it: an empty layer as "default". */
	private String shownValue() {
		Object value = get().getValue();
		String text = value == null ? "" : value.toString();
		return layers() && text.isEmpty() ? ModelChoices.DEFAULT_LAYER : text;
	}

	private boolean layers() {
		return get().isStyle(LAYERS);
	}

	private static String text(Module module, String input) {
		return module.getInfo().getInput(input) != null && module.getInput(input) != null ? module.getInput(input).toString() : "";
	}
}
