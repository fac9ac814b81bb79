#!/usr/bin/env python3
"""Independent TensorFlow reference numbers for the attribution methods of ij-xai.

Works from the committed SavedModel alone, never from ij-xai: the serving_default signature is
frozen (convert_variables_to_constants_v2), imported into a fresh tf.Graph and differentiated
with tf.compat.v1.gradients in a Session. Also builds the hand-made `quadrant_sum` fixture.
Run from the repository root, after make_models.py:

    TF_CPP_MIN_LOG_LEVEL=2 python3 models/make_references.py
    TF_CPP_MIN_LOG_LEVEL=2 python3 models/make_references.py --only resnet_small

Notation: x = reference/input.npy [N,H,W,C]; logits = the input of the final Softmax/Sigmoid
(or the output itself); S(x) = sum_n logits[n, target[n]] with target = reference/target.npy,
kept fixed for every perturbed input. A = output of Keras layer L, g = dS/dA. All float32.
Files added to `<model>/reference/`:
    activations_<L>.npy        A                                    [N,h,w,k]
    gradcam_<L>.npy            relu(sum_k w_k A_k), w_k = mean_ij g_kij  (no normalization)   [N,h,w]
    gradcampp_<L>.npy          Grad-CAM++ closed form without exp(S): a_kij = g^2 / (2 g^2 +
                               sum_ab A_kab g^3) (0 where the denominator is 0),
                               w_k = sum_ij a_kij relu(g_kij), map relu(sum_k w_k A_k)   [N,h,w]
                               (a is not renormalized by sum_ij a, unlike the authors' code)
    guided.npy                 dS/dx, every Relu backward g*(x>0)*(g>0), Relu6 g*(0<x<6)*(g>0)
    deconvnet.npy              dS/dx, every Relu and Relu6 backward max(g, 0)
    ig_zero_riemann64.npy      Integrated Gradients, zero baseline: x * 1/64 sum_{k=1..64} grad S(k/64 x)
    ig_zero_gausslegendre16.npy  the same integral by 16-node Gauss-Legendre quadrature on [0,1]
    smoothgrad.npy             mean_s g_s over 8 samples, g_s = dS/dx at x_n + float32(sigma * z_s),
                               sigma = 0.15 (max x_n - min x_n) in float64, z = new java.util.Random(42)
                               .nextGaussian() per slice n, NHWC order (channels fastest)
    ce_gradient.npy            d/dx of the cross-entropy loss of the target class, sum_n -log softmax(logits_n)[t_n]
                               (the gradient FGSM steps along)   [N,H,W,C]
    smoothgrad_squared.npy     mean_s g_s^2
    vargrad.npy                mean_s g_s^2 - (mean_s g_s)^2
(guided .. vargrad are [N,H,W,C].)

quadrant_sum: input [N,8,8,1], output "scores" [N,2] = [sum of the top-left 4x4 quadrant,
0.5 * sum of the bottom-right 4x4 quadrant], no softmax; reference/ as in make_models.py.
"""
import argparse
import math
import os
import struct

import numpy as np
import tensorflow as tf
from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2

from make_models import ROOT, SEED, fresh_dir, save_reference

LAYERS = {"fashion_mnist_cnn": ["conv2d_3", "dropout"], "resnet_small": ["block1_out"],
          "mobilenetv2_small": ["out_relu"]}
IG_STEPS, GL_NODES = 64, 16
SG_SAMPLES, SG_NOISE, SG_SEED = 8, 0.15, 42
JAVA_GAUSSIANS_42 = [1.1419053154730547, 0.9194079489827879, -0.9498666368908959]


# ---------------------------------------------------------------- java.util.Random

class JavaRandom:
    """java.util.Random bit for bit: the 48-bit LCG, nextDouble and the polar nextGaussian."""
    MULTIPLIER, ADDEND, MASK = 0x5DEECE66D, 0xB, (1 << 48) - 1

    def __init__(self, seed):
        self.seed = (seed ^ self.MULTIPLIER) & self.MASK
        self.next_next_gaussian = None

    def next(self, bits):
        self.seed = (self.seed * self.MULTIPLIER + self.ADDEND) & self.MASK
        value = self.seed >> (48 - bits)
        return value - (1 << 32) if value >= 1 << 31 else value  # as a signed 32-bit int

    def next_double(self):
        return ((self.next(26) << 27) + self.next(27)) * 2.0 ** -53

    def next_gaussian(self):
        if self.next_next_gaussian is not None:
            value, self.next_next_gaussian = self.next_next_gaussian, None
            return value
        while True:
            v1, v2 = 2 * self.next_double() - 1, 2 * self.next_double() - 1
            s = v1 * v1 + v2 * v2
            if 0 < s < 1:
                break
        multiplier = math.sqrt(-2 * strict_log(s) / s)  # sqrt is exact in both
        self.next_next_gaussian = v2 * multiplier
        return v1 * multiplier


