package ijxai.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;

/**
 * workflow/Snakefile run locally ({@code snakemake --cores 2}) over the six test images in two or
 * three shards: its merged outputs against one command-line run over the whole folder. Needs
 * snakemake on PATH (.ci/run installs it); skipped without.
 */
class WorkflowTest {

	private static final Path WORKFLOW = Path.of("workflow").toAbsolutePath(), MODEL = Path.of("models/fashion_mnist_cnn").toAbsolutePath(),
		IMAGES = Path.of("test-images").toAbsolutePath();
	/** ij-xai as the test runs it: its class path, the log level set (no quiet relaunch: one JVM per chunk). */
	private static final String IJXAI = Path.of(System.getProperty("java.home"), "bin", "java") + " -cp "
		+ System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")) + " " + Main.class.getName();
	/**
	 * Relative difference allowed between a merged mean (or sem) and the whole run's: the merge
	 * recomputes them from the per-image values, which ij-xai writes with six significant digits.
	 */
	private static final double ROUNDING = 1e-5;

	@TempDir
	Path temp;

	@BeforeAll
	static void snakemakeIsThere() {
		assumeTrue(Stream.of(System.getenv("PATH").split(File.pathSeparator)).anyMatch(dir -> Files.isExecutable(Path.of(dir, "snakemake"))),
			"snakemake is not on PATH (.ci/run installs it)");
	}

	@Test
	void mapsAndTheirLabelsAreThoseOfOneRun() throws Exception {
		Path merged = temp.resolve("merged"), whole = temp.resolve("whole");
		snakemake(merged, "saliency", "shards=3");
		String out = cli("saliency", "--model", MODEL.toString(), "--image", IMAGES.toString(), "--out", whole.toString());
		assertEquals(out.lines().filter(line -> !line.startsWith("wrote ")).map(line -> line + "\n").collect(Collectors.joining()),
			Files.readString(merged.resolve("saliency.tsv")));
		List<String> maps = tiffs(whole);
		assertEquals(6, maps.size(), maps.toString());
		assertEquals(maps, tiffs(merged));
		for (String map : maps) {
			ImagePlus expected = new ImagePlus(whole.resolve(map).toString()), actual = new ImagePlus(merged.resolve(map).toString());
			assertEquals(expected.getStackSize(), actual.getStackSize(), map);
			for (int slice = 1; slice <= expected.getStackSize(); slice++) {
				assertArrayEquals((float[]) expected.getStack().getPixels(slice), (float[]) actual.getStack().getPixels(slice), map + " slice " + slice);
			}
		}
	}

	@Test
	void predictionsAreThoseOfOneRun() throws Exception {
		Path merged = temp.resolve("merged");
		snakemake(merged, "predict", "shards=3");
		assertEquals(cli("predict", "--model", MODEL.toString(), "--image", IMAGES.toString()), Files.readString(merged.resolve("predictions.tsv")));
	}

	@Test
	void theRobustnessCurveIsThatOfOneRun() throws Exception {
		Path labels = temp.resolve("labels.csv"), merged = temp.resolve("merged"), whole = temp.resolve("whole");
		Files.write(labels, List.of("fashion-0000-ankle-boot.png,9", "fashion-0001-pullover.png,2", "fashion-0002-trouser.png,1", "fashion-0003-trouser.png,1",
			"fashion-0008-sandal.png,5", "fashion-0013-dress.png,3"));
		snakemake(merged, "sweep", "shards=2", "labels=" + labels, "epsilons=0,8,32", "attacks=fgsm,pgd");
		cli("sweep", "--model", MODEL.toString(), "--image", IMAGES.toString(), "--labels", labels.toString(), "--out", whole.toString(), "--epsilons", "0,8,32",
			"--attacks", "fgsm,pgd");
		List<String> curve = Files.readAllLines(merged.resolve("robustness.csv"));
		assertEquals(Files.readAllLines(whole.resolve("robustness.csv")), curve);
		assertEquals("fgsm,0.0,1.0000,6,6", curve.get(1), "counts summed over the shards: " + curve);
	}

