// Explains every image in a folder and saves <image>_<method>.tif into an output folder.
// Arguments (getArgument, for -batch runs):
//   "input=DIR output=DIR model=DIR method=NAME [target=...] [normalize=...] [any option of the method, e.g. steps=128 layer=conv2d_3]"
//   (option keys are the command line names without hyphens: blursigma=3, layerrule=conv2d=flat)
// method: any of Plugins > Explainable AI > Explain (its Help lists them), e.g. method=caricature layers=conv2d_1,conv2d_3,dense
// Without arguments it asks for the folders.
args = getArgument();
function option(key, fallback) {
	parts = split(args, " ");
	for (i = 0; i < parts.length; i++) {
		if (startsWith(parts[i], key + "=")) return substring(parts[i], lengthOf(key) + 1);
	}
	return fallback;
}
// every key=value that is not about folders or the method goes to the method's dialog unchanged
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
if (!endsWith(input, "/")) input = input + "/";
if (!endsWith(output, "/")) output = output + "/";
if (!File.exists(output)) File.makeDirectory(output);
setBatchMode(true);
files = getFileList(input);
explained = 0;
images = 0;
for (i = 0; i < files.length; i++) {
	// folders, notes, CSVs and the like are not images
	if (!matches(toLowerCase(files[i]), ".*\\.(tif|tiff|png|jpg|jpeg|gif|bmp|dcm|fits|pgm|zip)$")) continue;
	images++;
	open(input + files[i]);
	source = getTitle();
	run("Explain", "method=" + method + " model=[" + model + "]" + methodOptions());
	if (getTitle() != source) {
		saveAs("Tiff", output + File.getNameWithoutExtension(files[i]) + "_" + method + ".tif");
		explained++;
	}
	close("*");
}
print("Explained " + explained + " of " + images + " images into " + output);