LG = [6.666666666666735130e-01, 3.999999999940941908e-01, 2.857142874366239149e-01, 2.222219843214978396e-01,
      1.818357216161805012e-01, 1.531383769920937332e-01, 1.479819860511658591e-01]
LN2_HI, LN2_LO = 6.93147180369123816490e-01, 1.90821492927058770002e-10


def strict_log(x):
    """StrictMath.log: fdlibm's __ieee754_log (glibc's math.log differs in the last bit at times).
    Only for the normal positive numbers nextGaussian feeds it."""
    bits = struct.unpack("<q", struct.pack("<d", x))[0]
    hx, lx = bits >> 32, bits & 0xFFFFFFFF
    assert 0x00100000 <= hx < 0x7FF00000, x
    k = (hx >> 20) - 1023
    hx &= 0x000FFFFF
    i = (hx + 0x95F64) & 0x100000
    x = struct.unpack("<d", struct.pack("<q", ((hx | (i ^ 0x3FF00000)) << 32) | lx))[0]  # x or x/2 in [sqrt2/2, sqrt2)
    k += i >> 20
    f, dk = x - 1.0, float(k)
    if (0x000FFFFF & (2 + hx)) < 3:  # |f| < 2**-20
        if f == 0:
            return 0.0 if k == 0 else dk * LN2_HI + dk * LN2_LO
        r = f * f * (0.5 - 0.33333333333333333 * f)
        return f - r if k == 0 else dk * LN2_HI - ((r - dk * LN2_LO) - f)
    s = f / (2.0 + f)
    z = s * s
    w = z * z
    r = z * (LG[0] + w * (LG[2] + w * (LG[4] + w * LG[6]))) + w * (LG[1] + w * (LG[3] + w * LG[5]))
    if ((hx - 0x6147A) | (0x6B851 - hx)) > 0:
        hfsq = 0.5 * f * f
        return f - (hfsq - s * (hfsq + r)) if k == 0 else dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f)
    return f - s * (f - r) if k == 0 else dk * LN2_HI - ((s * (f - r) - dk * LN2_LO) - f)


def java_gaussians(seed, count):
    rnd = JavaRandom(seed)
    return np.array([rnd.next_gaussian() for _ in range(count)], np.float64)


# ---------------------------------------------------------------- the frozen graph

@tf.RegisterGradient("GuidedRelu")
def _guided_relu(op, grad):
    return grad * tf.cast((op.inputs[0] > 0) & (grad > 0), grad.dtype)


@tf.RegisterGradient("GuidedRelu6")
def _guided_relu6(op, grad):
    return grad * tf.cast((op.inputs[0] > 0) & (op.inputs[0] < 6) & (grad > 0), grad.dtype)


@tf.RegisterGradient("DeconvRelu")
def _deconv_relu(op, grad):
    return tf.nn.relu(grad)


OVERRIDES = {None: {}, "guided": {"Relu": "GuidedRelu", "Relu6": "GuidedRelu6"},
             "deconvnet": {"Relu": "DeconvRelu", "Relu6": "DeconvRelu"}}


def freeze(path):
    loaded = tf.saved_model.load(path)  # must outlive the conversion: the function reads its variables
    frozen = convert_variables_to_constants_v2(loaded.signatures["serving_default"])
    assert len(frozen.inputs) == 1 and len(frozen.outputs) == 1, (frozen.inputs, frozen.outputs)
    return frozen.graph.as_graph_def(), frozen.inputs[0].name, frozen.outputs[0].name


