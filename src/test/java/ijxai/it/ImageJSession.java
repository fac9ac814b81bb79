package ijxai.it;

import java.awt.Button;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.EventQueue;
import java.awt.Frame;
import java.awt.Label;
import java.awt.Menu;
import java.awt.MenuBar;
import java.awt.MenuItem;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.Menus;
import ij.WindowManager;
import ij.gui.GenericDialog;

/**
 * Drives a real ImageJ 1.x with its window under Xvfb (started by {@link RealImageJIT} in a child
 * JVM with Debian's ij.jar and the installed plugin): runs an ij-xai command from the menu through a
 * macro, opens Plugins › Explainable AI › Attribution with the keyboard as a user would, and saves a
 * screenshot; then runs the command on a missing model folder, reads the error dialog ImageJ shows,
 * closes it and runs the command again to show ImageJ is still alive. Prints what it saw as
 * {@code key: value} lines for the test to check.
 */
public final class ImageJSession {

	private static final long TIMEOUT_MILLIS = 120_000;

	public static void main(String[] args) throws Exception {
		String image = args[0], model = args[1], screenshot = args[2], errorScreenshot = args[3], dialogScreenshot = args[4];
		ImageJ imagej = new ImageJ();
		imagej.setLocation(0, 0);
		Robot robot = new Robot();
		robot.setAutoDelay(60);
		waitFor(imagej::isShowing, "the ImageJ window");
		report("menu-command", String.valueOf(Menus.getCommands().get("Saliency map")));

		IJ.open(image);
		ImagePlus input = waitForImage(new File(image).getName());
		place(input, 10, 140);
		IJ.runMacro("run(\"Saliency map\", \"model=[" + model + "] target=predicted normalize=0-1\");");
		ImagePlus result = waitForImage(baseName(input.getTitle()) + "-saliency");
		place(result, 300, 140);
		report("result-window", result.getTitle());
		report("result-size", result.getWidth() + "x" + result.getHeight() + "x" + result.getStackSize() + " " + result.getBitDepth() + "-bit");
		report("result-label", result.getStack().getSliceLabel(1));

		Window predictions = waitForWindow(w -> w instanceof Frame f && f.isShowing() && f.getTitle().equals("Predictions"), "the Predictions table");
		predictions.setBounds(10, 420, 700, 140);
		// a click on ImageJ's status line gives its window the keyboard (there is no window manager under Xvfb)
		Rectangle status = imagej.getBounds();
		robot.mouseMove(status.x + status.width / 2, status.y + status.height - 8);
		robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
		robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
		openMenu(robot, imagej.getMenuBar(), "Plugins", "Explainable AI", "Attribution");
		Thread.sleep(1000);
		save(robot, screenshot);
		robot.keyPress(KeyEvent.VK_ESCAPE);
		robot.keyRelease(KeyEvent.VK_ESCAPE);
		closeMenus(robot);

		// a missing model folder: ImageJ shows its error dialog; the macro thread waits on it
		Thread macro = new Thread(() -> IJ.runMacro("selectImage(\"" + input.getTitle() + "\"); run(\"Saliency map\", \"model=[/no/such/model]\");"));
		macro.start();
		Dialog error = (Dialog) waitForWindow(w -> w instanceof Dialog d && d.isShowing() && String.join(" ", labels(d)).contains("/no/such/model"),
			"an error dialog naming the missing folder");
		report("error-title", error.getTitle());
		report("error-text", String.join(" ", labels(error)));
		Thread.sleep(500);
		save(robot, errorScreenshot);
		error.dispose();
		macro.join(TIMEOUT_MILLIS);
		report("macro-ended", String.valueOf(!macro.isAlive()));

		WindowManager.getImage(result.getTitle()).close();
		IJ.runMacro("selectImage(\"" + input.getTitle() + "\"); run(\"Saliency map\", \"model=[" + model + "]\");");
		report("alive-after-error", waitForImage(baseName(input.getTitle()) + "-saliency").getTitle());

		// the Grad-CAM dialog as a user opens it from the menu: its lists come from the remembered model
		WindowManager.setTempCurrentImage(null);
		IJ.selectWindow(input.getTitle());
		IJ.doCommand("Grad-CAM");
		GenericDialog dialog = (GenericDialog) waitForWindow(w -> w instanceof GenericDialog d && d.isShowing() && d.getTitle().equals("Grad-CAM"),
			"the Grad-CAM dialog");
		Thread.sleep(1500);
		dialog.setLocation(330, 80);
		Thread.sleep(500);
		for (int i = 0; i < dialog.getChoices().size(); i++) {
			java.awt.Choice choice = (java.awt.Choice) dialog.getChoices().get(i);
			List<String> items = new ArrayList<>();
			for (int k = 0; k < choice.getItemCount(); k++) items.add(choice.getItem(k));
			report("dialog-choice-" + i, String.join("|", items));
		}
		save(robot, dialogScreenshot);
		EventQueue.invokeAndWait(() -> dialog.actionPerformed(new ActionEvent(cancelButton(dialog), ActionEvent.ACTION_PERFORMED, "Cancel")));
		System.out.flush();
		System.exit(0);
	}

