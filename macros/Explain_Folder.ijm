// Explains every image in a folder and saves <image>_<method>.tif into an output folder.
// Arguments (getArgument, for -batch runs):
//   "input=DIR output=DIR model=DIR method=NAME [target=...] [normalize=...] [any option of the method, e.g. steps=128 layer=conv2d_3]"
//   (option keys are the command line names without hyphens: blursigma=3, layerrule=conv2d=flat)
// method: any of Plugins > Explainable AI > Explain (its Help lists them), e.g. method=caricature layers=conv2d_1,conv2d_3,dense
// Without arguments it asks for the folders.
// The images are read and explained by the plugin itself (Plugins > Explainable AI > Explain folder), never shown, so the macro
// runs on a server without a display: java -Djava.awt.headless=true -cp ij.jar:ij-xai.jar ij.ImageJ -batch Explain_Folder.ijm "..."
// (ImageJ's open() and run() would build its menu bar first, which fails there; call() does not).
args = getArgument();
function option(key, fallback) {
	parts = split(args, " ");
	for (i = 0; i < parts.length; i++) {
		if (startsWith(parts[i], key + "=")) return substring(parts[i], lengthOf(key) + 1);
	}
	return fallback;
}
// every key=value that is not about folders or the method goes to the method's options unchanged
function methodOptions() {
	parts = split(args, " ");
	result = "";
	for (i = 0; i < parts.length; i++) {
		key = substring(parts[i], 0, maxOf(0, indexOf(parts[i], "=")));
		if (key != "input" && key != "output" && key != "model" && key != "method" && key != "") result = result + " " + parts[i];
	}
	return result;
}
input = option("input", "");
output = option("output", "");
model = option("model", "");
method = option("method", "saliency");
if (input == "") input = getDirectory("Images to explain");
if (output == "") output = getDirectory("Output folder");
if (model == "") model = getDirectory("TensorFlow SavedModel folder");
setBatchMode(true);
// call() loads the plugin through plugins.dir, or through ImageJ's plugins folder once its menus exist; without them (no
// display) the home that -ijpath gives (Debian's imagej launcher) is not looked at, so its plugins folder is passed on
home = call("ij.Prefs.getHomeDir");
if (call("java.lang.System.getProperty", "plugins.dir", "") == "" && File.isDirectory(home + File.separator + "plugins"))
	call("java.lang.System.setProperty", "plugins.dir", home);
// logs one line per image and "Explained N of M images into OUTPUT/"
summary = call("ijxai.ij1.ExplainFolderPlugin.explainFolder", "input=[" + input + "] output=[" + output + "] model=[" + model + "] method=" + method + methodOptions());
