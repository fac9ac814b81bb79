#!/usr/bin/env python3
"""Builds the fixtures of models as people have them: nested Keras models and TF1 lookup tables.

Transfer-learning classifiers put a pretrained base model inside a Sequential or functional
model; old TF1 classifiers map class indices to names through a constant lookup table. These
fixtures are tiny (random weights, 32x32x3 inputs) and their references come from TensorFlow
itself (tf.GradientTape on the Keras model, a Keras submodel for an inner layer's output),
never from ij-xai. Run from the repository root, after models/make_models.py:

    python3 models/make_nested_models.py
    python3 models/make_nested_models.py --only nested_sequential

Models: nested_sequential (a base model inside a Sequential), nested_functional (a functional
model inside a functional model), nested_two_level, nested_keras3 (Keras 3 model.export),
tf1_nested_scopes (TF1 name scopes), tf1_lookup_table (TF1 HashTables filled from constants:
class names and logit offsets) and untrusted/table_from_file (a table filled from a text file,
which ij-xai refuses), and two_heads (two outputs: class probabilities and a per-pixel mask).

Each nested model folder gets reference/*.npy like models/make_models.py (input, output, target, score,
gradient) plus, for the inner layer named in reference/layer.txt (its path):
    activations.npy   the inner layer's output, from a Keras submodel            [N,h,w,k]
    gradcam.npy       relu(sum_k w_k A_k), w_k = mean_ij dS/dA_kij (no normalization)   [N,h,w]
"""
import argparse
import os
import shutil
import subprocess
import sys

import numpy as np

# TensorFlow 2.21's oneDNN Conv2DBackpropFilter crashes on these tiny strided convolutions
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
ROOT = os.path.dirname(os.path.abspath(__file__))
SEED = 1234
SHAPE = (32, 32, 3)
CLASS_NAMES = ["cat", "dog", "bird", "fish"]


def fresh_dir(name):
    path = os.path.join(ROOT, name)
    shutil.rmtree(path, ignore_errors=True)
    return path


