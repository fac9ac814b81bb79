package ijxai.it;

import java.io.File;
import java.util.Map;

import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;
import org.scijava.prefs.PrefService;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import ijxai.fiji.XaiModules;

/**
 * Fiji's command layer (a SciJava context) in a JVM whose class path starts with TensorFlow Java
 * 1.15: runs the CSBDeep-style session, the saliency module on an image (its map saved as a TIFF)
 * and the Model info command, then the session again, printing what each gave. Run by
 * {@link TensorFlowBesideCsbDeepIT}: args image, model folder, TIFF to write.
 */
public final class FijiBesideTensorFlow115 {

	public static void main(String[] args) throws Exception {
		System.setProperty("java.awt.headless", "true");
		Object session = Class.forName("CsbDeepStyleSession").getMethod("run").invoke(null);
		System.out.println(session);
		Context context = new Context(CommandService.class, ModuleService.class, XaiModules.class, StatusService.class, LogService.class, PrefService.class);
		try {
			ModuleService modules = context.service(ModuleService.class);
			ImagePlus image = IJ.openImage(args[0]);
			Module saliency = modules.run(modules.getModuleById("ijxai:method:saliency"), true, Map.of("image", image, "model", new File(args[1]))).get();
			ImagePlus maps = (ImagePlus) saliency.getOutput("maps");
			System.out.println("saliency: " + maps.getStack().getSliceLabel(1));
			IJ.saveAsTiff(maps, args[2]);
			CommandModule info = context.service(CommandService.class).run("ijxai.fiji.ModelInfoCommand", true, "model", new File(args[1])).get();
			System.out.println("model info: " + ((ResultsTable) info.getOutput("classes")).size() + " classes");
		}
		finally {
			context.dispose();
		}
		System.out.println(Class.forName("CsbDeepStyleSession").getMethod("run").invoke(null));
	}
}
