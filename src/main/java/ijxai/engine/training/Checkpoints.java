package ijxai.engine.training;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ijxai.engine.XaiException;
import ijxai.engine.model.LoadedModel;
import ijxai.engine.model.ModelOptions;
import ijxai.engine.model.SavedModelLoader;

/** The weights a model had during training, in training order: opened one at a time, each closed by the caller. */
public interface Checkpoints {

	/** The checkpoints' names, in training order (the frame labels). */
	List<String> names();

	/** The model with the weights of checkpoint {@code index}; the caller closes it. */
	LoadedModel open(int index);

	/** A folder holding one SavedModel folder per checkpoint, in the natural order of their names (cp-2 before cp-10). */
	static Checkpoints savedModels(Path folder, ModelOptions options) {
		List<Path> models;
		try (Stream<Path> children = Files.list(folder)) {
			models = children.filter(child -> Files.isRegularFile(child.resolve("saved_model.pb"))).sorted(NATURAL_ORDER).toList();
		}
		catch (IOException e) {
			throw new XaiException("cannot list the checkpoint folder " + folder + ": " + e.getMessage());
		}
		if (models.isEmpty()) throw new XaiException("the folder " + folder + " holds no SavedModel folders (subfolders with a saved_model.pb)");
		SavedModelLoader loader = new SavedModelLoader(options);
		return new Checkpoints() {
			@Override public List<String> names() { return models.stream().map(model -> model.getFileName().toString()).toList(); }
			@Override public LoadedModel open(int index) { return loader.load(models.get(index)); }
		};
	}

	/** Names compared with their runs of digits as numbers: step-2 before step-10. */
	Comparator<Path> NATURAL_ORDER = Comparator.comparing(path -> NaturalName.of(path.getFileName().toString()));

	/** A name as alternating text and numbers, for {@link #NATURAL_ORDER}. */
	record NaturalName(String name) implements Comparable<NaturalName> {

		private static final Pattern PART = Pattern.compile("\\d+|\\D+");

		static NaturalName of(String name) {
			return new NaturalName(name);
		}

		@Override
		public int compareTo(NaturalName other) {
			Matcher mine = PART.matcher(name), theirs = PART.matcher(other.name);
			while (mine.find() && theirs.find()) {
				String a = mine.group(), b = theirs.group();
				boolean numbers = Character.isDigit(a.charAt(0)) && Character.isDigit(b.charAt(0));
				int order = numbers ? new BigInteger(a).compareTo(new BigInteger(b)) : a.compareTo(b);
				if (order != 0) return order;
			}
			return name.compareTo(other.name);
		}
	}
}
