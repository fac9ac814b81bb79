#!/usr/bin/env python3
"""Builds the SavedModel fixtures of ij-xai and their TensorFlow reference numbers.

Every model here is a real TensorFlow export (tf.saved_model.save, Keras 3 model.export,
TF1 SavedModelBuilder); the references come from tf.GradientTape / tf.gradients, never from
ij-xai. Run from the repository root:

    python3 models/make_models.py            # all models
    python3 models/make_models.py --only fashion_mnist_cnn

Needs: pip install tensorflow-cpu tf_keras; apt-get install dataset-fashion-mnist.
Each model folder gets `reference/*.npy`:
    input.npy     float32 batch in model-input space (tiny noise added: no ReLU/MaxPool ties)
    output.npy    what the serving signature returns for it
    target.npy    int32 target per sample (predicted class, or channel 0 for dense outputs)
    score.npy     target score: the pre-softmax/sigmoid logit (summed over pixels for dense outputs)
    gradient.npy  d score / d input
The attribution references (Grad-CAM, IG, SmoothGrad, guided backprop, ...) and the quadrant_sum
fixture come from models/make_references.py, and the Zennit (PyTorch) LRP references from
models/make_lrp_references.py, both run after this script.
"""
import argparse
import contextlib
import gzip
import os
import shutil
import subprocess
import sys

import numpy as np

ROOT = os.path.dirname(os.path.abspath(__file__))
FASHION_DIR = "/usr/share/datasets/fashion-mnist"
CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
SEED = 1234


def load_fashion(split):
    prefix = "train" if split == "train" else "t10k"
    with gzip.open(os.path.join(FASHION_DIR, f"{prefix}-images-idx3-ubyte.gz")) as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
    with gzip.open(os.path.join(FASHION_DIR, f"{prefix}-labels-idx1-ubyte.gz")) as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)
    return images.astype(np.float32) / 255.0, labels.astype(np.int64)


def fresh_dir(name):
    path = os.path.join(ROOT, name)
    shutil.rmtree(path, ignore_errors=True)
    return path


def save_classifier(model, name):
    """A fresh SavedModel folder models/<name> with the Fashion-MNIST labels.txt beside it."""
    import tensorflow as tf
    path = fresh_dir(name)
    tf.saved_model.save(model, path)
    write_labels(path)
    return path


def write_labels(path):
    with open(os.path.join(path, "labels.txt"), "w") as f:
        f.write("\n".join(CLASS_NAMES) + "\n")


def save_reference(path, inputs, outputs, targets, scores, gradients):
    ref = os.path.join(path, "reference")
    os.makedirs(ref, exist_ok=True)
    np.save(os.path.join(ref, "input.npy"), np.asarray(inputs, np.float32))
    np.save(os.path.join(ref, "output.npy"), np.asarray(outputs, np.float32))
    np.save(os.path.join(ref, "target.npy"), np.asarray(targets, np.int32))
    np.save(os.path.join(ref, "score.npy"), np.asarray(scores, np.float32))
    np.save(os.path.join(ref, "gradient.npy"), np.asarray(gradients, np.float32))


def sample_inputs(shape, count=4):
    """Real test images (resized/tiled to the model's input) plus tiny noise against ties."""
    import tensorflow as tf
    images, _ = load_fashion("test")
    rng = np.random.default_rng(SEED)
    picks = images[rng.choice(len(images), count, replace=False)][..., None]
    h, w, c = shape
    batch = picks if (h, w) == (28, 28) else tf.image.resize(picks, (h, w)).numpy()
    batch = np.repeat(batch, c, axis=-1)
    return (batch + rng.normal(0, 1e-3, batch.shape)).astype(np.float32)


