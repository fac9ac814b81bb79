package ijxai.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;

import org.junit.jupiter.api.Test;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;

import ij.measure.ResultsTable;
import ijxai.engine.method.MethodParameter;
import ijxai.image.PackageChecks;

/** bioimage.io packages in Fiji, run headless as a script does: Check model passes and fails a package and refuses a SavedModel folder; Model info reads a package. */
class PackageCommandsTest extends HeadlessCommands {

	private static final File U_NET = new File("models/packages/unet_small_0.5");

	@Test
	void thePackagePassesAndFailsBelowItsLargestDifference() throws Exception {
		CommandService commands = context().service(CommandService.class);
		CommandModule module = commands.run(CheckModelCommand.class, true, "model", U_NET).get();
		assertFalse(module.isCanceled(), module.getCancelReason());
		assertEquals(true, module.getOutput("passed"));
		ResultsTable check = (ResultsTable) module.getOutput("check");
		double largest = check.getValue("largest absolute difference", 0);
		String summary = (String) module.getOutput("summary");
		assertTrue(summary.contains("unet_small_0.5: passed, largest absolute difference"), summary);
		assertTrue(largest > 0 && largest < 1e-5, summary);
		CommandModule strict = commands.run(CheckModelCommand.class, true, "model", U_NET, "absoluteTolerance", largest / 2, "relativeTolerance", 0.0).get();
		assertFalse(strict.isCanceled(), strict.getCancelReason());
		assertEquals(false, strict.getOutput("passed"));
		assertEquals("no", ((ResultsTable) strict.getOutput("check")).getStringValue("passed", 0));
	}

	@Test
	void aSavedModelFolderIsCancelledWithAMessage() throws Exception {
		CommandModule module = context().service(CommandService.class).run(CheckModelCommand.class, true, "model", new File("models/fashion_mnist_cnn")).get();
		assertTrue(module.isCanceled());
		assertTrue(module.getCancelReason().contains("is not a bioimage.io model package"), module.getCancelReason());
	}

	/** The tolerances read and default as the engine's options that the command line and ImageJ 1.x use. */
	@Test
	void theTolerancesAreWordedAsDeclared() throws Exception {
		CommandInfo info = context().service(CommandService.class).getCommand(CheckModelCommand.class);
		Module fresh = info.createModule();
		for (MethodParameter option : PackageChecks.TOLERANCES) {
			ModuleItem<?> item = info.getInput(OptionItems.itemName(option.name()));
			assertEquals(option.label(), item.getLabel(), option.name());
			assertEquals(option.help(), item.getDescription(), option.name());
			assertEquals(Double.parseDouble(option.defaultValue()), (double) fresh.getInput(item.getName()), option.name());
		}
	}

	@Test
	void modelInfoOfAPackageSummarizesThePackageFirst() throws Exception {
		CommandModule module = context().service(CommandService.class).run(ModelInfoCommand.class, true, "model", new File("models/packages/resnet_small_0.4.zip")).get();
		assertFalse(module.isCanceled(), module.getCancelReason());
		String summary = (String) module.getOutput("summary");
		assertTrue(summary.startsWith("package: ij-xai small ResNet (bioimage.io format 0.4.10, resnet_small_0.4.zip)\nauthors: ij-xai developers\nlicence: BSD-2-Clause\n"), summary);
		assertTrue(summary.contains("[?,28,28,1]"), summary);
	}
}
