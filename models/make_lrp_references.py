#!/usr/bin/env python3
"""Peer reference numbers for Layer-wise Relevance Propagation (LRP), computed with Zennit (PyTorch).

Independent of ij-xai and of TensorFlow's autodiff: the weights of models/fashion_mnist_cnn are read
from the SavedModel's variables, copied into an equivalent torch.nn.Sequential (NCHW), checked
against the TensorFlow logits, and explained with Zennit. Run from the repository root:

    pip install torch zennit        # CPU wheels are enough (used: torch 2.15, zennit 0.5.1)
    TF_CPP_MIN_LOG_LEVEL=2 python3 models/make_lrp_references.py

Notation: x = reference/input.npy [4,28,28,1] (values ~[0,1]); t = reference/target.npy;
f(x) = the pre-softmax logits (input of the final Softmax); S_n = f(x_n)[t_n]. Every composite
starts from the output relevance R_out = one_hot(t) * f(x) (Zennit's attr_output) and every
composite uses the canonizer SequentialMergeBatchNorm (each BatchNorm folded into the
convolution before it: w' = w * gamma / sqrt(var + eps), b' = (b - mean) * gamma / sqrt(var + eps)
+ beta with b = 0 for the bias-free conv2d / conv2d_2; eps = 1e-3 from the graph), made exact
by ExactMergeBatchNorm below (Zennit's own leaves x / sqrt(1 + eps) behind: ~1e-3 relative change).
In all presets ReLU -> Pass (relevance passes unchanged), MaxPool2d and Flatten have no rule
(plain gradient: the relevance goes to the arg-max of each 2x2 window), BatchNorm -> Pass.
Files written to models/fashion_mnist_cnn/reference/, float32, input relevance NHWC [4,28,28,1]
unless stated (computed in float64, then rounded):
    lrp_scores.npy              S_n, the explained target logits                            [4]
    lrp_epsilonplus.npy         EpsilonPlus(): every Conv2d ZPlus(stabilizer=1e-6),
                                every Linear Epsilon(epsilon=1e-6)
    lrp_epsilonplusflat.npy     EpsilonPlusFlat(): first layer (conv2d) Flat(1e-6), other
                                Conv2d ZPlus(1e-6), Linear Epsilon(1e-6)
    lrp_epsilonalpha2beta1.npy  EpsilonAlpha2Beta1(): every Conv2d AlphaBeta(alpha=2, beta=1,
                                stabilizer=1e-6), Linear Epsilon(1e-6)
    lrp_epsilongammabox.npy     EpsilonGammaBox(low=0, high=1): first Conv2d (conv2d)
                                ZBox(low=0, high=1, stabilizer=1e-6), other Conv2d
                                Gamma(gamma=0.25, stabilizer=1e-6), Linear Epsilon(1e-6)
    lrp_epsilon.npy             Epsilon(epsilon=0.25) on every Conv2d and Linear
                                (plus Zennit's layer_map_base: activations Pass etc.)
    lrp_zero.npy                LRP-0: Epsilon(epsilon=1e-9) on every Conv2d and Linear
    lrp_gradxinput.npy          x * dS/dx (plain autograd, no composite), for comparison
"""
import os
from collections import OrderedDict

import numpy as np
# torch and zennit before tensorflow: the other order aborts here with "LLVM ERROR: inconsistency
# in registered CommandLine options" (two LLVM copies, from the torch wheel and from tensorflow).
import torch
from zennit.attribution import Gradient
from zennit.canonizers import SequentialMergeBatchNorm
from zennit.composites import (EpsilonAlpha2Beta1, EpsilonGammaBox, EpsilonPlus, EpsilonPlusFlat,
                               LayerMapComposite, layer_map_base)
from zennit.rules import Epsilon
import tensorflow as tf  # noqa: E402
from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2  # noqa: E402

ROOT = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(ROOT, "fashion_mnist_cnn")
REF = os.path.join(MODEL, "reference")
DTYPE = torch.float64  # computation precision; the stored files are float32


# ---------------------------------------------------------------- TensorFlow side

