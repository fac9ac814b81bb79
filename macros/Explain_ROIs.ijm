// Explains every ROI of a ROI set (RoiSet.zip, as the ROI Manager saves it) on every image of a folder, for a dense model
// (U-Net, denoiser): one map per image and ROI, the slice labels naming the ROI, saved as <image>_<method>.tif.
// Arguments (getArgument, for -batch runs):
//   "input=DIR output=DIR model=DIR rois=FILE [method=saliency] [target=CHANNEL] [regionscore=sum|mean] [any option of the method]"
// rois may also be one .roi file, a mask or label image (one map per label), or x,y,w,h. Without arguments it asks.
// Run headless: java -Djava.awt.headless=true -cp ij.jar:ij-xai.jar ij.ImageJ -batch Explain_ROIs.ijm "..."
args = getArgument();
function option(key, fallback) {
	parts = split(args, " ");
	for (i = 0; i < parts.length; i++) {
		if (startsWith(parts[i], key + "=")) return substring(parts[i], lengthOf(key) + 1);
	}
	return fallback;
}
function rest() {
	parts = split(args, " ");
	result = "";
	for (i = 0; i < parts.length; i++) {
		key = substring(parts[i], 0, maxOf(0, indexOf(parts[i], "=")));
		if (key != "input" && key != "output" && key != "model" && key != "method" && key != "rois" && key != "") result = result + " " + parts[i];
	}
	return result;
}
input = option("input", "");
output = option("output", "");
model = option("model", "");
rois = option("rois", "");
if (input == "") input = getDirectory("Images to explain");
if (output == "") output = getDirectory("Output folder");
if (model == "") model = getDirectory("TensorFlow SavedModel folder");
if (rois == "") rois = File.openDialog("ROI set (.zip), .roi file or label image");
setBatchMode(true);
home = call("ij.Prefs.getHomeDir");
if (call("java.lang.System.getProperty", "plugins.dir", "") == "" && File.isDirectory(home + File.separator + "plugins"))
	call("java.lang.System.setProperty", "plugins.dir", home);
summary = call("ijxai.ij1.ExplainFolderPlugin.explainFolder", "input=[" + input + "] output=[" + output + "] model=[" + model + "] method=" +
	option("method", "saliency") + " region=[" + rois + "]" + rest());
print(summary);
