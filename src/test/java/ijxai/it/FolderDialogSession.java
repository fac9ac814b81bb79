package ijxai.it;

import java.awt.Choice;
import java.awt.EventQueue;
import java.awt.TextField;
import java.awt.event.ActionEvent;

import ij.IJ;
import ij.ImageJ;
import ij.Prefs;
import ij.gui.GenericDialog;

/**
 * Runs Explain folder from ImageJ's menu as a user does, in a real ImageJ 1.x with its window
 * under Xvfb (started by {@link HeadlessImageJIT} in a child JVM): the folders and the method in
 * the first dialog, a layer from the second dialog's list (filled from the remembered model), OK;
 * then prints ImageJ's log for the test to check.
 */
public final class FolderDialogSession {

	public static void main(String[] args) throws Exception {
		String input = args[0], output = args[1], model = args[2], layer = args[3];
		ImageJ imagej = new ImageJ();
		ImageJSession.waitFor(imagej::isShowing, "the ImageJ window");
		Prefs.set("ijxai.model", model);
		IJ.doCommand("Explain folder");

		GenericDialog folders = dialog("Explain folder");
		EventQueue.invokeAndWait(() -> {
			((TextField) folders.getStringFields().get(0)).setText(input);
			((TextField) folders.getStringFields().get(1)).setText(output);
			((Choice) folders.getChoices().get(0)).select("gradcam");
		});
		ok(folders);

		GenericDialog options = dialog("Explain folder: Grad-CAM");
		EventQueue.invokeAndWait(() -> {
			for (Object choice : options.getChoices()) {
				Choice list = (Choice) choice;
				for (int i = 0; i < list.getItemCount(); i++) if (list.getItem(i).equals(layer)) list.select(layer);
			}
		});
		ok(options);

		ImageJSession.waitFor(() -> IJ.getLog() != null && IJ.getLog().contains("Explained "), "the summary in the log");
		System.out.println(IJ.getLog());
		System.out.flush();
		System.exit(0);
	}

	private static GenericDialog dialog(String title) throws InterruptedException {
		return (GenericDialog) ImageJSession.waitForWindow(w -> w instanceof GenericDialog d && d.isShowing() && d.getTitle().equals(title), "the dialog " + title);
	}

	private static void ok(GenericDialog dialog) throws Exception {
		EventQueue.invokeAndWait(() -> dialog.actionPerformed(new ActionEvent(dialog.getButtons()[0], ActionEvent.ACTION_PERFORMED, "OK")));
	}
}