def load_tf(path):
    """Returns ({variable name: ndarray}, batch-norm epsilons by layer, logits function)."""
    module = tf.saved_model.load(path)
    weights = {v.name.split(":")[0]: v.numpy() for v in module.variables}
    frozen = convert_variables_to_constants_v2(module.signatures["serving_default"])
    nodes = frozen.graph.as_graph_def().node
    eps = {n.name.split("/")[-2]: n.attr["epsilon"].f for n in nodes if n.op == "FusedBatchNormV3"}
    softmax = [n for n in nodes if n.op == "Softmax"][-1]
    placeholder = [n for n in nodes if n.op == "Placeholder"][0]

    def logits(x):
        graph = tf.Graph()
        with graph.as_default():
            tf.compat.v1.import_graph_def(frozen.graph.as_graph_def(), name="")
            with tf.compat.v1.Session(graph=graph) as sess:
                return sess.run(softmax.input[0] + ":0", {placeholder.name + ":0": x})

    return weights, eps, logits


# ---------------------------------------------------------------- torch model

def conv(weights, name, cin, cout, bias):
    layer = torch.nn.Conv2d(cin, cout, 3, padding=1, bias=bias)  # Keras 'same', stride 1
    layer.weight.data = torch.from_numpy(weights[name + "/kernel"].transpose(3, 2, 0, 1).copy())  # HWIO->OIHW
    if bias:
        layer.bias.data = torch.from_numpy(weights[name + "/bias"])
    return layer


def batch_norm(weights, eps, name, channels):
    layer = torch.nn.BatchNorm2d(channels, eps=eps[name])
    layer.weight.data = torch.from_numpy(weights[name + "/gamma"])
    layer.bias.data = torch.from_numpy(weights[name + "/beta"])
    layer.running_mean.data = torch.from_numpy(weights[name + "/moving_mean"])
    layer.running_var.data = torch.from_numpy(weights[name + "/moving_variance"])
    return layer


def dense(weights, name, kernel=None):
    kernel = weights[name + "/kernel"] if kernel is None else kernel
    layer = torch.nn.Linear(*kernel.shape)
    layer.weight.data = torch.from_numpy(kernel.T.copy())
    layer.bias.data = torch.from_numpy(weights[name + "/bias"])
    return layer


def build_torch(weights, eps):
    """The Keras model without its final softmax and without the (inference-time identity) dropouts.
    Keras flattens NHWC, torch NCHW: the rows of the dense kernel are permuted from (h, w, c) to (c, h, w)
    order, so the torch model needs no permute module (and Zennit sees a plain Flatten)."""
    k = weights["dense/kernel"]  # [7*7*64, 64], rows in (h, w, c) order
    k = k.reshape(7, 7, 64, -1).transpose(2, 0, 1, 3).reshape(7 * 7 * 64, -1)
    model = torch.nn.Sequential(OrderedDict([
        ("conv2d", conv(weights, "conv2d", 1, 32, bias=False)),
        ("batch_normalization", batch_norm(weights, eps, "batch_normalization", 32)),
        ("re_lu", torch.nn.ReLU()),
        ("conv2d_1", conv(weights, "conv2d_1", 32, 32, bias=True)),
        ("conv2d_1_relu", torch.nn.ReLU()),
        ("max_pooling2d", torch.nn.MaxPool2d(2)),
        ("conv2d_2", conv(weights, "conv2d_2", 32, 64, bias=False)),
        ("batch_normalization_1", batch_norm(weights, eps, "batch_normalization_1", 64)),
        ("re_lu_1", torch.nn.ReLU()),
        ("conv2d_3", conv(weights, "conv2d_3", 64, 64, bias=True)),
        ("conv2d_3_relu", torch.nn.ReLU()),
        ("max_pooling2d_1", torch.nn.MaxPool2d(2)),
        ("flatten", torch.nn.Flatten()),
        ("dense", dense(weights, "dense", k)),
        ("dense_relu", torch.nn.ReLU()),
        ("dense_1", dense(weights, "dense_1")),
    ]))
    return model.to(DTYPE).eval()


# ---------------------------------------------------------------- LRP

class ExactMergeBatchNorm(SequentialMergeBatchNorm):
    """SequentialMergeBatchNorm, but the emptied BatchNorm is an exact identity. Zennit resets it to
    mean 0, var 1, gamma 1, beta 0 and keeps its eps, so it still computes x / sqrt(1 + eps): with
    Keras' eps = 1e-3 that scales every folded activation by 0.9995 (logits change by ~1e-3)."""
    def register(self, linears, batch_norm):
        self.eps = batch_norm.eps
        super().register(linears, batch_norm)
        batch_norm.eps = 0.0

    def remove(self):
        super().remove()
        self.batch_norm.eps = self.eps


