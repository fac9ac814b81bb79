// Explains every image in a folder and saves <image>_<method>.tif into an output folder.
// Arguments (getArgument, for -batch runs): "input=DIR output=DIR model=DIR method=saliency|gradxinput [target=...] [normalize=...]"
// Without arguments it asks for the folders.
args = getArgument();
function option(key, fallback) {
	parts = split(args, " ");
	for (i = 0; i < parts.length; i++) {
		if (startsWith(parts[i], key + "=")) return substring(parts[i], lengthOf(key) + 1);
	}
	return fallback;
}
input = option("input", "");
output = option("output", "");
model = option("model", "");
method = option("method", "saliency");
target = option("target", "predicted");
normalize = option("normalize", "0-1");
if (input == "") input = getDirectory("Images to explain");
if (output == "") output = getDirectory("Output folder");
if (model == "") model = getDirectory("TensorFlow SavedModel folder");
if (!endsWith(input, "/")) input = input + "/";
if (!endsWith(output, "/")) output = output + "/";
commands = newArray("saliency", "Saliency map", "gradxinput", "Gradient x Input");
command = "";
for (i = 0; i < commands.length; i += 2) if (commands[i] == method) command = commands[i + 1];
if (command == "") exit("Unknown method '" + method + "': use saliency or gradxinput");
setBatchMode(true);
files = getFileList(input);
for (i = 0; i < files.length; i++) {
	if (endsWith(files[i], "/")) continue;
	open(input + files[i]);
	source = getTitle();
	run(command, "model=[" + model + "] target=" + target + " score=logit normalize=" + normalize + " batch=32");
	if (getTitle() != source) {
		saveAs("Tiff", output + File.getNameWithoutExtension(files[i]) + "_" + method + ".tif");
	}
	close("*");
}
print("Explained " + files.length + " files into " + output);
