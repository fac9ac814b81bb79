package ijxai.fiji;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.scijava.MenuPath;
import org.scijava.module.AbstractModuleInfo;
import org.scijava.module.Module;

import ijxai.engine.method.MethodParameter;

/**
 * The SciJava module of one engine method or dataset tool, generated from its registry entry:
 * one item per option, under Plugins › Explainable AI. {@link XaiModules} registers them when the
 * context starts, as SciJava registers scripts.
 */
public abstract class XaiModuleInfo extends AbstractModuleInfo {

	private final String identifier, runTitle;
	private final List<MethodParameter> options, own;

	/**
	 * @param identifier unique among the modules, e.g. "ijxai:method:saliency"
	 * @param menuPath e.g. "Plugins>Explainable AI>Attribution>Saliency map"
	 * @param runTitle the method's or tool's title, for error dialogs
	 * @param common the common options it takes
	 * @param own the method's or tool's own options
	 */
	XaiModuleInfo(String identifier, String menuPath, String runTitle, List<MethodParameter> common, List<MethodParameter> own) {
		this.identifier = identifier;
		this.runTitle = runTitle;
		setMenuPath(new MenuPath(menuPath));
		List<MethodParameter> all = new ArrayList<>(common);
		all.addAll(own);
		this.options = List.copyOf(all);
		this.own = own;
	}

	/** The engine options the module's items show, common ones first: their values are read back from the items of the same names. */
	final List<MethodParameter> options() {
		return options;
	}

	/** The method's or tool's own options among {@code texts} (option values by name). */
	final Map<String, String> ownTexts(Map<String, String> texts) {
		Map<String, String> values = new HashMap<>();
		for (MethodParameter option : own) if (texts.containsKey(option.name())) values.put(option.name(), texts.get(option.name()));
		return values;
	}

	/** The work of one run, reading the module's inputs and setting its outputs; throws XaiException for problems with the input. */
	abstract void run(XaiModule module);

	/** The name of the method or tool in error dialogs. */
	final String runTitle() {
		return runTitle;
	}

	/** The key prefix under which this module remembers the options' last values. */
	String persistPrefix() {
		return identifier.replace(':', '.') + ".";
	}

	@Override
	public String getIdentifier() {
		return identifier;
	}

	@Override
	public String getDelegateClassName() {
		return XaiModule.class.getName();
	}

	@Override
	public Class<?> loadDelegateClass() {
		return XaiModule.class;
	}

	@Override
	public Module createModule() {
		return new XaiModule(this);
	}

	@Override
	public boolean canRunHeadless() {
		return true;
	}
}
