package ijxai.cli;

import java.util.List;
import java.util.stream.Stream;

import ijxai.engine.method.CommonOptions;
import ijxai.engine.method.MethodParameter;

/**
 * One command of the command line: its name, what it reads (for parsing and the usage text) and
 * how it runs. A new command is one class implementing this and one line in {@link Commands}.
 */
interface Command {

	/** The options of a command that feeds images to a model it loads: the input options, then the model options. */
	List<MethodParameter> INPUT_AND_MODEL_OPTIONS = Stream.concat(CommonOptions.INPUT.stream(), CommonOptions.MODEL.stream()).toList();

	/**
	 * A file or folder a command reads or writes, {@code --name VALUE}. Not an engine option:
	 * each adapter picks files its own way.
	 *
	 * @param value what to give, as the usage text shows it
	 */
	record Input(String name, String value, String help, boolean required) {

		static final Input MODEL = new Input("model", "DIR", "the TensorFlow SavedModel folder, or a bioimage.io model package (a .zip, or a folder holding rdf.yaml)", true);
		static final Input IMAGES = new Input("image", "FILE|FOLDER", "an image file (a stack: one image per slice), or a folder of images in name order", true);
		static final Input LABELLED_IMAGES = new Input("image", "FOLDER|STACK",
			"labelled images: a folder with one subfolder per class named like the class, a folder with --labels, or one stack whose slice labels name the classes", true);
		static final Input LABELS = new Input("labels", "CSV", "'file,class' lines: the class of each image file in FOLDER", false);
		static final Input SHARD = new Input("shard", "I/N",
			"only the I-th of N contiguous chunks of the image files, in the order they are read (for job arrays; I from 1)", false);
		static final Input OUT = new Input("out", "DIR", "the folder the results are written to (made when missing)", true);
	}

	/** The name the command line is given. */
	String name();

	/** What it does and writes, for the usage text. */
	String summary();

	/** Its inputs, in the order the usage text shows them. */
	List<Input> inputs();

	/** The engine's options it takes: the common ones, then its own. */
	List<MethodParameter> options();

	/** Runs it; the models it loads and the files it writes go through the session. */
	void run(Arguments arguments, Session session);
}
