#!/usr/bin/env python3
"""Writes bioimage.io model packages from ij-xai's own fixture models (models/packages/).

Each package is written as the bioimage.io tools write them, and its test output comes from
TensorFlow and numpy here, never from ij-xai:

    unet_small_0.5/              folder package, rdf.yaml format 0.5: the U-Net of models/unet_small
                                 re-exported with dynamic height and width (sizes 16 + 4k), weights
                                 as tf_weights.zip with sha256, scale_range preprocessing, .npy tests
    resnet_small_0.4.zip         zip package, rdf.yaml format 0.4: the classifier models/resnet_small,
                                 weights as a SavedModel folder, zero_mean_unit_variance (per sample)
                                 then scale_linear, .npy tests
    unet_small_csbdeep.bioimage.io.zip
                                 CSBDeep/N2V-style export (format 0.2.0-csbdeep): SavedModel, meta.json,
                                 model.yaml with mean/stdDev kwargs, testinput.tif/testoutput.tif; the
                                 test input is 42x42, padded by reflection to 44 and cropped back, as
                                 CSBDeep's PadAndCropResizer does

Run from the repository root after models/make_models.py:

    python3 models/make_packages.py

Needs: pip install tensorflow-cpu tf_keras tifffile pyyaml.
"""
import hashlib
import io
import json
import os
import shutil
import sys
import tempfile
import zipfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_models  # noqa: E402

ROOT = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(ROOT, "packages")
SEED = 1234


def fashion_images(count, size):
    """Fashion-MNIST test images (the committed reference inputs of models/resnet_small) as raw
    0..255 intensities, resized, plus a little noise."""
    import tensorflow as tf
    images = np.load(os.path.join(ROOT, "resnet_small", "reference", "input.npy"))[:count] * 255
    if size != 28:
        images = tf.image.resize(images, (size, size)).numpy()
    rng = np.random.default_rng(SEED)
    return (images + rng.normal(0, 2, images.shape)).astype(np.float32)


def write_yaml(path, content):
    import yaml
    with open(path, "w") as f:
        yaml.safe_dump(content, f, sort_keys=False, default_flow_style=None)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def zip_folder(folder, archive, arcroot=""):
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for base, _, files in sorted(os.walk(folder)):
            for name in sorted(files):
                full = os.path.join(base, name)
                z.write(full, os.path.join(arcroot, os.path.relpath(full, folder)))


def dynamic_unet():
    """models/unet_small with its trained weights, but any height and width (multiples of 2)."""
    import tensorflow as tf
    import tf_keras as k
    model = make_models.unet_small_model(k, None)
    checkpoint = tf.train.load_checkpoint(os.path.join(ROOT, "unet_small", "variables", "variables"))
    for i, layer in enumerate(l for l in model.layers if l.weights):
        key = f"layer_with_weights-{i}/{{}}/.ATTRIBUTES/VARIABLE_VALUE"
        layer.set_weights([checkpoint.get_tensor(key.format("kernel")), checkpoint.get_tensor(key.format("bias"))])
    return model


def scale_range(x, low, high, eps=1e-6):
    """bioimage.io scale_range per sample over y and x (numpy's linear percentiles)."""
    lo = np.percentile(x, low, axis=(1, 2), keepdims=True)
    hi = np.percentile(x, high, axis=(1, 2), keepdims=True)
    return ((x - lo) / (hi - lo + eps)).astype(np.float32)


