#!/usr/bin/env python3
"""Peer reference numbers for ij-xai's `sanity` tool (engine.evaluation.SanityChecks, issue 18 parts 2 and 4):
Quantus 0.6.0's ModelParameterRandomisation on models/fashion_mnist_cnn, and skimage 0.26's SSIM and HOG.

Run from the repository root (TensorFlow 2.21 with Keras 3, quantus==0.6.0, scikit-image, scipy):

    TF_CPP_MIN_LOG_LEVEL=2 python3 models/make_sanity_references.py

Model: the SavedModel's variables copied into the same Keras Sequential (Keras 3, the layers named as the
SavedModel's), its last Dense without the softmax, so that it gives the logits; they are checked against
the frozen serving graph (max difference printed). Quantus wraps it as a TensorFlowModel, whose
get_random_layer_generator re-initializes a layer by np.random.seed(seed + 1) and then
np.random.permutation of each of the layer's weight arrays (rows of the first axis shuffled), the same
seed for every layer, from the logits towards the input ("top_down", cascading) or one layer at a time
("independent"). ij-xai draws these very permutations (numpy's MT19937 and legacy shuffle in Java).
Quantus 0.6.0's cascade starts from a clone with fresh Keras initial weights instead of the trained ones
(keras.models.clone_model copies no weights; only the independent order restores them): this script
patches the clone to carry the weights (main() prints the unpatched behaviour) so both orders start
from the trained model.
Images x: the first 8 of reference/evaluation/images.npy [8,28,28,1]; class t = the original model's prediction.
Maps (explain_func, TensorFlow GradientTape on the logits, as ij-xai's defaults):
    saliency              max over channels of |dS/dx|, S = logit of t
    integrated_gradients  (x - x0) * sum_i w_i dS/dx(x0 + a_i (x - x0)) summed over channels, x0 = the image's
                          minimum (black), 64-node Gauss-Legendre a_i, w_i on [0, 1]
Files in fashion_mnist_cnn/reference/sanity/:
    images.npy, targets.npy (int32)
    layers.json                       the layers Quantus randomizes, top_down, and each one's weight shapes
    permutation_LAYER_K.npy           int32: how Quantus (seed 42) permuted weight array K (get_weights order) of
                                      LAYER: its row i is the trained row permutation[i] (matched exactly)
    METHOD_MODE_spearman_abs.npy      MPRT(similarity_func=correlation_spearman, abs=True, normalise=True,
                                      seed=42, layer_order=top_down|independent) [9, 8] (MODE cascading|independent):
                                      one row per step as steps.json names them ("original", then the layers
                                      randomized: top_down from the logits, independent in Quantus's order, from the input)
    METHOD_MODE_spearman.npy          the same with abs=False (signed maps)
    permutations.json                 np.random.seed(43); np.random.permutation(n) for a few n
    similarity_a.npy, similarity_b.npy  two float32 30x26 maps (a smooth blob and noise, some exact ties)
    similarity.json                   for them: skimage.metrics.structural_similarity(a, b, data_range=max-min of
                                      both) (Quantus's ssim), scipy.stats.spearmanr, and the Pearson correlation of
                                      skimage.feature.hog(orientations=9, block_norm="L2-Hys") features for
                                      (pixels_per_cell, cells_per_block) = (4, 3) and (5, 2)
    hog_a_4_3.npy, hog_a_5_2.npy      the HOG feature vectors of a (computed in float64, stored as float32)
skimage gets float64 copies of the float32 maps (on float32 it computes in float32).
"""
import importlib.util
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
HIDDEN = ("torch", "captum", "zennit")


class _HideTorch:
    """Quantus imports torch (and captum) when installed; with TensorFlow in the same process that aborts
    (LLVM options registered twice), so this process, which needs only TensorFlow, does not let it see them."""

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in HIDDEN:
            raise ModuleNotFoundError(name + " is hidden from this TensorFlow process")
        return None


sys.meta_path.insert(0, _HideTorch())
_find_spec = importlib.util.find_spec
importlib.util.find_spec = lambda name, *args: None if name.split(".")[0] in HIDDEN else _find_spec(name, *args)

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

ROOT = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(ROOT, "fashion_mnist_cnn")
OUT = os.path.join(MODEL, "reference", "sanity")
COUNT, IG_STEPS, SEED = 8, 64, 42