def keras_reference(model, path, inputs, dense_output=False):
    """References for a Keras model whose last layer has a fused softmax/sigmoid activation:
    the score is that layer's pre-activation, as ij-xai targets by default."""
    import tensorflow as tf
    outputs = model(inputs, training=False).numpy()
    model.layers[-1].activation = lambda t: t
    x = tf.constant(inputs)
    with tf.GradientTape() as tape:
        tape.watch(x)
        logits = model(x, training=False)
        if dense_output:
            targets = np.zeros(len(inputs), np.int32)
            scores = tf.reduce_sum(logits[..., 0], axis=list(range(1, logits.shape.rank - 1)))
        else:
            targets = np.argmax(outputs, axis=-1).astype(np.int32)
            scores = tf.gather(logits, targets, batch_dims=1)
        total = tf.reduce_sum(scores)
    save_reference(path, inputs, outputs, targets, scores.numpy(), tape.gradient(total, x).numpy())


def train(model, shape, epochs, count=None):
    images, labels = load_fashion("train")
    if count:
        images, labels = images[:count], labels[:count]
    import tensorflow as tf
    x = tf.image.resize(images[..., None], shape[:2]).numpy() if shape[:2] != (28, 28) else images[..., None]
    x = np.repeat(x, shape[2], axis=-1) if shape[2] > 1 else x
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, labels, epochs=epochs, batch_size=128, verbose=2)
    test_images, test_labels = load_fashion("test")
    tx = tf.image.resize(test_images[..., None], shape[:2]).numpy() if shape[:2] != (28, 28) else test_images[..., None]
    tx = np.repeat(tx, shape[2], axis=-1) if shape[2] > 1 else tx
    return model.evaluate(tx, test_labels, verbose=0)[1]


# ---------------------------------------------------------------- Keras 2 (tf_keras) models

def keras2():
    import tf_keras
    tf_keras.utils.set_random_seed(SEED)
    return tf_keras


def fashion_mnist_cnn():
    """The demo model: a deep CNN with BatchNorm and Dropout trained on Fashion-MNIST."""
    import tensorflow as tf
    k = keras2()
    L = k.layers
    model = k.Sequential([
        L.Input((28, 28, 1)),
        L.Conv2D(32, 3, padding="same", use_bias=False), L.BatchNormalization(), L.ReLU(),
        L.Conv2D(32, 3, padding="same", activation="relu"),
        L.MaxPooling2D(),
        L.Conv2D(64, 3, padding="same", use_bias=False), L.BatchNormalization(), L.ReLU(),
        L.Conv2D(64, 3, padding="same", activation="relu"),
        L.MaxPooling2D(),
        L.Dropout(0.25),
        L.Flatten(),
        L.Dense(64, activation="relu"),
        L.Dropout(0.3),
        L.Dense(10, activation="softmax"),
    ], name="sequential")
    accuracy = train(model, (28, 28, 1), epochs=4)
    print(f"fashion_mnist_cnn test accuracy: {accuracy:.4f}")
    path = save_classifier(model, "fashion_mnist_cnn")
    with open(os.path.join(path, "ACCURACY.txt"), "w") as f:
        f.write(f"Fashion-MNIST test accuracy {accuracy:.4f} (10,000 test images)\n")
    keras_reference(model, path, sample_inputs((28, 28, 1)))


def resnet_small():
    import tensorflow as tf
    k = keras2()
    L = k.layers
    inp = L.Input((28, 28, 1))
    x = L.Conv2D(16, 3, padding="same", activation="relu", name="stem")(inp)
    for block in range(2):
        y = L.Conv2D(16, 3, padding="same", use_bias=False, name=f"block{block}_conv1")(x)
        y = L.BatchNormalization(name=f"block{block}_bn1")(y)
        y = L.ReLU(name=f"block{block}_relu1")(y)
        y = L.Conv2D(16, 3, padding="same", name=f"block{block}_conv2")(y)
        x = L.ReLU(name=f"block{block}_out")(L.Add(name=f"block{block}_add")([x, y]))
    x = L.GlobalAveragePooling2D(name="pool")(x)
    out = L.Dense(10, activation="softmax", name="predictions")(x)
    model = k.Model(inp, out, name="resnet_small")
    print("resnet_small accuracy", train(model, (28, 28, 1), epochs=1, count=12000))
    path = save_classifier(model, "resnet_small")
    keras_reference(model, path, sample_inputs((28, 28, 1)))


