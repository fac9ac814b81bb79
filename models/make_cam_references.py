#!/usr/bin/env python3
"""Score-CAM and LayerCAM reference maps from tf-keras-vis 0.8.7, independent of ij-xai.

tf-keras-vis needs a Keras model, and the fixtures are plain SavedModels: each model is rebuilt by
make_models.py's own builder (its training step skipped), given the SavedModel's variables in
order, and must reproduce reference/output.npy within 1e-5. tf-keras-vis 0.8.7 imports
`tensorflow.keras`, which on TensorFlow 2.21 is Keras 3 unless TF_USE_LEGACY_KERAS=1 makes it
tf_keras (Keras 2): set below, before TensorFlow loads. The output's softmax is replaced by a
linear activation (tf-keras-vis' ReplaceToLinear), so the LayerCAM score is the logit and Score-CAM
applies its own softmax to it, as tf-keras-vis intends. Run from the repository root, after
make_models.py and make_references.py:

    pip install tf-keras-vis==0.8.7
    TF_CPP_MIN_LOG_LEVEL=2 python3 models/make_cam_references.py

Notation as in make_references.py: x = reference/input.npy [N,H,W,C], target = reference/target.npy,
A = output of Keras layer L [N,h,w,k]. Files added to `<model>/reference/` (float32):
    scorecam_<L>.npy            tf-keras-vis Scorecam(expand_cam=False, normalize_cam=False)   [N,h,w]
                                with the masks upsampled as ij-xai does (bilinear, half-pixel
                                centres: tf.image.resize) instead of scipy's zoom(order=1)
    scorecam_upsampled_<L>.npy  the same with expand_cam=True (the map upsampled likewise)       [N,H,W]
    scorecam_max8_<L>.npy       the same with max_N=8 (Faster Score-CAM), one sample at a time  [N,h,w]
                                (tf-keras-vis takes the union of the samples' channels)
    scorecam_zoom_<L>.npy       tf-keras-vis Scorecam unchanged: masks by scipy's zoom, corners [N,h,w]
                                aligned (ij-xai's mask-upsampling=corners)
    layercam_<L>.npy            tf-keras-vis Layercam(expand_cam=False, normalize_cam=False)   [N,h,w]
    layercam_upsampled_<L>.npy  the same with expand_cam=True, upsampled by tf.image.resize     [N,H,W]
"""
import os
import sys

os.environ["TF_USE_LEGACY_KERAS"] = "1"

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras_vis.gradcam  # noqa: E402
import tf_keras_vis.scorecam  # noqa: E402
from tf_keras_vis.layercam import Layercam  # noqa: E402
from tf_keras_vis.scorecam import Scorecam  # noqa: E402
from tf_keras_vis.utils.model_modifiers import ReplaceToLinear  # noqa: E402
from tf_keras_vis.utils.scores import CategoricalScore  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_models  # noqa: E402

SCORECAM_LAYERS = {"fashion_mnist_cnn": ["conv2d_3", "dropout"], "mobilenetv2_small": ["out_relu"]}
LAYERCAM_LAYERS = {"fashion_mnist_cnn": ["conv2d_3", "dropout", "re_lu"], "mobilenetv2_small": ["out_relu", "block_0_expand_relu"]}
MAX_N = 8
SCIPY_ZOOM = tf_keras_vis.scorecam.zoom


class Built(Exception):
    """Raised by the stand-in for make_models.train: the builder has made its model."""


def rebuilt(name):
    """make_models.py's Keras model `name` with the weights of the committed SavedModel."""
    built = {}

    def capture(model, *args, **kwargs):
        built["model"] = model
        raise Built

    train, make_models.train = make_models.train, capture
    try:
        getattr(make_models, name)()
    except Built:
        pass
    finally:
        make_models.train = train
    model, path = built["model"], os.path.join(make_models.ROOT, name)
    saved = tf.saved_model.load(path).variables
    assert len(saved) == len(model.weights), (len(saved), len(model.weights))
    for weight, variable in zip(model.weights, saved):
        assert weight.shape == variable.shape and weight.name.split("/")[-1] == variable.name.split("/")[-1], (weight.name, variable.name)
        weight.assign(variable)
    x = np.load(os.path.join(path, "reference", "input.npy"))
    error = np.abs(model(x, training=False).numpy() - np.load(os.path.join(path, "reference", "output.npy"))).max()
    assert error < 1e-5, f"{name}: the rebuilt model's output differs from reference/output.npy by {error}"
    print(f"{name}: rebuilt, output max|diff| {error:.3g}")
    return model


def half_pixel_zoom(array, factors, order=1, mode=None):
    """scipy.ndimage.zoom's call as tf-keras-vis makes it, upsampling axes 1 and 2 bilinearly with
    half-pixel centres (tf.image.resize), as ij-xai's Filters.resizeBilinear does."""
    array = np.asarray(array, np.float32)
    assert order == 1 and all(f == 1 for axis, f in enumerate(factors) if axis not in (1, 2)), factors
    size = [int(round(array.shape[axis] * factors[axis])) for axis in (1, 2)]
    planes = array[..., None] if array.ndim == 3 else array
    resized = tf.image.resize(planes, size, method="bilinear").numpy()
    return resized[..., 0] if array.ndim == 3 else resized


def save(ref, name, array):
    array = np.asarray(array, np.float32)
    np.save(os.path.join(ref, name + ".npy"), array)
    print(f"  {name + '.npy':34s} {str(array.shape):18s} min {array.min():+.6g}  max {array.max():+.6g}")


def references(name):
    ref = os.path.join(make_models.ROOT, name, "reference")
    x, target = (np.load(os.path.join(ref, f"{file}.npy")) for file in ("input", "target"))
    model = rebuilt(name)
    scorecam = Scorecam(model, model_modifier=ReplaceToLinear())
    layercam = Layercam(model, model_modifier=ReplaceToLinear())
    score = CategoricalScore(list(target))
    raw = dict(seek_penultimate_conv_layer=False, expand_cam=False, normalize_cam=False)
    upsampled = dict(raw, expand_cam=True)
    for layer in SCORECAM_LAYERS[name]:
        tf_keras_vis.scorecam.zoom = SCIPY_ZOOM
        save(ref, f"scorecam_zoom_{layer}", scorecam(score, x, penultimate_layer=layer, **raw))
        tf_keras_vis.scorecam.zoom = half_pixel_zoom
        save(ref, f"scorecam_{layer}", scorecam(score, x, penultimate_layer=layer, **raw))
        save(ref, f"scorecam_upsampled_{layer}", scorecam(score, x, penultimate_layer=layer, **upsampled))
        save(ref, f"scorecam_max{MAX_N}_{layer}", np.concatenate([
            scorecam(CategoricalScore([t]), x[n:n + 1], penultimate_layer=layer, max_N=MAX_N, **raw) for n, t in enumerate(target)]))
    tf_keras_vis.gradcam.zoom = half_pixel_zoom
    for layer in LAYERCAM_LAYERS[name]:
        save(ref, f"layercam_{layer}", layercam(score, x, penultimate_layer=layer, **raw))
        save(ref, f"layercam_upsampled_{layer}", layercam(score, x, penultimate_layer=layer, **upsampled))


def main():
    tf.keras.utils.disable_interactive_logging()  # tf-keras-vis' model.predict would draw progress bars
    for name in SCORECAM_LAYERS:
        references(name)


if __name__ == "__main__":
    main()