def keras_copy():
    """The Sequential of make_models.py, logits out, holding the SavedModel's weights."""
    L = keras.layers
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        L.Conv2D(32, 3, padding="same", use_bias=False, name="conv2d"), L.BatchNormalization(name="batch_normalization"), L.ReLU(name="re_lu"),
        L.Conv2D(32, 3, padding="same", activation="relu", name="conv2d_1"),
        L.MaxPooling2D(name="max_pooling2d"),
        L.Conv2D(64, 3, padding="same", use_bias=False, name="conv2d_2"), L.BatchNormalization(name="batch_normalization_1"), L.ReLU(name="re_lu_1"),
        L.Conv2D(64, 3, padding="same", activation="relu", name="conv2d_3"),
        L.MaxPooling2D(name="max_pooling2d_1"),
        L.Dropout(0.25, name="dropout"),
        L.Flatten(name="flatten"),
        L.Dense(64, activation="relu", name="dense"),
        L.Dropout(0.3, name="dropout_1"),
        L.Dense(10, name="dense_1"),
    ], name="sequential")
    saved = {v.name.split(":")[0]: v.numpy() for v in tf.saved_model.load(MODEL).variables}
    roles = {"Conv2D": ["kernel", "bias"], "Dense": ["kernel", "bias"], "BatchNormalization": ["gamma", "beta", "moving_mean", "moving_variance"]}
    for layer in model.layers:
        if layer.weights:
            names = roles[type(layer).__name__][:len(layer.weights)]
            layer.set_weights([saved[f"{layer.name}/{name}"] for name in names])
    return model


def gradient(model, x, targets):
    x = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        scores = tf.gather(model(x, training=False), targets, batch_dims=1)
    return tape.gradient(scores, x).numpy()


def channel_last(inputs):
    return inputs if inputs.shape[-1] in (1, 3) else inputs.transpose(0, 2, 3, 1)


def like_inputs(maps, inputs):
    """[N,h,w] maps in the layout of Quantus's inputs, one channel."""
    return maps[..., None] if inputs.shape[-1] in (1, 3) else maps[:, None]


def saliency(model, inputs, targets, **kwargs):
    x = channel_last(np.asarray(inputs, np.float32))
    return like_inputs(np.abs(gradient(model, x, np.asarray(targets))).max(axis=-1), inputs)


def integrated_gradients(model, inputs, targets, **kwargs):
    x = channel_last(np.asarray(inputs, np.float32))
    nodes, weights = np.polynomial.legendre.leggauss(IG_STEPS)
    alphas, weights = (nodes + 1) / 2, weights / 2
    baseline = x.min(axis=(1, 2, 3), keepdims=True) * np.ones_like(x)
    total = np.zeros(x.shape, np.float64)
    for alpha, weight in zip(alphas, weights):
        total += weight * gradient(model, (baseline + np.float32(alpha) * (x - baseline)).astype(np.float32), np.asarray(targets))
    return like_inputs(((x - baseline) * total).sum(axis=-1).astype(np.float32), inputs)


def rows_order(permuted, trained):
    """The order Quantus put the trained rows (first axis) in: row i of permuted is row order[i] of trained,
    each found by exact equality (the rows of the CNN's weights are all distinct)."""
    rows, flat = trained.reshape(len(trained), -1), permuted.reshape(len(permuted), -1)
    order = []
    for row in flat:
        (match,) = np.flatnonzero((rows == row).all(axis=1))
        order.append(match)
    return np.array(order, np.int32)


def similarity_references():
    from scipy.stats import spearmanr
    from skimage.feature import hog
    from skimage.metrics import structural_similarity
    rng = np.random.default_rng(11)
    yy, xx = np.mgrid[0:30, 0:26]
    blob = np.exp(-((yy - 12.0) ** 2 + (xx - 15.0) ** 2) / 40.0)
    a = (blob + 0.1 * rng.random((30, 26))).astype(np.float32)
    b = (0.7 * blob + 0.4 * rng.random((30, 26))).astype(np.float32)
    a[:3, :] = 0  # exact ties
    b[25:, 20:] = 0.5
    np.save(os.path.join(OUT, "similarity_a.npy"), a)
    np.save(os.path.join(OUT, "similarity_b.npy"), b)
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    both = np.concatenate([a64, b64])
    result = {"ssim": float(structural_similarity(a64, b64, data_range=float(both.max() - both.min()))),
              "spearman": float(spearmanr(a64.ravel(), b64.ravel())[0])}
    for cell, block in ((4, 3), (5, 2)):
        options = dict(orientations=9, pixels_per_cell=(cell, cell), cells_per_block=(block, block), block_norm="L2-Hys", feature_vector=True)
        ha, hb = hog(a64, **options), hog(b64, **options)
        np.save(os.path.join(OUT, f"hog_a_{cell}_{block}.npy"), ha.astype(np.float32))
        result[f"hog_{cell}_{block}"] = float(np.corrcoef(ha, hb)[0, 1])
    with open(os.path.join(OUT, "similarity.json"), "w") as f:
        json.dump(result, f, indent=1)
    print("similarity", result)


