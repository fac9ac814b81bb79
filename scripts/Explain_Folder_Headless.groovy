// Explains every image of a folder with one ij-xai method and saves the maps as <image>_<method>.tif,
// without a display: the Fiji script form of the command line's
//
//   java -jar target/ij-xai.jar saliency --model /data/fashion_mnist_cnn --image /data/images --out /data/maps
//
// Run it in Fiji (Fiji.app holding ij-xai.jar and TensorFlow Java 1.1.0 in jars/):
//
//   ./ImageJ-linux64 --headless --console --run scripts/Explain_Folder_Headless.groovy \
//     'input="/data/images",model="/data/fashion_mnist_cnn",output="/data/maps",method="saliency"'
//
// method is a method name of the command line (java -jar target/ij-xai.jar --help): saliency, smoothgrad,
// gradxinput, integrated-gradients, occlusion, gradcam, gradcam++, lrp, ... Every other option takes its
// default (as on the command line, not the values last used in a dialog). Images that cannot be explained are skipped
// with the reason in the log.

#@ File (label = "Image folder", style = "directory") input
#@ File (label = "Model folder (TensorFlow SavedModel)", style = "directory") model
#@ File (label = "Output folder", style = "directory") output
#@ String (label = "Method", value = "saliency") method
#@ CommandService command
#@ LogService log
#@output Integer explained

import ij.IJ
import ijxai.engine.Explainers
import ijxai.engine.method.MethodParameter
import ijxai.fiji.ExplainCommand
import ijxai.image.ExplainRun
import ijxai.image.ImageBridge

// each command of Plugins > Explainable AI names its method; method() is protected, which Groovy does not enforce
// (only ij-xai's classes are loaded: Fiji has thousands of commands)
def commandInfo = command.getCommands().find {
	it.className.startsWith("ijxai.") && ExplainCommand.isAssignableFrom(it.loadClass()) && it.createInstance().method().name() == method
}
explained = 0
if (commandInfo == null) {
	log.error("ij-xai: no method '" + method + "'; methods: " + Explainers.all()*.name().join(", "))
	return
}
// every option at its default, as the command line has them: Fiji would fill options not given with the values last used in the dialog
def inputs = [target: "predicted", score: "logit", normalize: "0-1", batch: 128, resize: false, raw: false, overlay: 0d, signature: "", output: "",
	device: "auto", threads: 0, trustModel: false, memory: 0L]
for (option in commandInfo.createInstance().method().parameters()) {
	if (option.kind() == MethodParameter.Kind.IMAGE) continue
	def parts = option.name().split("-")
	inputs[parts[0] + parts.drop(1).collect { it.capitalize() }.join("")] = option.defaultValue()
}
output.mkdirs()
def images = input.listFiles().findAll { file -> file.isFile() && ImageBridge.IMAGE_SUFFIXES.any { file.name.toLowerCase().endsWith(it) } }
for (file in images.sort { it.name }) {
	def image = IJ.openImage(file.path)
	if (image == null) {
		log.error("ij-xai: skipped " + file + ": not an image ImageJ can read")
		continue
	}
	def module = command.run(commandInfo, true, inputs + [image: image, model: model]).get()
	// a problem with this image or model was logged by the command, which then cancels
	if (module.isCanceled()) continue
	IJ.saveAsTiff(module.getOutput("maps"), new File(output, ExplainRun.baseName(file.name) + "_" + method + ".tif").path)
	explained++
}
log.info("ij-xai: " + method + " of " + explained + " of " + images.size() + " images in " + input + " saved to " + output)
