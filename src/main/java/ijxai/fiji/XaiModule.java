package ijxai.fiji;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.scijava.Cancelable;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;
import org.scijava.module.AbstractModule;
import org.scijava.plugin.Parameter;
import org.scijava.ui.UIService;

import ijxai.engine.Progress;
import ijxai.isolation.IsolatedEngine;

/**
 * One run of an ij-xai module: its inputs and outputs by item name; a problem with the input,
 * too little memory or the user's cancel end it through {@link Failures}, with progress in
 * Fiji's status bar. The module service injects the services.
 */
public final class XaiModule extends AbstractModule implements Cancelable {

	private final XaiModuleInfo info;

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private UIService ui;

	private boolean canceled;
	private String cancelReason;
	/** Whether the module this one runs for, in the class loader of the Fiji ij-xai is installed in, was cancelled (see {@link IsolatedEngine}). */
	private BooleanSupplier canceledThere = () -> false;

	XaiModule(XaiModuleInfo info) {
		this.info = info;
	}

	@Override
	public XaiModuleInfo getInfo() {
		return info;
	}

	@Override
	public void run() {
		if (IsolatedEngine.needed(XaiModule.class)) {
			Map<String, Object> outputs = new HashMap<>();
			IsolatedEngine.call(XaiModule.class, "runForOtherLoader", new Class<?>[] {String.class, Map.class, Map.class, LogService.class, StatusService.class,
				UIService.class, BooleanSupplier.class}, info.getIdentifier(), getInputs(), outputs, log, status, ui, (BooleanSupplier) this::isCanceled);
			outputs.forEach(this::setOutput);
			return;
		}
		Failures.run(this, ui, log, info.runTitle(), () -> info.run(this));
	}

	/** A run for the module of the same identifier in the Fiji class loader, in ij-xai's own (called by {@link IsolatedEngine#call}). */
	@SuppressWarnings("unused")
	private static void runForOtherLoader(String identifier, Map<String, Object> inputs, Map<String, Object> outputs, LogService log, StatusService status,
		UIService ui, BooleanSupplier canceled)
	{
		XaiModuleInfo info = XaiModules.infos().stream().filter(module -> module.getIdentifier().equals(identifier)).findFirst()
			.orElseThrow(() -> new IllegalStateException("no ij-xai module " + identifier));
		XaiModule twin = new XaiModule(info);
		twin.log = log;
		twin.status = status;
		twin.ui = ui;
		twin.canceledThere = canceled;
		inputs.forEach(twin::setInput);
		twin.run();
		outputs.putAll(twin.getOutputs());
	}

	/** Progress to the status bar; cancelled when this module is, or by Esc. */
	Progress progress() {
		return new FijiProgress(status, this::isCanceled);
	}

	LogService log() {
		return log;
	}

	@Override
	public boolean isCanceled() {
		return canceled || canceledThere.getAsBoolean();
	}

	@Override
	public void cancel(String reason) {
		canceled = true;
		cancelReason = reason;
	}

	@Override
	public String getCancelReason() {
		return cancelReason;
	}
}
