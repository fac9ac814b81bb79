package ijxai.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import ij.ImagePlus;
import ijxai.engine.XaiException;
import ijxai.image.ImageBridge;

/** The image files a command is given: one file, or the images of a folder. */
final class ImageFiles {

	private ImageFiles() {}

	/** This shard's chunk of {@link #of(String) the image files}. */
	static List<Path> of(String fileOrFolder, Shard shard) {
		return shard.of(of(fileOrFolder), fileOrFolder);
	}

	/** The image file, or the image files of a folder in name order. */
	static List<Path> of(String fileOrFolder) {
		Path path = Path.of(fileOrFolder);
		if (!Files.exists(path)) throw new XaiException("image " + path + " does not exist");
		if (!Files.isDirectory(path)) return List.of(path);
		List<Path> files = new ArrayList<>();
		try (Stream<Path> entries = Files.list(path)) {
			entries.filter(Files::isRegularFile).filter(f -> ImageBridge.IMAGE_SUFFIXES.stream().anyMatch(s -> f.toString().toLowerCase(Locale.ROOT).endsWith(s)))
				.sorted().forEach(files::add);
		}
		catch (IOException e) {
			throw new XaiException("cannot list folder " + path + ": " + e.getMessage());
		}
		if (files.isEmpty()) throw new XaiException("folder " + path + " has no images (" + String.join(", ", ImageBridge.IMAGE_SUFFIXES) + ")");
		return files;
	}

	/** The image, with the folder it came from recorded (ImageJ leaves it out for some formats). */
	static ImagePlus open(Path file) {
		ImagePlus image = ImageBridge.open(file);
		if (image.getOriginalFileInfo() != null && image.getOriginalFileInfo().directory == null) {
			image.getOriginalFileInfo().directory = file.toAbsolutePath().getParent() + File.separator;
		}
		return image;
	}
}
