package ijxai.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;

/** Feature maps, first-layer filters and the feature space from the command line. */
class FeatureCommandLineTest {

	@TempDir
	Path temp;

	private static final String MODEL = "models/fashion_mnist_cnn";

	/** The montage has one tile per channel, each the channel's plane of the maps (enlarged, nearest neighbour). */
	@Test
	void featureMapsComeWithAMontageOfTheirChannels() {
		BadInputTest.Run run = BadInputTest.cli("activations", "--model", MODEL, "--image", "test-images/fashion-0000-ankle-boot.png", "--out", temp.toString(),
			"--layer", "max_pooling2d_1");
		assertEquals(0, run.status(), run.err());
		ImagePlus maps = new ImagePlus(temp.resolve("fashion-0000-ankle-boot_activations.tif").toString());
		ImagePlus montage = new ImagePlus(temp.resolve("fashion-0000-ankle-boot_activations_montage.tif").toString());
		assertEquals(64, maps.getStackSize());
		// 64 tiles of 7x7 enlarged 7 times, 8 columns, 1-pixel borders
		assertEquals(8 * (49 + 1) + 1, montage.getWidth());
		for (int channel : new int[] { 0, 9, 63 }) {
			int left = 1 + (channel % 8) * 50, top = 1 + (channel / 8) * 50;
			for (int y = 0; y < 7; y++) {
				for (int x = 0; x < 7; x++) {
					assertEquals(maps.getStack().getProcessor(channel + 1).getf(x, y), montage.getProcessor().getf(left + 7 * x + 3, top + 7 * y + 3), 0f);
				}
			}
		}
	}

	@Test
	void firstLayerFiltersAreWrittenAsAMontage() {
		BadInputTest.Run run = BadInputTest.cli("filters", "--model", "models/mobilenetv2_small", "--out", temp.toString());
		assertEquals(0, run.status(), run.err());
		ImagePlus filters = new ImagePlus(temp.resolve("first_layer_filters.tif").toString());
		assertEquals(ImagePlus.COLOR_RGB, filters.getType());
		BadInputTest.Run gray = BadInputTest.cli("filters", "--model", MODEL, "--out", temp.resolve("gray").toString());
		assertEquals(0, gray.status(), gray.err());
		assertEquals(32, new ImagePlus(temp.resolve("gray/first_layer_filters.tif").toString()).getBitDepth());
	}

	@Test
	void featureSpaceOfAFolder() throws Exception {
		BadInputTest.Run run = BadInputTest.cli("features", "--model", MODEL, "--image", "test-images", "--out", temp.toString(), "--query", "3", "--k", "2");
		assertEquals(0, run.status(), run.err());
		List<String> neighbours = Files.readAllLines(temp.resolve("neighbours.csv"));
		assertEquals(4, neighbours.size(), String.join("\n", neighbours));
		assertTrue(neighbours.get(1).contains("fashion-0002-trouser.png (query)"), neighbours.get(1));
		// the other trouser is the nearest
		assertTrue(neighbours.get(2).contains("fashion-0003-trouser.png"), String.join("\n", neighbours));
		List<String> features = Files.readAllLines(temp.resolve("features.csv"));
		assertEquals(7, features.size());
		assertTrue(features.get(0).contains("pc1") && features.get(0).contains("colour"), features.get(0));
		for (String file : new String[] { "nearest_neighbours.tif", "feature_pca.tif", "feature_colours.tif" }) {
			assertEquals(ImagePlus.COLOR_RGB, new ImagePlus(temp.resolve(file).toString()).getType(), file);
		}
		assertEquals(1, BadInputTest.cli("features", "--model", MODEL, "--image", "test-images", "--out", temp.toString(), "--query", "9").status());
	}

	@Test
	void featureSpaceWithTsneWritesItsPlotAndCoordinates() throws Exception {
		BadInputTest.Run run = BadInputTest.cli("features", "--model", MODEL, "--image", "test-images", "--out", temp.toString(), "--tsne", "--perplexity", "2");
		assertEquals(0, run.status(), run.err());
		List<String> features = Files.readAllLines(temp.resolve("features.csv"));
		assertTrue(features.get(0).contains("tsne1") && features.get(0).contains("tsne2"), features.get(0));
		assertEquals(ImagePlus.COLOR_RGB, new ImagePlus(temp.resolve("feature_tsne.tif").toString()).getType());
		BadInputTest.Run tooMany = BadInputTest.cli("features", "--model", MODEL, "--image", "test-images", "--out", temp.resolve("again").toString(), "--tsne");
		assertEquals(1, tooMany.status());
		assertTrue(tooMany.err().contains("t-SNE perplexity 30 must be smaller than the number of images (6)"), tooMany.err());
	}

	/** PGD makes a trouser a dress; by the output layer its representation is nearer the dress's than the trouser's. */
	@Test
	void culpritLayersOfAnAttack() throws Exception {
		BadInputTest.Run attack = BadInputTest.cli("pgd", "--model", MODEL, "--image", "test-images/fashion-0002-trouser.png", "--out", temp.toString(), "--epsilon", "24");
		assertEquals(0, attack.status(), attack.err());
		Path dresses = Files.createDirectories(temp.resolve("dresses"));
		Files.copy(Path.of("test-images", "fashion-0013-dress.png"), dresses.resolve("fashion-0013-dress.png"));
		BadInputTest.Run run = BadInputTest.cli("culprit", "--model", MODEL, "--image", "test-images/fashion-0002-trouser.png", "--adversarial",
			temp.resolve("fashion-0002-trouser_pgd_adversarial.tif").toString(), "--class-folder", dresses.toString(), "--out", temp.resolve("culprit").toString());
		assertEquals(0, run.status(), run.err());
		assertTrue(run.out().contains("clean: Trouser, adversarial: Dress; first flipped layer: "), run.out());
		List<String> rows = Files.readAllLines(temp.resolve("culprit/culprit.csv"));
		assertTrue(rows.get(0).contains("cos_to_clean") && rows.get(0).contains("cos_to_class") && rows.get(0).contains("flipped"), rows.get(0));
		assertTrue(rows.get(rows.size() - 1).endsWith("true"), "the output layer flipped: " + String.join("\n", rows));
		assertEquals(ImagePlus.COLOR_RGB, new ImagePlus(temp.resolve("culprit/culprit.tif").toString()).getType());
	}
}
