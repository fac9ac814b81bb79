package ijxai.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A tool whose result is a summary CSV and more files: the CSV's rows on stdout (the header only in
 * the file), every file written into the output folder and reported.
 *
 * @param csv the summary CSV, header first
 * @param write writes every file into the folder
 * @param files the names of the files written
 */
record SummaryPresenter<R>(Function<R, String> csv, BiConsumer<R, Path> write, List<String> files) implements ToolPresenter<R> {

	@Override
	public void present(R result, Context context) {
		String text = csv.apply(result);
		context.session().out().print(text.substring(text.indexOf('\n') + 1));
		write.accept(result, context.folder());
		for (String file : files) context.session().wrote(context.folder().resolve(file));
	}
}
