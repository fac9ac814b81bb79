// A montage comparing explanation methods: one row per image, the image and then one heatmap per method.
// Arguments (getArgument, for -batch runs):
//   "images=FILE,FILE,... model=DIR output=FILE.png [methods=saliency,smoothgrad,...] [scale=4]"
// Without arguments it uses the active image and asks for the model folder.
args = getArgument();
function option(key, fallback) {
	parts = split(args, " ");
	for (i = 0; i < parts.length; i++) {
		if (startsWith(parts[i], key + "=")) return substring(parts[i], lengthOf(key) + 1);
	}
	return fallback;
}
model = option("model", "");
if (model == "") model = getDirectory("TensorFlow SavedModel folder");
methods = split(option("methods", "saliency,smoothgrad,integrated-gradients,occlusion,gradcam,guided-backprop,guided-gradcam"), ",");
scale = parseInt(option("scale", "4"));
output = option("output", "");
images = split(option("images", ""), ",");
setBatchMode(true);
if (images.length == 0 || images[0] == "") {
	images = newArray(getInfo("image.directory") + getInfo("image.filename"));
}
montage = 0;
for (row = 0; row < images.length; row++) {
	open(images[row]);
	source = getImageID();
	name = getTitle();
	if (montage == 0) {
		newImage("Methods", "RGB black", getWidth() * scale, getHeight() * scale, 1);
		montage = getImageID();
	}
	firstRow = row == 0;
	addTile(source, montage, scale, "None", name, firstRow);
	for (m = 0; m < methods.length; m++) {
		selectImage(source);
		run("Explain", "method=" + methods[m] + " model=[" + model + "]");
		maps = getImageID();
		addTile(maps, montage, scale, "Bilinear", methods[m], false);
		selectImage(maps);
		close();
	}
	selectImage(source);
	close();
}
selectImage(montage);
setForegroundColor(0, 150, 255); // labels readable on dark and on white tiles
run("Make Montage...", "columns=" + (methods.length + 1) + " rows=" + images.length + " scale=1 font=10 label use");
if (output != "") saveAs("PNG", output);

// the first plane of an image, as RGB with its LUT, scaled, pasted as a new slice of the montage
function addTile(tileSource, target, factor, interpolation, text, isFirst) {
	selectImage(tileSource);
	setSlice(1);
	run("Duplicate...", "title=tile");
	run("RGB Color");
	run("Scale...", "x=" + factor + " y=" + factor + " width=" + getWidth() * factor + " height=" + getHeight() * factor +
		" interpolation=" + interpolation + " create title=scaled");
	run("Copy");
	close("scaled");
	close("tile");
	selectImage(target);
	if (!isFirst) run("Add Slice");
	run("Paste");
	setMetadata("Label", text);
}