def mobilenetv2_small():
    """MobileNetV2-style inverted residuals on RGB 32x32: DepthwiseConv2dNative, Relu6."""
    import tensorflow as tf
    k = keras2()
    L = k.layers
    inp = L.Input((32, 32, 3))
    x = L.Conv2D(16, 3, strides=2, padding="same", use_bias=False, name="Conv1")(inp)
    x = L.BatchNormalization(name="bn_Conv1")(x)
    x = L.ReLU(6.0, name="Conv1_relu")(x)
    for i, (expand, out, stride) in enumerate([(4, 16, 1), (4, 24, 2), (4, 24, 1)]):
        y = L.Conv2D(x.shape[-1] * expand, 1, use_bias=False, name=f"block_{i}_expand")(x)
        y = L.BatchNormalization(name=f"block_{i}_expand_BN")(y)
        y = L.ReLU(6.0, name=f"block_{i}_expand_relu")(y)
        y = L.DepthwiseConv2D(3, strides=stride, padding="same", use_bias=False, name=f"block_{i}_depthwise")(y)
        y = L.BatchNormalization(name=f"block_{i}_depthwise_BN")(y)
        y = L.ReLU(6.0, name=f"block_{i}_depthwise_relu")(y)
        y = L.Conv2D(out, 1, use_bias=False, name=f"block_{i}_project")(y)
        y = L.BatchNormalization(name=f"block_{i}_project_BN")(y)
        x = L.Add(name=f"block_{i}_add")([x, y]) if stride == 1 and x.shape[-1] == out else y
    x = L.Conv2D(64, 1, use_bias=False, name="Conv_1")(x)
    x = L.BatchNormalization(name="Conv_1_bn")(x)
    x = L.ReLU(6.0, name="out_relu")(x)
    x = L.GlobalAveragePooling2D(name="global_average_pooling2d")(x)
    out = L.Dense(10, activation="softmax", name="predictions")(x)
    model = k.Model(inp, out, name="mobilenetv2_small")
    print("mobilenetv2_small accuracy", train(model, (32, 32, 3), epochs=1, count=12000))
    path = save_classifier(model, "mobilenetv2_small")
    keras_reference(model, path, sample_inputs((32, 32, 3)))


def rgb_dynamic():
    """RGB model with fully dynamic spatial size [-1,-1,-1,3] and global pooling."""
    import tensorflow as tf
    k = keras2()
    L = k.layers
    inp = L.Input((None, None, 3))
    x = L.Conv2D(16, 3, padding="same", activation="relu", name="conv_a")(inp)
    x = L.MaxPooling2D(name="pool_a")(x)
    x = L.Conv2D(32, 3, padding="same", activation="relu", name="conv_b")(x)
    x = L.GlobalMaxPooling2D(name="pool_b")(x)
    out = L.Dense(10, activation="softmax", name="predictions")(x)
    model = k.Model(inp, out, name="rgb_dynamic")
    print("rgb_dynamic accuracy", train(model, (28, 28, 3), epochs=1, count=12000))
    path = save_classifier(model, "rgb_dynamic")
    inputs = sample_inputs((36, 44, 3))
    keras_reference(model, path, inputs)


def unet_small_model(k, size=32, classes=1, activation="sigmoid"):
    """The U-Net-like segmentation net of unet_small, for inputs size x size (None: any multiple of 2)."""
    L = k.layers
    inp = L.Input((size, size, 1))
    c1 = L.Conv2D(8, 3, padding="same", activation="relu", name="enc1")(inp)
    p1 = L.MaxPooling2D(name="down1")(c1)
    c2 = L.Conv2D(16, 3, padding="same", activation="relu", name="enc2")(p1)
    u1 = L.UpSampling2D(name="up1")(c2)
    m1 = L.Concatenate(name="skip1")([u1, c1])
    d1 = L.Conv2D(8, 3, padding="same", activation="relu", name="dec1")(m1)
    out = L.Conv2D(classes, 1, activation=activation, name="mask")(d1)
    return k.Model(inp, out, name="unet_small")