def sample_inputs(count=3):
    """Blocky random images plus noise (no ReLU ties), made without TensorFlow: TF1 graph mode has no eager ops."""
    rng = np.random.default_rng(SEED)
    base = rng.uniform(0, 1, (count, 8, 8, SHAPE[2]))
    blocks = base.repeat(SHAPE[0] // 8, axis=1).repeat(SHAPE[1] // 8, axis=2)
    return (blocks + rng.normal(0, 1e-2, blocks.shape)).astype(np.float32)


def save(ref, name, array, dtype=np.float32):
    os.makedirs(ref, exist_ok=True)
    np.save(os.path.join(ref, name + ".npy"), np.asarray(array, dtype))


def save_reference(path, inputs, outputs, targets, scores, gradients):
    """reference/input, output, target, score and gradient, as models/make_models.py writes them."""
    ref = os.path.join(path, "reference")
    save(ref, "input", inputs)
    save(ref, "output", outputs)
    save(ref, "target", targets, np.int32)
    save(ref, "score", scores)
    save(ref, "gradient", gradients)
    return ref


def save_layer_reference(path, layer_path, A, g):
    """An inner layer's output A and Grad-CAM from g = dS/dA, its path, and the class names beside the model."""
    ref = os.path.join(path, "reference")
    save(ref, "activations", A)
    save(ref, "gradcam", np.maximum((A * g.mean(axis=(1, 2), keepdims=True)).sum(-1), 0))
    with open(os.path.join(ref, "layer.txt"), "w") as f:
        f.write(layer_path + "\n")
    with open(os.path.join(path, "labels.txt"), "w") as f:
        f.write("\n".join(CLASS_NAMES) + "\n")


def references(path, model, inner, layer_path, inputs):
    """References of a Keras model whose last layer has a fused softmax: scores are its logits.
    `inner(x)` gives the inner layer's output and the logits, from the model's own layers."""
    import tensorflow as tf
    outputs = model(inputs, training=False).numpy()
    targets = np.argmax(outputs, -1).astype(np.int32)
    x = tf.constant(inputs)
    # only the input is watched: the weights' gradients are not needed
    with tf.GradientTape(persistent=True, watch_accessed_variables=False) as tape:
        tape.watch(x)
        A, logits = inner(x)
        scores = tf.gather(logits, targets, batch_dims=1)
        total = tf.reduce_sum(scores)
    save_reference(path, inputs, outputs, targets, scores.numpy(), tape.gradient(total, x).numpy())
    save_layer_reference(path, layer_path, A.numpy(), tape.gradient(total, A).numpy())


# ---------------------------------------------------------------- Keras 2 (tf_keras) nestings

def keras2():
    import tf_keras
    tf_keras.utils.set_random_seed(SEED)
    return tf_keras


def tiny_base(k, name, input_shape=SHAPE, squeeze_excite=False):
    """A pretrained-style base model (functional, like keras.applications): a few convolutions
    ending in a named ReLU, as MobileNet's out_relu; optionally with a squeeze-and-excitation
    block (EfficientNet's), whose pooled side branch does not end the spatial layers."""
    L = k.layers
    inp = L.Input(input_shape)
    x = L.Conv2D(8, 3, strides=2, padding="same", use_bias=False, name="conv1")(inp)
    x = L.BatchNormalization(name="conv1_bn")(x)
    x = L.ReLU(6.0, name="conv1_relu")(x)
    x = L.DepthwiseConv2D(3, padding="same", use_bias=False, name="conv_dw_1")(x)
    x = L.ReLU(6.0, name="conv_dw_1_relu")(x)
    if squeeze_excite:
        weights = L.Reshape((1, 1, 8), name="se_reshape")(L.GlobalAveragePooling2D(name="se_squeeze")(x))
        x = L.Multiply(name="se_excite")([x, L.Conv2D(8, 1, activation="sigmoid", name="se_expand")(weights)])
    # swish: tf.nn.silu's custom gradient puts an IdentityN in the graph, as in EfficientNet
    x = L.Conv2D(16, 1, strides=2, activation="swish", name="conv_pw_1")(x)
    x = L.ReLU(6.0, name="out_relu")(x)
    return k.Model(inp, x, name=name)


def exposing(k, model, layer):
    """A Keras submodel over the same weights giving an inner layer's output and the model's output."""
    return k.Model(model.inputs, [model.get_layer(layer).output, model.outputs[0]])


def logits(dense, x):
    """The last Dense layer without its softmax: the score ij-xai explains by default."""
    import tensorflow as tf
    return tf.matmul(x, dense.kernel) + dense.bias


def base_in_sequential(k, base_name, name):
    """The transfer-learning layout: a base model inside a Sequential, pooled, then a softmax Dense."""
    L = k.layers
    base = tiny_base(k, base_name)
    model = k.Sequential([k.Input(SHAPE), base, L.GlobalAveragePooling2D(name="pool"),
                          L.Dense(len(CLASS_NAMES), activation="softmax", name="predictions")], name=name)
    return model, base


def base_references(k, path, model, base, layer):
    """The references of a base_in_sequential model at a layer of its base model."""
    probe = exposing(k, base, layer)

    def inner(x):
        A, y = probe(x, training=False)
        return A, logits(model.get_layer("predictions"), model.get_layer("pool")(y))
    references(path, model, inner, base.name + "/" + layer, sample_inputs())


def nested_sequential():
    """A base model inside a Sequential, as Teachable Machine and the Keras tutorials export."""
    import tensorflow as tf
    k = keras2()
    model, base = base_in_sequential(k, "mobilenet_tiny", "sequential")
    path = fresh_dir("nested_sequential")
    tf.saved_model.save(model, path)
    base_references(k, path, model, base, "conv_dw_1_relu")


def nested_functional():
    """A functional model (the base, with squeeze-and-excitation) called inside a functional model, with a layer before it."""
    import tensorflow as tf
    k = keras2()
    L = k.layers
    base = tiny_base(k, "base", squeeze_excite=True)
    inp = L.Input(SHAPE, name="image")
    x = L.Rescaling(2.0, offset=-1.0, name="rescale")(inp)
    x = base(x)
    x = L.Conv2D(8, 1, activation="relu", name="head_conv")(x)
    x = L.GlobalAveragePooling2D(name="pool")(x)
    out = L.Dense(len(CLASS_NAMES), activation="softmax", name="predictions")(x)
    model = k.Model(inp, out, name="classifier")
    path = fresh_dir("nested_functional")
    tf.saved_model.save(model, path)
    probe = exposing(k, base, "conv1_relu")

    def inner(x):
        A, y = probe(model.get_layer("rescale")(x), training=False)
        y = model.get_layer("pool")(model.get_layer("head_conv")(y))
        return A, logits(model.get_layer("predictions"), y)
    # inside the base model, a name that the top level does not have
    references(path, model, inner, "base/conv1_relu", sample_inputs())


def nested_two_level():
    """Two levels: a Sequential holding a functional model that holds a Sequential block."""
    import tensorflow as tf
    k = keras2()
    L = k.layers
    block = k.Sequential([L.Input((16, 16, 8)), L.Conv2D(8, 3, padding="same", name="block_conv"),
                          L.ReLU(name="block_relu")], name="block")
    inp = L.Input(SHAPE)
    x = L.Conv2D(8, 3, strides=2, padding="same", activation="relu", name="stem")(inp)
    x = block(x)
    x = L.Conv2D(16, 1, activation="relu", name="out_relu")(x)
    backbone = k.Model(inp, x, name="backbone")
    model = k.Sequential([L.Input(SHAPE), backbone, L.Flatten(name="flatten"),
                          L.Dense(len(CLASS_NAMES), activation="softmax", name="predictions")], name="sequential_1")
    path = fresh_dir("nested_two_level")
    tf.saved_model.save(model, path)

    def inner(x):
        A = block.get_layer("block_conv")(backbone.get_layer("stem")(x))
        y = backbone.get_layer("out_relu")(block.get_layer("block_relu")(A))
        return A, logits(model.get_layer("predictions"), model.get_layer("flatten")(y))
    references(path, model, inner, "backbone/block/block_conv", sample_inputs())


def two_heads():
    """Several outputs, as multi-head classifiers and StarDist have: class probabilities and a per-pixel mask."""
    import tensorflow as tf
    k = keras2()
    L = k.layers
    inp = L.Input(SHAPE)
    x = L.Conv2D(8, 3, padding="same", activation="relu", name="features")(inp)
    mask = L.Conv2D(1, 1, activation="sigmoid", name="mask")(x)
    classes = L.Dense(len(CLASS_NAMES), activation="softmax", name="class")(L.GlobalAveragePooling2D(name="pool")(x))
    model = k.Model(inp, [classes, mask], name="two_heads")
    path = fresh_dir("two_heads")
    tf.saved_model.save(model, path)
    probe = k.Model(inp, [x, model.get_layer("pool").output])

    def inner(x):
        A, pooled = probe(x, training=False)
        return A, logits(model.get_layer("class"), pooled)
    # the references are those of the output explained by default, the first float output by name: "class"
    references(path, lambda x, training: model(x, training=training)[0], inner, "features", sample_inputs())


# ---------------------------------------------------------------- Keras 3 model.export of a nested model

def nested_keras3():
    import keras
    keras.utils.set_random_seed(SEED)
    model, base = base_in_sequential(keras, "base_model", "nested")
    path = fresh_dir("nested_keras3")
    model.export(path, format="tf_saved_model")
    base_references(keras, path, model, base, "conv_dw_1_relu")


# ---------------------------------------------------------------- TF1 graphs

def tf1_nested_scopes():
    """A TF1 graph with nested name scopes (block1/conv1/Conv2D ...) and plain variables."""
    import tensorflow as tf
    v1 = tf.compat.v1
    v1.disable_eager_execution()
    path = fresh_dir("tf1_nested_scopes")
    rng = np.random.default_rng(SEED)
    inputs = sample_inputs()

    def weight(name, shape):
        return v1.get_variable(name, initializer=rng.normal(0, 0.3, shape).astype(np.float32), use_resource=True)

    with tf.Graph().as_default() as graph, v1.Session(graph=graph) as session:
        image = v1.placeholder(tf.float32, [None, *SHAPE], name="image")
        with v1.variable_scope("features"):
            with v1.variable_scope("block1"):
                with v1.variable_scope("conv1"):
                    x = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(image, weight("kernel", (3, 3, 3, 8)), 1, "SAME"),
                                                  weight("bias", (8,))))
                with v1.variable_scope("conv2"):
                    inner = tf.nn.relu(tf.nn.conv2d(x, weight("kernel", (3, 3, 8, 8)), 2, "SAME"))
            with v1.variable_scope("block2"):
                with v1.variable_scope("conv1"):
                    x = tf.nn.relu(tf.nn.conv2d(inner, weight("kernel", (3, 3, 8, 16)), 2, "SAME"))
                with v1.variable_scope("conv2"):
                    x = tf.nn.relu(tf.nn.conv2d(x, weight("kernel", (1, 1, 16, 16)), 1, "SAME"))
        with v1.variable_scope("pool"):
            x = tf.reduce_mean(x, axis=[1, 2])
        with v1.variable_scope("logits"):
            logits = tf.matmul(x, weight("kernel", (16, len(CLASS_NAMES))))
        probabilities = tf.nn.softmax(logits, name="probabilities")
        session.run(v1.global_variables_initializer())
        builder = v1.saved_model.Builder(path)
        signature = v1.saved_model.predict_signature_def({"image": image}, {"probabilities": probabilities})
        builder.add_meta_graph_and_variables(session, ["serve"], signature_def_map={"serving_default": signature},
                                             strip_default_attrs=True)
        builder.save()
        outputs = session.run(probabilities, {image: inputs})
        targets = np.argmax(outputs, -1).astype(np.int32)
        score = tf.gather(logits, tf.constant(targets), batch_dims=1)
        total = tf.reduce_sum(score)
        g_inner, g_input = tf.gradients(total, [inner, image])
        scores, A, g, gradient = session.run([score, inner, g_inner, g_input], {image: inputs})
    save_reference(path, inputs, outputs, targets, scores, gradient)
    save_layer_reference(path, "features/block1/conv2", A, g)


