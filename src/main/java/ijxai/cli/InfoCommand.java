package ijxai.cli;

import java.util.List;

import ijxai.engine.bioimage.ModelPackage;
import ijxai.engine.method.CommonOptions;
import ijxai.engine.method.MethodParameter;
import ijxai.image.ModelSource;

/** {@code info}: the model's description as JSON; for a bioimage.io package also its name, authors, licence, citation and processing. */
final class InfoCommand implements Command {

	@Override public String name() { return "info"; }

	@Override public String summary() { return "the model's inputs, outputs, logits, layers and classes as JSON (a package's name, authors, licence too)"; }

	@Override public List<Input> inputs() { return List.of(Input.MODEL); }

	@Override public List<MethodParameter> options() { return CommonOptions.MODEL; }

	@Override
	public void run(Arguments arguments, Session session) {
		ModelSource.Lease lease = session.source(arguments.settings(arguments.common()));
		session.out().println(Json.of(lease.model().info(), lease.pack().map(ModelPackage::describe).orElse(List.of())));
	}
}
