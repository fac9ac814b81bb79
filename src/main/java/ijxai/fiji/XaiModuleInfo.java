package ijxai.fiji;

import java.util.List;

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

	private final String identifier;

	/**
	 * @param identifier unique among the modules, e.g. "ijxai:method:saliency"
	 * @param menuPath e.g. "Plugins>Explainable AI>Attribution>Saliency map"
	 */
	XaiModuleInfo(String identifier, String menuPath) {
		this.identifier = identifier;
		setMenuPath(new MenuPath(menuPath));
	}

	/** The engine options the module's items show, common ones first: their values are read back from the items of the same names. */
	abstract List<MethodParameter> options();

	/** The work of one run, reading the module's inputs and setting its outputs; throws XaiException for problems with the input. */
	abstract void run(XaiModule module);

	/** The name of the method or tool in error dialogs. */
	abstract String runTitle();

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