def unet_small():
    """U-Net-like segmentation net: per-pixel sigmoid output."""
    import tensorflow as tf
    model = unet_small_model(keras2())
    path = fresh_dir("unet_small")
    tf.saved_model.save(model, path)
    keras_reference(model, path, sample_inputs((32, 32, 1)), dense_output=True)


def smooth_inputs(shape, count=2):
    """Smooth random images (blurred noise plus a bright disc): region fixtures need no data set."""
    import tensorflow as tf
    rng = np.random.default_rng(SEED)
    h, w, c = shape
    noise = rng.normal(0, 1, (count, h, w, c)).astype(np.float32)
    kernel = np.outer(*[np.exp(-np.arange(-3, 4) ** 2 / 4.0)] * 2).astype(np.float32)
    kernel = np.tile((kernel / kernel.sum())[:, :, None, None], (1, 1, c, 1))
    blurred = tf.nn.depthwise_conv2d(noise, kernel, [1, 1, 1, 1], "SAME").numpy()
    yy, xx = np.mgrid[:h, :w]
    disc = ((yy - h / 2) ** 2 + (xx - w / 3) ** 2 < (h / 5) ** 2).astype(np.float32)[None, :, :, None]
    return (0.5 + 0.3 * blurred + 0.4 * disc).astype(np.float32)


def region_fixture(model, name, activation_fused=True):
    """A small dense model of the region tests, untrained (the gradients need no training), with its whole-image reference."""
    import tensorflow as tf
    path = fresh_dir(name)
    tf.saved_model.save(model, path)
    inputs = smooth_inputs(tuple(model.input.shape[1:]))
    if activation_fused:
        keras_reference(model, path, inputs, dense_output=True)
    else:
        x = tf.constant(inputs)
        with tf.GradientTape() as tape:
            tape.watch(x)
            outputs = model(x, training=False)
            scores = tf.reduce_sum(outputs[..., 0], axis=[1, 2])
            total = tf.reduce_sum(scores)
        save_reference(path, inputs, outputs.numpy(), np.zeros(len(inputs), np.int32), scores.numpy(), tape.gradient(total, x).numpy())


def unet_softmax3():
    """unet_small's architecture with a 3-class softmax per pixel (untrained)."""
    region_fixture(unet_small_model(keras2(), classes=3, activation="softmax"), "unet_softmax3")


def denoiser_small():
    """A denoiser-like net with a linear per-pixel output (untrained): the score is the output itself."""
    k = keras2()
    inp = k.layers.Input((32, 32, 1))
    hidden = k.layers.Conv2D(4, 3, padding="same", activation="relu", name="features")(inp)
    out = k.layers.Conv2D(1, 3, padding="same", name="denoised")(hidden)
    region_fixture(k.Model(inp, out, name="denoiser_small"), "denoiser_small", activation_fused=False)


def half_resolution():
    """A 2-channel sigmoid output at half the input's resolution (16x16 of 32x32), untrained."""
    k = keras2()
    inp = k.layers.Input((32, 32, 1))
    hidden = k.layers.Conv2D(4, 3, padding="same", activation="relu", name="features")(inp)
    pooled = k.layers.MaxPooling2D(name="down")(hidden)
    out = k.layers.Conv2D(2, 1, activation="sigmoid", name="mask")(pooled)
    region_fixture(k.Model(inp, out, name="half_resolution"), "half_resolution")


