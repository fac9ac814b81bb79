package ijxai.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ijxai.engine.XaiException;

/** {@code --shard I/N}: chunks that cover every file once, in order; commands that read only their chunk; clear errors for bad values. */
class ShardTest {

	@TempDir
	Path temp;

	@Test
	void chunksCoverEveryFileOnceInOrderWithSizesWithinOne() {
		for (int files = 1; files <= 23; files++) {
			List<Integer> all = IntStream.range(0, files).boxed().toList();
			for (int count = 1; count <= files; count++) {
				List<Integer> joined = new ArrayList<>();
				int smallest = Integer.MAX_VALUE, largest = 0;
				for (int index = 1; index <= count; index++) {
					List<Integer> chunk = new Shard(index, count).of(all, "folder");
					joined.addAll(chunk);
					smallest = Math.min(smallest, chunk.size());
					largest = Math.max(largest, chunk.size());
				}
				assertEquals(all, joined, files + " files in " + count + " shards");
				assertTrue(largest - smallest <= 1, files + " files in " + count + " shards: sizes " + smallest + ".." + largest);
			}
		}
		// the documented rule: 10 files in 4 shards are 0-1, 2-4, 5-6, 7-9
		assertEquals(List.of(2, 3, 4), new Shard(2, 4).of(IntStream.range(0, 10).boxed().toList(), "folder"));
	}

	@Test
	void badValuesAreUsageErrorsSayingWhy() {
		assertEquals(Shard.ALL, Shard.parse(null));
		assertEquals(new Shard(3, 8), Shard.parse("3/8"));
		assertTrue(assertThrows(UsageException.class, () -> Shard.parse("3")).getMessage().contains("--shard takes I/N"));
		assertTrue(assertThrows(UsageException.class, () -> Shard.parse("-1/4")).getMessage().contains("not '-1/4'"));
		assertTrue(assertThrows(UsageException.class, () -> Shard.parse("0/4")).getMessage().contains("I must be from 1 to N (4)"));
		assertTrue(assertThrows(UsageException.class, () -> Shard.parse("5/4")).getMessage().contains("I must be from 1 to N (4)"));
		assertTrue(assertThrows(UsageException.class, () -> Shard.parse("1/0")).getMessage().contains("N must be at least 1"));
		XaiException empty = assertThrows(XaiException.class, () -> new Shard(1, 3).of(List.of("a.png", "b.png"), "imgs"));
		assertEquals("--shard 1/3 holds no file: imgs has 2 image file(s), fewer than 3 shards; give at most 2 shards", empty.getMessage());
	}

	@Test
	void predictionsOfTheShardsInOrderAreThoseOfTheWholeFolder() {
		String whole = predict(null);
		assertEquals(6, whole.lines().count(), whole);
		assertEquals(whole, predict("1/3") + predict("2/3") + predict("3/3"));
		assertEquals(2, predict("2/3").lines().count());
	}

	@Test
	void aLabelledFolderIsShardedByItsFiles() throws Exception {
		Path labels = temp.resolve("labels.csv");
		Files.write(labels, List.of("fashion-0000-ankle-boot.png,9", "fashion-0001-pullover.png,2", "fashion-0002-trouser.png,1"));
		BadInputTest.Run second = BadInputTest.cli("sweep", "--model", "models/fashion_mnist_cnn", "--image", "test-images", "--labels", labels.toString(),
			"--shard", "2/2", "--out", temp.toString(), "--epsilons", "0", "--attacks", "fgsm");
		assertEquals(0, second.status(), second.err());
		// files 1-2 of 3: two images, both classified right
		assertEquals("attack,epsilon,accuracy,correct,total\nfgsm,0.0,1.0000,2,2\n", Files.readString(temp.resolve("robustness.csv")));
	}

	@Test
	void aBadShardOnTheCommandLineExitsWithOneLine() {
		BadInputTest.Run usage = BadInputTest.cli("predict", "--model", "models/fashion_mnist_cnn", "--image", "test-images", "--shard", "4/3");
		assertEquals(2, usage.status(), usage.err());
		assertTrue(usage.err().startsWith("ij-xai: --shard 4/3: I must be from 1 to N (3)\n"), usage.err());
		BadInputTest.Run empty = BadInputTest.cli("predict", "--model", "models/fashion_mnist_cnn", "--image", "test-images", "--shard", "1/7");
		assertEquals(1, empty.status(), empty.err());
		assertTrue(empty.err().contains("test-images has 6 image file(s), fewer than 7 shards"), empty.err());
	}

	private static String predict(String shard) {
		List<String> args = new ArrayList<>(List.of("predict", "--model", "models/fashion_mnist_cnn", "--image", "test-images"));
		if (shard != null) args.addAll(List.of("--shard", shard));
		BadInputTest.Run run = BadInputTest.cli(args.toArray(String[]::new));
		assertEquals(0, run.status(), run.err());
		return run.out();
	}
}