def unet_05():
    import tensorflow as tf
    folder = os.path.join(OUT, "unet_small_0.5")
    os.makedirs(folder)
    model = dynamic_unet()
    with tempfile.TemporaryDirectory() as saved:
        tf.saved_model.save(model, saved)
        zip_folder(saved, os.path.join(folder, "tf_weights.zip"))
    x = fashion_images(1, 40)
    y = model(scale_range(x, 1, 99.8), training=False).numpy()
    np.save(os.path.join(folder, "test_input.npy"), x)
    np.save(os.path.join(folder, "test_output.npy"), y)
    space = lambda axis: {"type": "space", "id": axis, "size": {"min": 16, "step": 4}}
    same = lambda axis: {"type": "space", "id": axis, "size": {"tensor_id": "raw", "axis_id": axis}, "halo": 4}
    write_yaml(os.path.join(folder, "rdf.yaml"), {
        "type": "model", "format_version": "0.5.3", "name": "ij-xai small U-Net",
        "description": "The small U-Net fixture models/unet_small (untrained weights), exported for any height and width 16 + 4k.",
        "authors": [{"name": "ij-xai developers"}], "license": "BSD-2-Clause",
        "cite": [{"text": "Ronneberger et al., U-Net (2015)", "doi": "10.1007/978-3-319-24574-4_28"}],
        "documentation": "README.md", "tags": ["segmentation", "fixture"],
        "inputs": [{
            "id": "raw", "axes": [{"type": "batch"}, space("y"), space("x"), {"type": "channel", "channel_names": ["intensity"]}],
            "test_tensor": {"source": "test_input.npy", "sha256": sha256(os.path.join(folder, "test_input.npy"))},
            "data": {"type": "float32"},
            "preprocessing": [{"id": "scale_range", "kwargs": {"axes": ["y", "x"], "min_percentile": 1.0, "max_percentile": 99.8}}],
        }],
        "outputs": [{
            "id": "mask", "axes": [{"type": "batch"}, same("y"), same("x"), {"type": "channel", "channel_names": ["foreground"]}],
            "test_tensor": {"source": "test_output.npy", "sha256": sha256(os.path.join(folder, "test_output.npy"))},
            "data": {"type": "float32", "range": [0.0, 1.0]},
        }],
        "weights": {"tensorflow_saved_model_bundle": {
            "source": "tf_weights.zip", "sha256": sha256(os.path.join(folder, "tf_weights.zip")), "tensorflow_version": tf.__version__}},
    })
    with open(os.path.join(folder, "README.md"), "w") as f:
        f.write("# ij-xai small U-Net\n\nA fixture package made by models/make_packages.py.\n")


def resnet_04():
    import tensorflow as tf
    source = os.path.join(ROOT, "resnet_small")
    with tempfile.TemporaryDirectory() as staging:
        weights = os.path.join(staging, "tf_saved_model")
        shutil.copytree(source, weights, ignore=shutil.ignore_patterns("reference", "labels.txt", "ACCURACY.txt"))
        x = fashion_images(1, 28)
        mean = x.mean(axis=(1, 2), keepdims=True)
        std = x.std(axis=(1, 2), keepdims=True)
        z = ((x - mean) / (std + 1e-6) * 0.3 + 0.3).astype(np.float32)
        serve = tf.saved_model.load(source).signatures["serving_default"]
        y = list(serve(tf.constant(z)).values())[0].numpy()
        np.save(os.path.join(staging, "test_input.npy"), x)
        np.save(os.path.join(staging, "test_output.npy"), y)
        with open(os.path.join(ROOT, "fashion_mnist_cnn", "labels.txt")) as f:
            classes = f.read().split("\n")[:10]
        write_yaml(os.path.join(staging, "rdf.yaml"), {
            "type": "model", "format_version": "0.4.10", "name": "ij-xai small ResNet",
            "description": "A small residual Fashion-MNIST classifier (models/resnet_small): " + ", ".join(classes),
            "authors": [{"name": "ij-xai developers", "affiliation": "ij-xai"}], "license": "BSD-2-Clause",
            "cite": [{"text": "He et al., Deep Residual Learning (2016)", "doi": "10.1109/CVPR.2016.90"}],
            "documentation": "README.md", "tags": ["classification", "fixture"],
            "test_inputs": ["test_input.npy"], "test_outputs": ["test_output.npy"],
            "inputs": [{
                "name": "image", "axes": "byxc", "data_type": "float32", "data_range": ["-inf", "inf"], "shape": [1, 28, 28, 1],
                "preprocessing": [
                    {"name": "zero_mean_unit_variance", "kwargs": {"mode": "per_sample", "axes": "xy"}},
                    {"name": "scale_linear", "kwargs": {"gain": 0.3, "offset": 0.3, "axes": "xy"}}],
            }],
            "outputs": [{
                "name": "probabilities", "axes": "bc", "data_type": "float32", "data_range": [0, 1], "shape": [1, 10],
            }],
            "weights": {"tensorflow_saved_model_bundle": {"source": "tf_saved_model", "tensorflow_version": tf.__version__}},
        })
        with open(os.path.join(staging, "README.md"), "w") as f:
            f.write("# ij-xai small ResNet\n\nA fixture package made by models/make_packages.py.\n")
        zip_folder(staging, os.path.join(OUT, "resnet_small_0.4.zip"))