def rank3_input():
    """Input [N,H,W] without a channel axis."""
    import tensorflow as tf
    k = keras2()
    L = k.layers
    model = k.Sequential([
        L.Input((28, 28)), L.Reshape((28, 28, 1)),
        L.Conv2D(8, 3, activation="relu", name="conv"), L.MaxPooling2D(), L.Flatten(),
        L.Dense(10, activation="softmax", name="predictions")], name="rank3")
    print("rank3 accuracy", train(model, (28, 28, 1), epochs=1, count=6000))
    path = save_classifier(model, "rank3_input")
    keras_reference(model, path, sample_inputs((28, 28, 1))[..., 0])


def bias_free_cnn():
    """A ReLU CNN without biases or BatchNorm (conv, max pooling, average pooling, dense): LRP's
    conservation laws hold exactly here."""
    import tensorflow as tf
    k = keras2()
    L = k.layers
    model = k.Sequential([
        L.Input((28, 28, 1)),
        L.Conv2D(16, 3, padding="same", activation="relu", use_bias=False, name="conv1"),
        L.MaxPooling2D(name="pool1"),
        L.Conv2D(32, 3, padding="same", activation="relu", use_bias=False, name="conv2"),
        L.AveragePooling2D(name="pool2"), L.Flatten(name="flatten"),
        L.Dense(32, activation="relu", use_bias=False, name="dense1"),
        L.Dense(10, activation="softmax", use_bias=False, name="predictions")], name="bias_free")
    print("bias_free_cnn accuracy", train(model, (28, 28, 1), epochs=1, count=6000))
    path = save_classifier(model, "bias_free_cnn")
    keras_reference(model, path, sample_inputs((28, 28, 1)))


def flat_input():
    """Input [N,H*W] flattened, as MLP exports have."""
    import tensorflow as tf
    k = keras2()
    L = k.layers
    model = k.Sequential([
        L.Input((784,)), L.Dense(64, activation="relu", name="hidden"),
        L.Dense(10, activation="softmax", name="predictions")], name="flat")
    images, labels = load_fashion("train")
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(images[:12000].reshape(-1, 784), labels[:12000], epochs=1, verbose=2)
    path = save_classifier(model, "flat_input")
    keras_reference(model, path, sample_inputs((28, 28, 1)).reshape(-1, 784))


def preprocessing_layers():
    """Raw 0-255 images of any size: CenterCrop (offsets from the run-time shape), Resizing, Rescaling."""
    import tensorflow as tf
    k = keras2()
    L = k.layers
    inp = L.Input((None, None, 1))
    x = L.CenterCrop(40, 40, name="crop")(inp)
    x = L.Resizing(28, 28, name="resize")(x)
    x = L.Rescaling(1.0 / 255, name="rescale")(x)
    x = L.Conv2D(8, 3, activation="relu", name="conv")(x)
    x = L.GlobalAveragePooling2D(name="pool")(x)
    out = L.Dense(10, activation="softmax", name="predictions")(x)
    model = k.Model(inp, out, name="preprocessing")
    path = save_classifier(model, "preprocessing_layers")
    inputs = sample_inputs((48, 52, 1)) * 255.0
    keras_reference(model, path, inputs)


def multi_input():
    import tensorflow as tf
    k = keras2()
    L = k.layers
    a, b = L.Input((28, 28, 1), name="image"), L.Input((28, 28, 1), name="mask")
    x = L.Flatten()(L.Concatenate()([a, b]))
    model = k.Model([a, b], L.Dense(10, activation="softmax")(x), name="multi_input")
    tf.saved_model.save(model, fresh_dir("multi_input"))


def argmax_output():
    """A model whose signature returns an integer class index (not differentiable)."""
    import tensorflow as tf
    k = keras2()
    L = k.layers
    inner = k.Sequential([L.Input((28, 28, 1)), L.Flatten(), L.Dense(10, name="logits")])

    class Classifier(tf.Module):
        def __init__(self):
            super().__init__()
            self.inner = inner

        @tf.function(input_signature=[tf.TensorSpec([None, 28, 28, 1], tf.float32, name="image")])
        def classify(self, image):
            return {"class_index": tf.argmax(self.inner(image), axis=-1)}

    module = Classifier()
    tf.saved_model.save(module, fresh_dir("argmax_output"), signatures={"serving_default": module.classify})