def main():
    import quantus
    from make_attack_references import load_logits
    os.makedirs(OUT, exist_ok=True)
    np.random.seed(SEED + 1)
    permutations = {str(n): np.random.permutation(n).tolist() for n in (3, 10)}
    np.random.seed(SEED + 1)
    permutations["consecutive_3_then_32"] = [np.random.permutation(3).tolist(), np.random.permutation(32).tolist()]
    with open(os.path.join(OUT, "permutations.json"), "w") as f:
        json.dump(permutations, f)
    similarity_references()

    model = keras_copy()
    x = np.load(os.path.join(MODEL, "reference", "evaluation", "images.npy"))[:COUNT]
    _, frozen = load_logits(MODEL)
    logits = model(x, training=False).numpy()
    print("Keras copy vs frozen graph logits, max |difference|:", np.abs(logits - frozen(tf.constant(x)).numpy()).max())
    targets = logits.argmax(axis=1).astype(np.int32)
    np.save(os.path.join(OUT, "images.npy"), x)
    np.save(os.path.join(OUT, "targets.npy"), targets)

    # Quantus 0.6.0 clones the model with keras.models.clone_model, which makes new layers with fresh
    # initial weights, and restores the trained weights only in the independent order: its cascading
    # ("top_down") models hold Keras's random initialization in every layer from the first step on (and
    # differ from run to run). Fixed here by cloning with the weights, so that the cascade starts from the
    # trained model as Adebayo et al. describe it.
    tf_model = quantus.helpers.model.tf_model
    unpatched = next(tf_model.TensorFlowModel(model=model, channel_first=False, softmax=False).get_random_layer_generator(order="top_down", seed=SEED))[1]
    print("Quantus's own first cascading model keeps conv2d's trained kernel:",
          np.array_equal(unpatched.get_layer("conv2d").get_weights()[0], model.get_layer("conv2d").get_weights()[0]))

    def clone_with_weights(source):
        copy = keras.models.clone_model(source)
        copy.set_weights(source.get_weights())
        return copy

    tf_model.clone_model = clone_with_weights
    wrapped = tf_model.TensorFlowModel(model=model, channel_first=False, softmax=False)
    layers = []
    for name, randomized in wrapped.get_random_layer_generator(order="top_down", seed=SEED):
        weights = randomized.get_layer(name).get_weights()
        for k, (w, trained) in enumerate(zip(weights, model.get_layer(name).get_weights())):
            np.save(os.path.join(OUT, f"permutation_{name}_{k}.npy"), rows_order(w, trained))
        layers.append({"layer": name, "shapes": [list(w.shape) for w in weights]})
    with open(os.path.join(OUT, "layers.json"), "w") as f:
        json.dump(layers, f, indent=1)

    steps = {}
    for method, explain in (("saliency", saliency), ("integrated_gradients", integrated_gradients)):
        a = explain(model, x, targets)
        for mode in ("top_down", "independent"):
            for absolute, suffix in ((True, "spearman_abs"), (False, "spearman")):
                scores = quantus.ModelParameterRandomisation(similarity_func=quantus.similarity_func.correlation_spearman, layer_order=mode, seed=SEED,
                                                             abs=absolute, normalise=True, disable_warnings=True, display_progressbar=False)(
                    model=model, x_batch=x, y_batch=targets, a_batch=a, explain_func=explain, channel_first=False, softmax=False, batch_size=COUNT)
                name = "cascading" if mode == "top_down" else mode
                steps[name] = list(scores)
                table = np.array([scores[key] for key in scores], np.float32)
                np.save(os.path.join(OUT, f"{method}_{name}_{suffix}.npy"), table)
                print(method, mode, suffix, "mean per step", np.round(np.nanmean(table.astype(np.float64), axis=1), 4).tolist())
    with open(os.path.join(OUT, "steps.json"), "w") as f:
        json.dump(steps, f, indent=1)


if __name__ == "__main__":
    main()