def hash_table(key_dtype, value_dtype, name, initialize):
    """A TF1 HashTableV2 and its initializer (run by the SavedModel's main_op, as tf.estimator exports do)."""
    import tensorflow as tf
    v1 = tf.compat.v1
    table = tf.raw_ops.HashTableV2(key_dtype=key_dtype, value_dtype=value_dtype, name=name)
    v1.add_to_collection(v1.GraphKeys.TABLE_INITIALIZERS, initialize(table))
    return table


def constant_table(name, keys, values):
    """A table initialized from constant keys and values (InitializeTableV2): pure compute."""
    import tensorflow as tf
    keys, values = tf.constant(keys), tf.constant(values)
    return hash_table(keys.dtype, values.dtype, name,
                      lambda table: tf.raw_ops.InitializeTableV2(table_handle=table, keys=keys, values=values, name=name + "_init"))


def tf1_table_classifier(path, class_table):
    """A TF1 classifier with two lookup tables: per-class logit offsets (a calibration) that the
    probabilities depend on, and class names that the signature's `classes` output maps the
    predicted index to. `class_table(name)` makes the class-name table."""
    import tensorflow as tf
    v1 = tf.compat.v1
    rng = np.random.default_rng(SEED)
    size = int(np.prod(SHAPE))
    with tf.Graph().as_default() as graph, v1.Session(graph=graph) as session:
        image = v1.placeholder(tf.float32, [None, *SHAPE], name="image")
        kernel = v1.get_variable("kernel", initializer=rng.normal(0, 0.1, (size, len(CLASS_NAMES))).astype(np.float32))
        offsets = constant_table("calibration", np.arange(len(CLASS_NAMES), dtype=np.int64),
                                 np.array([0.3, -0.2, 0.1, -0.4], np.float32))
        bias = tf.raw_ops.LookupTableFindV2(table_handle=offsets, keys=tf.range(len(CLASS_NAMES), dtype=tf.int64),
                                            default_value=tf.constant(0.0))
        # a lookup's shape is unknown in TF1: the model states it, or nothing after it has a shape
        bias = tf.reshape(bias, [len(CLASS_NAMES)], name="class_offsets")
        logits = tf.add(tf.matmul(tf.reshape(image, [-1, size]), kernel), bias, name="logits")
        probabilities = tf.nn.softmax(logits, name="probabilities")
        names = class_table("class_names")
        classes = tf.raw_ops.LookupTableFindV2(table_handle=names, keys=tf.argmax(probabilities, -1),
                                               default_value=tf.constant("unknown"), name="classes")
        session.run(v1.global_variables_initializer())
        main_op = tf.group(v1.tables_initializer(), name="init_tables")
        builder = v1.saved_model.Builder(path)
        signature = v1.saved_model.predict_signature_def({"image": image}, {"probabilities": probabilities, "classes": classes})
        builder.add_meta_graph_and_variables(session, ["serve"], signature_def_map={"serving_default": signature},
                                             main_op=main_op, strip_default_attrs=True)
        builder.save()
        session.run(main_op)
        inputs = sample_inputs()
        outputs = session.run(probabilities, {image: inputs})
        targets = np.argmax(outputs, -1).astype(np.int32)
        score = tf.gather(logits, tf.constant(targets), batch_dims=1)
        gradient = tf.gradients(tf.reduce_sum(score), image)[0]
        scores, gradients, predicted = session.run([score, gradient, classes], {image: inputs})
    return inputs, outputs, targets, scores, gradients, predicted