def epsilon_everywhere(epsilon, canonizers):
    """Epsilon on every Conv2d and Linear, with Zennit's shared defaults for the other layers."""
    rule = Epsilon(epsilon=epsilon)
    return LayerMapComposite(layer_map_base() + [(torch.nn.Conv2d, rule), (torch.nn.Linear, rule)],
                             canonizers=canonizers)


def composites():
    canon = lambda: [ExactMergeBatchNorm()]  # noqa: E731  (a fresh canonizer per composite)
    return OrderedDict([
        ("lrp_epsilonplus", EpsilonPlus(canonizers=canon())),
        ("lrp_epsilonplusflat", EpsilonPlusFlat(canonizers=canon())),
        ("lrp_epsilonalpha2beta1", EpsilonAlpha2Beta1(canonizers=canon())),
        ("lrp_epsilongammabox", EpsilonGammaBox(low=0.0, high=1.0, canonizers=canon())),
        ("lrp_epsilon", epsilon_everywhere(0.25, canon())),
        ("lrp_zero", epsilon_everywhere(1e-9, canon())),
    ])


def attribute(model, x_nchw, target, composite):
    """Input relevance (NCHW) for R_out = one_hot(target) * logits; composite None: the plain
    gradient dS/dx (R_out = one_hot(target), the vector of the vector-Jacobian product)."""
    one_hot = torch.nn.functional.one_hot(target, 10).to(DTYPE)
    attr_output = (lambda out: one_hot) if composite is None else (lambda out: one_hot * out)
    with Gradient(model=model, composite=composite) as attributor:
        logits, relevance = attributor(x_nchw.clone(), attr_output)
    return logits.detach(), relevance.detach()


def to_nhwc32(t):
    return t.permute(0, 2, 3, 1).numpy().astype(np.float32)


def rel_l2(a, b):
    return float(np.linalg.norm(a - b) / np.linalg.norm(b))


def main():
    torch.set_grad_enabled(True)
    x = np.load(os.path.join(REF, "input.npy")).astype(np.float32)
    target = np.load(os.path.join(REF, "target.npy")).astype(np.int64)
    weights, eps, tf_logits = load_tf(MODEL)
    print("batch-norm epsilons:", eps)

    model = build_torch(weights, eps)
    xt = torch.from_numpy(x).permute(0, 3, 1, 2).to(DTYPE)
    with torch.no_grad():
        logits_torch = model(xt).numpy()
    logits_tf = tf_logits(x)
    err = np.abs(logits_torch - logits_tf).max() / np.abs(logits_tf).max()
    print(f"torch vs TF logits: max abs {np.abs(logits_torch - logits_tf).max():.3e}, "
          f"relative (to max |logit|) {err:.3e}")
    assert err < 1e-4, "torch model does not reproduce the SavedModel"

    tgt = torch.from_numpy(target)
    scores = logits_torch[np.arange(len(target)), target]
    np.save(os.path.join(REF, "lrp_scores.npy"), scores.astype(np.float32))
    print("target logits:", scores)

    _, grad = attribute(model, xt, tgt, None)
    gradxinput = to_nhwc32(grad * xt)
    np.save(os.path.join(REF, "lrp_gradxinput.npy"), gradxinput)
    results = {}
    for name, composite in composites().items():
        logits, relevance = attribute(model, xt, tgt, composite)
        assert np.allclose(logits.numpy(), logits_torch, rtol=1e-9, atol=1e-9), "canonizer changed logits"
        rel = to_nhwc32(relevance)
        results[name] = rel
        np.save(os.path.join(REF, name + ".npy"), rel)
        sums = rel.reshape(len(rel), -1).sum(axis=1)
        print(f"{name:24s} shape {rel.shape} range [{rel.min():+.4e}, {rel.max():+.4e}]")
        for n in range(len(rel)):
            print(f"    sample {n}: sum R = {sums[n]:+.6f}   logit = {scores[n]:+.6f}   "
                  f"ratio {sums[n] / scores[n]:.4f}")
    print(f"LRP-0 vs gradient x input: relative L2 {rel_l2(results['lrp_zero'], gradxinput):.3e}, "
          f"max abs {np.abs(results['lrp_zero'] - gradxinput).max():.3e}")


if __name__ == "__main__":
    main()
