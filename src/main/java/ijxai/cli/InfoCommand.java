package ijxai.cli;

import java.util.List;

import ijxai.engine.method.CommonOptions;
import ijxai.engine.method.MethodParameter;

/** {@code info}: the model's description as JSON. */
final class InfoCommand implements Command {

	@Override public String name() { return "info"; }

	@Override public String summary() { return "the model's inputs, outputs, logits, layers and classes as JSON"; }

	@Override public List<Input> inputs() { return List.of(Input.MODEL); }

	@Override public List<MethodParameter> options() { return CommonOptions.MODEL; }

	@Override
	public void run(Arguments arguments, Session session) {
		session.out().println(Json.of(session.model(arguments.settings(arguments.common())).info()));
	}
}