class FrozenModel:
    """The frozen serving graph in its own tf.Graph; `backward` picks the Relu/Relu6 gradient."""

    def __init__(self, frozen, backward=None, batch=256):
        graph_def, input_name, output_name = frozen
        self.graph, self.batch = tf.Graph(), batch
        with self.graph.as_default():
            with self.graph.gradient_override_map(OVERRIDES[backward]):
                tf.import_graph_def(graph_def, name="")
            self.imported = self.graph.get_operations()  # in topological order, before any gradient op
            self.x = self.graph.get_tensor_by_name(input_name)
            op = (output := self.graph.get_tensor_by_name(output_name)).op
            while op.type == "Identity":
                op = op.inputs[0].op
            self.logits = op.inputs[0] if op.type in ("Softmax", "Sigmoid") else output
            self.target = tf.compat.v1.placeholder(tf.int32, [None], name="target")
            self.scores = tf.gather(self.logits, self.target, batch_dims=1)
            self.total = tf.reduce_sum(self.scores)
            self.gradient = tf.compat.v1.gradients(self.total, self.x)[0]
            loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=self.target, logits=self.logits)
            self.loss_gradient = tf.compat.v1.gradients(tf.reduce_sum(loss), self.x)[0]
        self.session = tf.compat.v1.Session(graph=self.graph)

    def layer(self, name):
        """Output of Keras layer `name`: the last non-Const op (topological order) of its scope."""
        ops = [op for op in self.imported if name in op.name.split("/") and op.type != "Const"]
        tensor = ops[-1].outputs[0]
        with self.graph.as_default():
            return tensor, tf.compat.v1.gradients(self.total, tensor)[0]

    def run(self, fetches, x, target):
        return self.session.run(fetches, {self.x: x, self.target: np.asarray(target, np.int32)})

    def gradients(self, x, target):
        """dS/dx for a large batch, in chunks (every sample's score depends on itself only)."""
        return np.concatenate([self.run(self.gradient, x[i:i + self.batch], target[i:i + self.batch])
                               for i in range(0, len(x), self.batch)])


# ---------------------------------------------------------------- the methods

def grad_cam(A, g):
    return np.maximum(np.einsum("nijk,nk->nij", A, g.mean(axis=(1, 2))), 0)


def grad_cam_pp(A, g):
    g2, g3 = g ** 2, g ** 3
    denominator = 2 * g2 + A.sum(axis=(1, 2), keepdims=True) * g3
    alpha = np.where(denominator != 0, g2 / np.where(denominator != 0, denominator, 1), 0)
    weights = (alpha * np.maximum(g, 0)).sum(axis=(1, 2))
    return np.maximum(np.einsum("nijk,nk->nij", A, weights), 0)


def integrated_gradients(model, x, target, alphas, weights):
    """Zero baseline: x * sum_i weights_i grad S(alphas_i x)."""
    points = alphas.astype(np.float32)[:, None, None, None, None] * x[None]
    grads = model.gradients(points.reshape(-1, *x.shape[1:]), np.tile(target, len(alphas)))
    return x * np.tensordot(weights, grads.reshape(len(alphas), *x.shape).astype(np.float64), axes=1)


def smooth_grad(model, x, target):
    """SmoothGrad, its squared variant and VarGrad; every slice restarts java.util.Random(42),
    so all slices see the same standard-normal draws (scaled by their own sigma)."""
    z = java_gaussians(SG_SEED, SG_SAMPLES * x[0].size).reshape(SG_SAMPLES, *x.shape[1:])
    means, squares = [], []
    for n in range(len(x)):
        sigma = SG_NOISE * (float(x[n].max()) - float(x[n].min()))
        noisy = x[n][None] + (sigma * z).astype(np.float32)
        g = model.gradients(noisy, np.full(SG_SAMPLES, target[n])).astype(np.float64)
        means.append(g.mean(axis=0))
        squares.append((g ** 2).mean(axis=0))
    means, squares = np.array(means), np.array(squares)
    return means, squares, squares - means ** 2


# ---------------------------------------------------------------- per model

def save(ref, name, array):
    array = np.asarray(array, np.float32)
    np.save(os.path.join(ref, name + ".npy"), array)
    print(f"  {name + '.npy':34s} {str(array.shape):18s} min {array.min():+.6g}  max {array.max():+.6g}")


