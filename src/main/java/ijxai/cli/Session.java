package ijxai.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.measure.ResultsTable;
import ijxai.engine.XaiException;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelCache;
import ijxai.image.ExplainImage;
import ijxai.image.ModelSource;

/**
 * What one run of the command line shares: where it prints, the models it leased (returned to the
 * cache when it ends), and how results become files, each announced as "wrote FILE" on stdout.
 */
final class Session implements AutoCloseable {

	private final PrintStream out;
	private final ModelCache cache;
	private final List<ModelSource.Lease> leases = new ArrayList<>();

	Session(PrintStream out, ModelCache cache) {
		this.out = out;
		this.cache = cache;
	}

	PrintStream out() {
		return out;
	}

	/** The model cache of this run, for a command that leases (and returns) a model itself. */
	ModelCache cache() {
		return cache;
	}

	/** The model of these settings, kept open until the run ends. */
	LoadedModel model(ExplainImage.Settings settings) {
		return source(settings).model();
	}

	/** The model of these settings with the package it came from (a SavedModel folder or a bioimage.io package), kept open until the run ends. */
	ModelSource.Lease source(ExplainImage.Settings settings) {
		ModelSource.Lease lease = ModelSource.lease(cache, settings.model(), settings.modelOptions());
		leases.add(lease);
		return lease;
	}

	/** Where the first model ran, or nothing when no model was loaded. */
	Optional<String> placement() {
		return leases.stream().findFirst().map(lease -> lease.model().placement().describe());
	}

	/** The output folder, made when missing. */
	static Path outputFolder(String folder) {
		Path outDir = Path.of(folder);
		try {
			Files.createDirectories(outDir);
		}
		catch (IOException e) {
			throw new XaiException("cannot create output folder " + outDir + ": " + e.getMessage());
		}
		return outDir;
	}

	/** Saves a TIFF (a stack when it has several slices). */
	void save(ImagePlus image, Path target) {
		FileSaver saver = new FileSaver(image);
		boolean saved = image.getStackSize() > 1 ? saver.saveAsTiffStack(target.toString()) : saver.saveAsTiff(target.toString());
		if (!saved) throw new XaiException("cannot write " + target);
		wrote(target);
	}

	/** Saves a table as CSV. */
	void save(ResultsTable table, Path target) {
		if (!table.save(target.toString())) throw new XaiException("cannot write " + target);
		wrote(target);
	}

	/** Says that a file was written. */
	void wrote(Path target) {
		out.println("wrote " + target.toAbsolutePath());
	}

	@Override
	public void close() {
		leases.forEach(ModelSource.Lease::close);
		leases.clear();
	}
}
