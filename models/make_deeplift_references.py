#!/usr/bin/env python3
"""Peer reference numbers for DeepLIFT (rescale rule), computed with Captum's DeepLift (PyTorch).

Independent of ij-xai and of TensorFlow's autodiff: the PyTorch copy of models/fashion_mnist_cnn
built by models/make_lrp_references.py (weights read from the SavedModel's variables, checked
against the TensorFlow logits there and again here) is explained with captum.attr.DeepLift
(rescale rule; ReLU and MaxPool2d get Captum's nonlinear and maxpool rules, Conv2d, BatchNorm2d
(eval), Flatten and Linear the plain gradient; eps 1e-10). Captum's backward hooks go wrong where
two hooked modules follow each other directly (ReLU then MaxPool2d: Σ attributions then misses
S(x) − S(x0) by up to 14 here, and by 0.1-0.4 on a random conv-ReLU-pool net), so a module computing
x * 1 separates them: the same function, and summation-to-delta holds to rounding. Run from the
repository root:

    pip install torch zennit captum   # CPU wheels are enough (used: torch 2.15, captum 0.9.0)
    TF_CPP_MIN_LOG_LEVEL=2 python3 models/make_deeplift_references.py

x = reference/input.npy [4,28,28,1], t = reference/target.npy, S_n = the pre-softmax logit of t_n.
Three baselines, as ij-xai's `baseline` option makes them:
    zero    x0 = 0
    white   x0 = the image's largest value, everywhere (one channel)
    image   x0 = the next reference image, x[(n + 1) % 4] (ij-xai: baseline=image with that stack)
Files written to models/fashion_mnist_cnn/reference/ (computed in float64, stored float32):
    deeplift_zero.npy, deeplift_white.npy, deeplift_image.npy   (x − x0) · multipliers, NHWC [4,28,28,1]
    deeplift_delta.csv   per baseline and sample: S(x), S(x0), Σ attributions, Captum's convergence delta

Also the hand-made fixture models/relu_unit, whose DeepLIFT answer is known in closed form:
input [N,2,2,1], output "scores" [N,2] = [relu(w·x + b), 0] with w = (1, 2, 3, 4) (row-major), b = -1,
no softmax. With the zero baseline, z = w·x + b and z0 = b, DeepLIFT gives
w_i x_i (relu(z) − relu(z0)) / (z − z0), the gradient w_i x_i where z > 0: at x = 0.5 everywhere z = 4,
so DeepLIFT is 0.8 w_i x_i = (0.4, 0.8, 1.2, 1.6), gradient × input (0.5, 1, 1.5, 2).
"""
import csv
import os
import warnings
from collections import OrderedDict

import numpy as np
# torch (via make_lrp_references) before tensorflow: see the note there
from make_lrp_references import DTYPE, MODEL, REF, build_torch, load_tf, to_nhwc32
from captum.attr import DeepLift
from make_models import fresh_dir
import torch


class Copy(torch.nn.Module):
    """x * 1: a tensor of its own between two modules Captum hooks."""
    def forward(self, x):
        return x * 1.0


def separated(model):
    """The model with a Copy between every nonlinearity and the max pooling after it."""
    hooked = (torch.nn.ReLU, torch.nn.MaxPool2d)
    layers, previous = [], None
    for name, layer in model.named_children():
        if isinstance(layer, hooked) and isinstance(previous, hooked):
            layers.append((name + "_copy", Copy()))
        layers.append((name, layer))
        previous = layer
    return torch.nn.Sequential(OrderedDict(layers)).eval()


def baselines(x):
    return {
        "zero": np.zeros_like(x),
        "white": np.broadcast_to(x.reshape(len(x), -1).max(axis=1)[:, None, None, None], x.shape).copy(),
        "image": np.roll(x, -1, axis=0),
    }


def relu_unit():
    """models/relu_unit: [N,2,2,1] -> scores [N,2] = [relu(w·x + b), 0], a Keras Flatten and Dense(relu)."""
    import tensorflow as tf
    import tf_keras as keras

    image = keras.Input((2, 2, 1), name="image")
    unit = keras.layers.Dense(2, activation="relu", name="unit")(keras.layers.Flatten()(image))
    model = keras.Model(image, unit)
    model.get_layer("unit").set_weights([np.array([[1, 0], [2, 0], [3, 0], [4, 0]], np.float32), np.array([-1, 0], np.float32)])
    path = fresh_dir("relu_unit")
    tf.saved_model.save(model, path)
    with open(os.path.join(path, "labels.txt"), "w") as f:
        f.write("unit\nzero\n")
    print("relu_unit at x = 0.5:", model(np.full((1, 2, 2, 1), 0.5, np.float32)).numpy())


def main():
    relu_unit()
    x = np.load(os.path.join(REF, "input.npy")).astype(np.float32)
    target = np.load(os.path.join(REF, "target.npy")).astype(np.int64)
    weights, eps, tf_logits = load_tf(MODEL)
    model = separated(build_torch(weights, eps))
    with_logits = lambda a: model(torch_from(a)).detach().numpy()  # noqa: E731
    err = np.abs(with_logits(x) - tf_logits(x)).max() / np.abs(tf_logits(x)).max()
    assert err < 1e-4, f"torch model does not reproduce the SavedModel (relative {err:.3e})"
    rows = []
    for name, x0 in baselines(x).items():
        warnings.filterwarnings("ignore", message="Setting forward, backward hooks")
        attribution, delta = DeepLift(model, eps=1e-10).attribute(torch_from(x), torch_from(x0), target=torch_from_target(target),
                                                                  return_convergence_delta=True)
        maps = to_nhwc32(attribution.detach())
        np.save(os.path.join(REF, f"deeplift_{name}.npy"), maps)
        scores = with_logits(x)[np.arange(len(x)), target]
        baseline_scores = with_logits(x0)[np.arange(len(x)), target]
        sums = attribution.detach().numpy().reshape(len(x), -1).sum(axis=1)
        for n in range(len(x)):
            rows.append([name, n, f"{scores[n]:.9g}", f"{baseline_scores[n]:.9g}", f"{sums[n]:.9g}", f"{float(delta[n]):.3g}"])
            print(f"{name:6s} sample {n}: S(x) {scores[n]:+.6f}  S(x0) {baseline_scores[n]:+.6f}  sum {sums[n]:+.6f}  "
                  f"delta {float(delta[n]):+.2e}")
    with open(os.path.join(REF, "deeplift_delta.csv"), "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["baseline", "sample", "score", "baseline_score", "sum", "captum_delta"])
        writer.writerows(rows)


def torch_from(a):
    return torch.from_numpy(np.ascontiguousarray(a)).permute(0, 3, 1, 2).to(DTYPE).requires_grad_()


def torch_from_target(target):
    return torch.from_numpy(target)


if __name__ == "__main__":
    main()