def references(name):
    path = os.path.join(ROOT, name)
    ref = os.path.join(path, "reference")
    x, target = (np.load(os.path.join(ref, f"{file}.npy")) for file in ("input", "target"))
    model = FrozenModel(frozen := freeze(path))
    print(f"{name}: input {model.x.name}, logits {model.logits.name}")
    scores, gradient = model.run([model.scores, model.gradient], x, target)
    print(f"  vs make_models.py: score max|diff| {np.abs(scores - np.load(os.path.join(ref, 'score.npy'))).max():.3g}"
          f", gradient max|diff| {np.abs(gradient - np.load(os.path.join(ref, 'gradient.npy'))).max():.3g}")

    for layer in LAYERS[name]:
        tensor, d_tensor = model.layer(layer)
        print(f"  layer {layer}: {tensor.name} ({tensor.op.type})")
        A, g = (a.astype(np.float64) for a in model.run([tensor, d_tensor], x, target))
        save(ref, f"activations_{layer}", A)
        save(ref, f"gradcam_{layer}", grad_cam(A, g))
        save(ref, f"gradcampp_{layer}", grad_cam_pp(A, g))

    for backward in ("guided", "deconvnet"):
        modified = FrozenModel(frozen, backward)
        save(ref, backward, modified.run(modified.gradient, x, target))
        modified.session.close()

    s_x = model.run(model.scores, x, target).astype(np.float64)
    s_0 = model.run(model.scores, np.zeros_like(x), target).astype(np.float64)
    nodes, weights = np.polynomial.legendre.leggauss(GL_NODES)
    quadratures = {f"ig_zero_riemann{IG_STEPS}": (np.arange(1, IG_STEPS + 1) / IG_STEPS, np.full(IG_STEPS, 1 / IG_STEPS)),
                   f"ig_zero_gausslegendre{GL_NODES}": ((nodes + 1) / 2, weights / 2)}
    save(ref, "ce_gradient", model.run(model.loss_gradient, x, target))
    for file, (alphas, w) in quadratures.items():
        ig = integrated_gradients(model, x, target, alphas, w)
        save(ref, file, ig)
        gap = np.abs(ig.sum(axis=(1, 2, 3)) - (s_x - s_0)) / np.abs(s_x - s_0)
        print(f"    completeness gap per sample: {np.array2string(gap, precision=3)}  (S(x)-S(0) = "
              f"{np.array2string(s_x - s_0, precision=4)})")

    for file, array in zip(("smoothgrad", "smoothgrad_squared", "vargrad"), smooth_grad(model, x, target)):
        save(ref, file, array)
    model.session.close()


# ---------------------------------------------------------------- quadrant_sum fixture

def quadrant_sum():
    """[N,8,8,1] -> scores [N,2]: top-left quadrant sum, half the bottom-right quadrant sum."""

    class QuadrantSum(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([None, 8, 8, 1], tf.float32, name="image")])
        def serve(self, image):
            top_left = tf.reduce_sum(image[:, 0:4, 0:4, 0], axis=[1, 2])
            bottom_right = 0.5 * tf.reduce_sum(image[:, 4:8, 4:8, 0], axis=[1, 2])
            return {"scores": tf.stack([top_left, bottom_right], axis=1)}

    module = QuadrantSum()
    path = fresh_dir("quadrant_sum")
    tf.saved_model.save(module, path, signatures={"serving_default": module.serve})
    with open(os.path.join(path, "labels.txt"), "w") as f:
        f.write("top-left\nbottom-right\n")
    inputs = np.random.default_rng(SEED).uniform(0.5, 1.0, (4, 8, 8, 1)).astype(np.float32)
    x = tf.constant(inputs)
    with tf.GradientTape() as tape:
        tape.watch(x)
        outputs = module.serve(x)["scores"]
        targets = np.argmax(outputs.numpy(), axis=-1).astype(np.int32)
        scores = tf.gather(outputs, targets, batch_dims=1)
        total = tf.reduce_sum(scores)
    outputs = outputs.numpy()
    save_reference(path, inputs, outputs, targets, scores.numpy(), tape.gradient(total, x).numpy())
    print(f"quadrant_sum: outputs {np.array2string(outputs, precision=3)}, targets {targets}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="just this model (or quadrant_sum)")
    args = parser.parse_args()
    gaussians = java_gaussians(42, 3)
    assert list(gaussians) == JAVA_GAUSSIANS_42, gaussians
    print("java.util.Random(42).nextGaussian() x3:", *(repr(float(v)) for v in gaussians))
    if args.only in (None, "quadrant_sum"):
        quadrant_sum()
    for name in LAYERS:
        if args.only in (None, name):
            references(name)


if __name__ == "__main__":
    main()