def example_signature():
    """serving_default takes serialized tf.Example strings; a second signature takes the image."""
    import tensorflow as tf
    k = keras2()
    L = k.layers
    net = k.Sequential([L.Input((28, 28, 1)), L.Conv2D(4, 3, activation="relu", name="conv"),
                        L.Flatten(), L.Dense(10, activation="softmax", name="predictions")])

    class Served(tf.Module):
        def __init__(self):
            super().__init__()
            self.net = net

        @tf.function(input_signature=[tf.TensorSpec([None], tf.string, name="examples")])
        def parse_and_classify(self, examples):
            parsed = tf.io.parse_example(examples, {"image": tf.io.FixedLenFeature([784], tf.float32)})
            return {"probabilities": self.net(tf.reshape(parsed["image"], [-1, 28, 28, 1]))}

        @tf.function(input_signature=[tf.TensorSpec([None, 28, 28, 1], tf.float32, name="image")])
        def classify_image(self, image):
            return {"probabilities": self.net(image)}

    module = Served()
    path = fresh_dir("example_signature")
    tf.saved_model.save(module, path, signatures={"serving_default": module.parse_and_classify,
                                                  "classify_image": module.classify_image})
    write_labels(path)
    inputs = sample_inputs((28, 28, 1))
    keras_reference(net, path, inputs)


# ---------------------------------------------------------------- Keras 3 model.export

def keras3_export():
    import keras
    import tensorflow as tf
    keras.utils.set_random_seed(SEED)
    L = keras.layers
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        L.Conv2D(16, 3, use_bias=False, name="conv_a"), L.BatchNormalization(name="bn_a"), L.ReLU(name="relu_a"),
        L.MaxPooling2D(name="pool_a"), L.Conv2D(16, 3, activation="relu", name="conv_b"),
        L.Flatten(name="flatten"), L.Dense(10, activation="softmax", name="predictions")], name="keras3")
    images, labels = load_fashion("train")
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(images[:12000, ..., None], labels[:12000], epochs=1, verbose=2)
    path = fresh_dir("keras3_export")
    model.export(path, format="tf_saved_model")
    write_labels(path)
    inputs = sample_inputs((28, 28, 1))
    keras_reference(model, path, inputs)


# ---------------------------------------------------------------- TF1 graph SavedModels

