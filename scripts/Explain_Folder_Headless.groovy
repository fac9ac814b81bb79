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
#@ ModuleService modules
#@ LogService log
#@output Integer explained

import ij.IJ
import ijxai.engine.Explainers
import ijxai.image.ExplainImage
import ijxai.image.ImageBridge

// each method of Plugins > Explainable AI is a module with the method's name in its identifier
def info = modules.getModuleById("ijxai:method:" + method)
explained = 0
if (info == null) {
	log.error("ij-xai: no method '" + method + "'; methods: " + Explainers.all()*.name().join(", "))
	return
}
// every option at its default, as the command line has them: Fiji would fill options not given with the values last used in the dialog
def inputs = [:]
for (item in info.inputs()) {
	if (item.defaultValue != null) inputs[item.name] = item.defaultValue
}
output.mkdirs()
def images = input.listFiles().findAll { file -> file.isFile() && ImageBridge.IMAGE_SUFFIXES.any { file.name.toLowerCase().endsWith(it) } }
for (file in images.sort { it.name }) {
	def image = IJ.openImage(file.path)
	if (image == null) {
		log.error("ij-xai: skipped " + file + ": not an image ImageJ can read")
		continue
	}
	def module = modules.run(info, true, inputs + [image: image, model: model]).get()
	// a problem with this image or model was logged by the module, which then cancels
	if (module.isCanceled()) continue
	IJ.saveAsTiff(module.getOutput("maps"), new File(output, ExplainImage.baseName(file.name) + "_" + method + ".tif").path)
	explained++
}
log.info("ij-xai: " + method + " of " + explained + " of " + images.size() + " images in " + input + " saved to " + output)