def tf1_lookup_table():
    """Class names (and logit offsets) from HashTables initialized from constant keys and values."""
    import tensorflow as tf
    tf.compat.v1.disable_eager_execution()
    path = fresh_dir("tf1_lookup_table")
    inputs, outputs, targets, scores, gradients, predicted = tf1_table_classifier(
        path, lambda name: constant_table(name, np.arange(len(CLASS_NAMES), dtype=np.int64), np.array(CLASS_NAMES)))
    ref = save_reference(path, inputs, outputs, targets, scores, gradients)
    with open(os.path.join(ref, "classes.txt"), "w") as f:
        f.write("\n".join(name.decode() for name in predicted) + "\n")


def table_from_file():
    """Class names from a table initialized from a text file (InitializeTableFromTextFileV2): reads a file."""
    import tensorflow as tf
    tf.compat.v1.disable_eager_execution()
    path = fresh_dir(os.path.join("untrusted", "table_from_file"))
    vocabulary = path + "_classes.txt"
    with open(vocabulary, "w") as f:
        f.write("\n".join(CLASS_NAMES) + "\n")

    def from_file(name):
        return hash_table(tf.int64, tf.string, name, lambda table: tf.raw_ops.InitializeTableFromTextFileV2(
            table_handle=table, filename=tf.constant(vocabulary), key_index=-1, value_index=-2, name=name + "_init"))
    try:
        tf1_table_classifier(path, from_file)
    finally:
        os.remove(vocabulary)


KERAS_MODELS = [nested_sequential, nested_functional, nested_two_level, nested_keras3, two_heads]
GRAPH_MODELS = [tf1_nested_scopes, tf1_lookup_table, table_from_file]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="build just this model")
    args = parser.parse_args()
    for build in KERAS_MODELS:
        if args.only in (None, build.__name__):
            build()
    for build in GRAPH_MODELS:
        if args.only == build.__name__:
            build()
        elif args.only is None:
            # graph mode is a global switch: each TF1 model in its own process
            subprocess.run([sys.executable, __file__, "--only", build.__name__], check=True)


if __name__ == "__main__":
    main()