def csbdeep_02():
    import tensorflow as tf
    import tifffile
    model = dynamic_unet()
    image = fashion_images(1, 42)[0, ..., 0] + 20
    mean, std = float(image.mean()), float(image.std())
    normalized = ((image - mean) / std).astype(np.float32)
    # CSBDeep's PadAndCropResizer: reflect-pad to a valid size (44), split evenly, and crop back
    padded = np.pad(normalized, ((1, 1), (1, 1)), mode="reflect")[None, ..., None]
    result = model(padded, training=False).numpy()[0, 1:43, 1:43, 0]
    denormalized = (result * std + mean).astype(np.float32)
    with tempfile.TemporaryDirectory() as staging:
        tf.saved_model.save(model, staging)
        with open(os.path.join(staging, "meta.json"), "w") as f:
            json.dump({"type": "N2V", "version": "0.3.2", "probabilistic": False, "axes": "YXC",
                       "axes_div_by": [4, 4, 1], "tile_overlap": [8, 8, 0]}, f)
        tifffile.imwrite(os.path.join(staging, "testinput.tif"), image.astype(np.float32))
        tifffile.imwrite(os.path.join(staging, "testoutput.tif"), denormalized)
        write_yaml(os.path.join(staging, "model.yaml"), {
            "name": "ij-xai small U-Net - CSBDeep export", "description": "The U-Net fixture written as N2V's export_TF writes models.",
            "cite": [{"text": "Krull, A. and Buchholz, T. and Jug, F. Noise2void (2019)", "doi": "10.1109/CVPR.2019.00223"}],
            "authors": ["ij-xai developers"], "language": "python", "framework": "tensorflow",
            "format_version": "0.2.0-csbdeep", "source": "n2v", "test_input": "testinput.tif", "test_output": "testoutput.tif",
            "inputs": [{"name": "input", "axes": "byxc", "data_type": "float32", "data_range": ["-inf", "inf"],
                        "halo": [0, 8, 8, 0], "shape": {"min": [1, 16, 16, 1], "step": [1, 4, 4, 0]}}],
            "outputs": [{"name": "mask/Sigmoid:0", "axes": "byxc", "data_type": "float32", "data_range": ["-inf", "inf"],
                         "shape": {"reference_input": "input", "scale": [1, 1, 1, 1], "offset": [0, 0, 0, 0]}}],
            "training": {"source": "n2v.train()", "kwargs": {"unet_n_depth": 1}},
            "prediction": {"weights": {"source": "./variables/variables"},
                           "preprocess": [{"kwargs": {"mean": [mean], "stdDev": [std]}}],
                           "postprocess": [{"kwargs": {"mean": [mean], "stdDev": [std]}}]},
        })
        zip_folder(staging, os.path.join(OUT, "unet_small_csbdeep.bioimage.io.zip"))


def main():
    import tf_keras
    tf_keras.utils.set_random_seed(SEED)
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    unet_05()
    resnet_04()
    csbdeep_02()
    for name in sorted(os.listdir(OUT)):
        print(name)


if __name__ == "__main__":
    main()