def tf1_graph(name, control_flow_v1, resource_variables, sharded):
    """A tf.compat.v1 Keras export: BatchNorm under keras_learning_phase conditionals, variables as
    graph nodes (VariableV2 or VarHandleOp), optionally a sharded checkpoint. Runs in its own process
    because graph mode and control-flow v1 are global switches."""
    import tensorflow as tf
    v1 = tf.compat.v1
    if control_flow_v1:
        v1.disable_v2_behavior()
    else:
        v1.disable_eager_execution()
    if resource_variables:
        v1.enable_resource_variables()
    else:
        v1.disable_resource_variables()
    import tf_keras as k
    from tf_keras.src import backend  # get_session and learning_phase are not in the public v2 API
    L = k.layers
    v1.set_random_seed(SEED)
    if sharded:
        # two CPU devices, variables on both: Saver(sharded=True) then writes one shard per device
        backend.set_session(v1.Session(config=v1.ConfigProto(device_count={"CPU": 2})))

    def on(device):
        return tf.device(device) if sharded else contextlib.nullcontext()

    inp = L.Input((28, 28, 1), name="input")
    with on("/cpu:0"):
        x = L.Conv2D(8, 3, padding="same", use_bias=False, name="conv1")(inp)
        x = L.BatchNormalization(name="bn1")(x, training=backend.learning_phase())
        x = L.Activation("relu", name="relu1")(x)
        x = L.MaxPooling2D(name="pool1")(x)
    with on("/cpu:1"):
        x = L.Conv2D(16, 3, padding="same", activation="relu", name="conv2")(x)
        x = L.Flatten(name="flatten")(x)
        x = L.Dense(10, name="logits")(x)
    if not resource_variables:
        # tf_keras always makes resource variables: a reference variable (VariableV2) by hand
        temperature = v1.get_variable("temperature", initializer=1.25, use_resource=False)
        x = L.Lambda(lambda t: t * temperature, name="temperature_scale")(x)
    out = L.Activation("softmax", name="probabilities")(x)
    model = k.Model(inp, out)
    sess = backend.get_session()
    if not resource_variables:
        sess.run(v1.variables_initializer([temperature]))
    images, labels = load_fashion("train")
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(images[:6000, ..., None], labels[:6000], epochs=1, batch_size=128, verbose=2)
    path = fresh_dir(name)
    builder = v1.saved_model.Builder(path)
    signature = v1.saved_model.predict_signature_def({"input": inp}, {"probabilities": out})
    saver = v1.train.Saver(sharded=sharded, max_to_keep=1) if sharded else None
    builder.add_meta_graph_and_variables(sess, [v1.saved_model.tag_constants.SERVING],
                                         signature_def_map={"serving_default": signature}, saver=saver,
                                         strip_default_attrs=True)
    builder.save()
    write_labels(path)
    inputs = sample_inputs((28, 28, 1))
    feed = {inp: inputs}
    phase = backend.learning_phase()
    if not isinstance(phase, int):
        feed[phase] = False
    outputs = sess.run(out, feed)
    targets = np.argmax(outputs, -1).astype(np.int32)
    score = tf.gather(x, tf.constant(targets), batch_dims=1)
    gradient = tf.gradients(tf.reduce_sum(score), inp)[0]
    scores, gradients = sess.run([score, gradient], feed)
    save_reference(path, inputs, outputs, targets, scores, gradients)
    ops = {op.type for op in sess.graph.get_operations()}
    print(name, "control flow:", sorted(ops & {"If", "StatelessIf", "Switch", "Merge"}),
          "variables:", sorted(ops & {"VariableV2", "VarHandleOp"}),
          "shards:", sorted(f for f in os.listdir(os.path.join(path, "variables")) if ".data-" in f))


def test_images():
    """Fashion-MNIST test images as 8-bit PNGs in test-images/ (the README demo's input)."""
    import tensorflow as tf
    images, labels = load_fashion("test")
    folder = os.path.join(os.path.dirname(ROOT), "test-images")
    os.makedirs(folder, exist_ok=True)
    for index in [0, 1, 2, 3, 8, 13]:
        name = CLASS_NAMES[labels[index]].split("/")[0].lower().replace(" ", "-")
        png = tf.io.encode_png((images[index][..., None] * 255).round().astype(np.uint8)).numpy()
        with open(os.path.join(folder, f"fashion-{index:04d}-{name}.png"), "wb") as f:
            f.write(png)


KERAS_MODELS = [test_images, fashion_mnist_cnn, resnet_small, mobilenetv2_small, rgb_dynamic, unet_small,
                rank3_input, bias_free_cnn, flat_input, preprocessing_layers, multi_input, argmax_output,
                example_signature, keras3_export, unet_softmax3, denoiser_small, half_resolution]
TF1_MODELS = {
    "tf1_cond_if": dict(control_flow_v1=False, resource_variables=True, sharded=True),
    "tf1_switch_merge": dict(control_flow_v1=True, resource_variables=False, sharded=False),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="build just this model")
    args = parser.parse_args()
    if args.only in TF1_MODELS:
        tf1_graph(args.only, **TF1_MODELS[args.only])
        return
    for build in KERAS_MODELS:
        if args.only in (None, build.__name__):
            build()
    for name in TF1_MODELS:
        if args.only is None:
            subprocess.run([sys.executable, __file__, "--only", name], check=True)


if __name__ == "__main__":
    main()