	/**
	 * Opens a menu of the menu bar and its submenus with the keyboard, as AWT menus on X11 allow: F10
	 * opens the first menu with its first item selected, Left moves to the menu before (wrapping to
	 * the last), Down moves over items (separators skipped), Right opens a submenu.
	 */
	private static void openMenu(Robot robot, MenuBar bar, String top, String... path) {
		int index = -1;
		for (int i = 0; i < bar.getMenuCount(); i++) if (bar.getMenu(i).getLabel().equals(top)) index = i;
		if (index < 0) throw new IllegalStateException("no menu " + top);
		press(robot, KeyEvent.VK_F10);
		for (int i = 0; i < (bar.getMenuCount() - index) % bar.getMenuCount(); i++) press(robot, KeyEvent.VK_LEFT);
		Menu menu = bar.getMenu(index);
		for (String label : path) {
			int steps = 0;
			Menu next = null;
			for (int i = 0; i < menu.getItemCount() && next == null; i++) {
				MenuItem item = menu.getItem(i);
				if (item.getLabel().equals(label)) next = (Menu) item;
				else if (!item.getLabel().equals("-") && item.isEnabled()) steps++;
			}
			if (next == null) throw new IllegalStateException("no submenu " + label + " in " + menu.getLabel());
			for (int i = 0; i < steps; i++) press(robot, KeyEvent.VK_DOWN);
			press(robot, KeyEvent.VK_RIGHT);
			menu = next;
		}
	}

	private static void closeMenus(Robot robot) {
		for (int i = 0; i < 4; i++) press(robot, KeyEvent.VK_ESCAPE);
	}

	/** A key stroke, then time for the menu peer to open or move (it drops keys that come too fast). */
	private static void press(Robot robot, int key) {
		robot.keyPress(key);
		robot.keyRelease(key);
		robot.delay(400);
	}

	private static void place(ImagePlus image, int x, int y) throws InterruptedException {
		waitFor(() -> image.getWindow() != null && image.getWindow().isShowing(), image.getTitle() + " shown");
		IJ.run(image, "Set... ", "zoom=800 x=" + image.getWidth() / 2 + " y=" + image.getHeight() / 2);
		image.getWindow().setLocation(x, y);
	}

	private static void save(Robot robot, String path) throws Exception {
		Rectangle screen = new Rectangle(Toolkit.getDefaultToolkit().getScreenSize());
		BufferedImage shot = robot.createScreenCapture(screen);
		ImageIO.write(shot, "png", new File(path));
		report("screenshot", path + " " + shot.getWidth() + "x" + shot.getHeight());
	}

	private static List<String> labels(Container container) {
		List<String> texts = new ArrayList<>();
		for (Component c : container.getComponents()) {
			if (c instanceof Label label) texts.add(label.getText());
			else if (c instanceof ij.gui.MultiLineLabel multi) texts.add(String.join(" ", lines(multi)));
			if (c instanceof Container inner) texts.addAll(labels(inner));
		}
		return texts;
	}

	private static Button cancelButton(Container container) {
		for (Component c : container.getComponents()) {
			if (c instanceof Button button && button.getLabel().equals("Cancel")) return button;
			if (c instanceof Container inner && cancelButton(inner) != null) return cancelButton(inner);
		}
		return null;
	}

	/** The text ImageJ's message label paints; it keeps it in a package-private field. */
	private static String[] lines(ij.gui.MultiLineLabel label) {
		try {
			java.lang.reflect.Field lines = ij.gui.MultiLineLabel.class.getDeclaredField("lines");
			lines.setAccessible(true);
			return (String[]) lines.get(label);
		}
		catch (ReflectiveOperationException e) {
			return new String[] { "(unreadable: " + e + ")" };
		}
	}

	private static String baseName(String title) {
		int dot = title.lastIndexOf('.');
		return dot > 0 ? title.substring(0, dot) : title;
	}

	private static ImagePlus waitForImage(String titleStart) throws InterruptedException {
		ImagePlus[] found = new ImagePlus[1];
		waitFor(() -> {
			for (int id : ids()) {
				ImagePlus image = WindowManager.getImage(id);
				if (image != null && image.getTitle().startsWith(titleStart) && image.getWindow() != null) found[0] = image;
			}
			return found[0] != null;
		}, "an image window " + titleStart + "*");
		return found[0];
	}

	private static int[] ids() {
		int[] ids = WindowManager.getIDList();
		return ids == null ? new int[0] : ids;
	}

	static Window waitForWindow(java.util.function.Predicate<Window> test, String what) throws InterruptedException {
		Window[] found = new Window[1];
		waitFor(() -> {
			for (Window w : Window.getWindows()) if (test.test(w)) found[0] = w;
			return found[0] != null;
		}, what);
		return found[0];
	}

	static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
		long end = System.currentTimeMillis() + TIMEOUT_MILLIS;
		while (!condition.getAsBoolean()) {
			if (System.currentTimeMillis() > end) {
				report("timeout", what);
				for (Window w : Window.getWindows()) {
					if (w.isShowing()) report("window", w.getClass().getName() + " " + (w instanceof Dialog d ? d.getTitle() : w instanceof java.awt.Frame f ? f.getTitle() : "") + " " + labels(w));
				}
				System.out.println(ij.IJ.getLog());
				System.exit(3);
			}
			Thread.sleep(100);
		}
	}

	private static void report(String key, String value) {
		System.out.println(key + ": " + value);
	}
}
