// Adversarial robustness of a model over a labelled folder: accuracy versus epsilon for FGSM, PGD and the random-noise control.
// Arguments (getArgument, for -batch runs):
//   "input=DIR model=DIR output=DIR [labels=FILE.csv] [epsilons=0,2,4,8,16,32] [attacks=fgsm,pgd,noise] [normalize=0-1] [batch=32]"
//   input: one subfolder per class (named like the model's classes, or class numbers), or any folder with labels=FILE.csv of 'file,class' lines
//   epsilon is in the images' own units (gray levels for 8-bit images)
// Writes robustness.csv (one row per attack and epsilon) and robustness.png (the curves) into the output folder.
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
model = option("model", "");
output = option("output", "");
if (input == "") input = getDirectory("Labelled images (one subfolder per class)");
if (model == "") model = getDirectory("TensorFlow SavedModel folder");
if (output == "") output = getDirectory("Output folder");
if (!endsWith(output, "/")) output = output + "/";
if (!File.exists(output)) File.makeDirectory(output);
setBatchMode(true);
run("Robustness curve", "model=[" + model + "] images=[" + input + "] labels=[" + option("labels", "") + "]"
	+ " normalize=" + option("normalize", "0-1") + " batch=" + option("batch", "32")
	+ " epsilons=" + option("epsilons", "0,2,4,8,16,32") + " attacks=" + option("attacks", "fgsm,pgd,noise") + " output=[" + output + "]");
if (!File.exists(output + "robustness.csv")) exit("No robustness curve was made (see the Log window)");
selectImage("Robustness");
saveAs("PNG", output + "robustness.png");
print("Robustness of " + model + " on " + input + ": " + output + "robustness.csv, " + output + "robustness.png");