	@Test
	void evaluationTablesAreThoseOfOneRunButForTheRandomDraws() throws Exception {
		Path merged = temp.resolve("merged"), whole = temp.resolve("whole");
		snakemake(merged, "evaluate", "shards=3", "methods=saliency", "steps=10", "metrics=deletion,insertion");
		cli("evaluate", "--model", MODEL.toString(), "--image", IMAGES.toString(), "--out", whole.toString(), "--methods", "saliency", "--steps", "10", "--metrics",
			"deletion,insertion");
		// per image: saliency's values digit for digit; the random baseline draws its maps per shard
		List<String> images = Files.readAllLines(merged.resolve("evaluation_images.csv")), expectedImages = Files.readAllLines(whole.resolve("evaluation_images.csv"));
		assertEquals(expectedImages.size(), images.size());
		assertEquals(expectedImages.stream().filter(row -> !row.startsWith("random,")).toList(), images.stream().filter(row -> !row.startsWith("random,")).toList());
		assertEquals(24, images.stream().filter(row -> row.startsWith("saliency,")).count(), "four metrics of six images");
		assertClose(whole.resolve("evaluation.csv"), merged.resolve("evaluation.csv"), 2, 5);
		assertClose(whole.resolve("curves.csv"), merged.resolve("curves.csv"), 4, 5);
	}

	@Test
	void theSlurmProfileDryRunPlansOneJobPerShard() throws Exception {
		String plan = run(List.of("snakemake", "-n", "--profile", "profiles/slurm", "--config", "model=" + MODEL, "input=" + IMAGES, "output=" + temp.resolve("slurm"),
			"method=saliency", "shards=3"));
		assertTrue(plan.matches("(?s).*\\nshard +3\\n.*"), plan);
		assertTrue(plan.contains("This was a dry-run"), plan);
	}

	@Test
	void theMergeWritesNumbersAsJavaDoes() throws Exception {
		List<Double> values = new ArrayList<>(List.of(0.0, 1.0, -0.03125, 1e-4, 9.99995e-5, 9.9999995, 999999.5, 1e6, 123456.75, 1.5e-5, Double.NaN));
		Random random = new Random(3);
		for (int k = 0; k < 500; k++) values.add((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(14) - 7));
		String python = "import sys, merge\nfor x in sys.argv[1:]: print(merge.java_g(float(x)), merge.java_fixed(float(x), 4))";
		List<String> command = new ArrayList<>(List.of("python3", "-c", python));
		values.forEach(value -> command.add(Double.toString(value)));
		ProcessBuilder builder = new ProcessBuilder(command).directory(WORKFLOW.resolve("scripts").toFile()).redirectErrorStream(true);
		Process process = builder.start();
		List<String> merged = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
		assertEquals(0, process.waitFor(), String.join("\n", merged));
		assertEquals(values.stream().map(value -> String.format(Locale.ROOT, "%.6g %.4f", value, value)).toList(), merged);
	}

	/**
	 * Two CSVs with the same rows: the same keys (the columns before {@code firstNumber}), and
	 * saliency's numbers (columns {@code firstNumber} to {@code columns} − 1) within six digits' rounding.
	 */
	private static void assertClose(Path expectedFile, Path actualFile, int firstNumber, int columns) throws IOException {
		List<String> expected = Files.readAllLines(expectedFile), actual = Files.readAllLines(actualFile);
		assertEquals(expected.size(), actual.size(), actualFile.toString());
		assertEquals(expected.get(0), actual.get(0));
		for (int row = 1; row < expected.size(); row++) {
			String[] e = expected.get(row).split(","), a = actual.get(row).split(",");
			assertEquals(columns, a.length, actual.get(row));
			assertEquals(List.of(e).subList(0, firstNumber), List.of(a).subList(0, firstNumber), actualFile + " row " + row);
			if (e[0].equals("random")) continue;
			for (int column = firstNumber; column < columns; column++) {
				double want = Double.parseDouble(e[column]), got = Double.parseDouble(a[column]);
				assertEquals(want, got, ROUNDING * Math.max(1e-3, Math.abs(want)), actualFile + " row " + row + ": " + expected.get(row) + " against " + actual.get(row));
			}
		}
	}

	/** Runs the workflow locally on two cores over the test images. */
	private static void snakemake(Path output, String method, String... config) throws Exception {
		List<String> command = new ArrayList<>(List.of("snakemake", "--cores", "2", "--quiet", "--config", "model=" + MODEL, "input=" + IMAGES, "output=" + output,
			"method=" + method, "ijxai=" + IJXAI));
		command.addAll(List.of(config));
		run(command);
	}

	/** A child process in workflow/; its output, which must end with status 0. */
	private static String run(List<String> command) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(command).directory(WORKFLOW.toFile()).redirectErrorStream(true);
		builder.environment().put(QuietLaunch.LOG_LEVEL, "2");
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertEquals(0, process.waitFor(), String.join(" ", command) + ":\n" + output);
		return output;
	}

	private static String cli(String... args) {
		BadInputTest.Run run = BadInputTest.cli(args);
		assertEquals(0, run.status(), run.err());
		return run.out();
	}

	private static List<String> tiffs(Path folder) throws IOException {
		try (Stream<Path> files = Files.list(folder)) {
			return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".tif")).sorted().toList();
		}
	}
}
