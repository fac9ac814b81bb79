#!/usr/bin/env python3
"""Independent TensorFlow references for region targets on dense models (issue 17), and the
hand-built `dense_identity` fixture. Works from the committed SavedModels alone, never from ij-xai:
the serving signature is frozen and differentiated with tf.compat.v1.gradients, the region's
weights made here in numpy. Run from the repository root, after make_models.py:

    TF_CPP_MIN_LOG_LEVEL=2 python3 models/make_region_references.py

Notation: x = reference/input.npy [N,H,W,C]; L = the input of the final Softmax/Sigmoid (or the
output itself, for linear outputs); M = the region's weights on the output grid [h,w] (1 inside
the rectangle x=4, y=6, w=10, h=8 of the input; for an output at half resolution the mean over
each 2x2 block, here 0 or 1); t = the channel TARGETS names. S(x) = sum_n sum_ij M_ij L[n,i,j,t].
Files added to `<model>/reference/`:
    region_saliency.npy      dS/dx                                                   [N,H,W,C]
    region_ig.npy            Integrated Gradients, zero baseline, right Riemann sum of 16 steps:
                             x * 1/16 sum_{k=1..16} dS/dx (k/16 x)                      [N,H,W,C]
    region_smoothgrad.npy    mean of dS/dx over 8 noisy copies, as make_references.py (noise 0.15,
                             java.util.Random(42) per slice)                             [N,H,W,C]
    region_logsoftmax.npy    dS/dx with log_softmax(L) in place of L (unet_softmax3)     [N,H,W,C]
    region_segcam.npy        Seg-Grad-CAM at the bottleneck B (layer "enc2"): relu(sum_k w_k A_k),
                             A = B's output, w_k = mean_ij dS/dA_kij (U-Nets)          [N,h',w']
    region_labels.png        a label image of the input's size: 1 = the rectangle above, 2 = the
                             rectangle x=16, y=16, w=8, h=8 (for `--region FILE`)
dense_identity: input [N,8,8,1], output "doubled" [N,8,8,1] = 2x, no activation; reference/ as in
make_models.py (the whole-image score sum 2x).
"""
import os

import numpy as np
import tensorflow as tf
from PIL import Image

from make_models import ROOT, SEED, fresh_dir, save_reference
from make_references import SG_NOISE, SG_SAMPLES, SG_SEED, freeze, java_gaussians, save

RECTANGLE = (4, 6, 10, 8)  # x, y, w, h in input pixels
SECOND = (16, 16, 8, 8)
TARGETS = {"unet_small": 0, "unet_softmax3": 1, "denoiser_small": 0, "half_resolution": 1}
BOTTLENECK = {"unet_small": "enc2", "unet_softmax3": "enc2"}
IG_STEPS = 16


def rectangle_mask(height, width, rectangle):
    x, y, w, h = rectangle
    mask = np.zeros((height, width), np.float64)
    mask[y:y + h, x:x + w] = 1
    return mask


def on_output(mask, out_height, out_width):
    """The input-grid weights on the output grid: the mean of each scale x scale block."""
    scale = mask.shape[0] // out_height
    return mask.reshape(out_height, scale, out_width, scale).mean(axis=(1, 3))


class RegionGraph:
    """The frozen serving graph with S = sum(seed * score tensor) and its gradients."""

    def __init__(self, path, log_softmax=False, layer=None):
        graph_def, input_name, output_name = freeze(path)
        self.graph = tf.Graph()
        with self.graph.as_default():
            tf.import_graph_def(graph_def, name="")
            imported = self.graph.get_operations()
            self.x = self.graph.get_tensor_by_name(input_name)
            op = (output := self.graph.get_tensor_by_name(output_name)).op
            while op.type == "Identity":
                op = op.inputs[0].op
            logits = op.inputs[0] if op.type in ("Softmax", "Sigmoid") else output
            self.shape = logits.shape
            values = tf.nn.log_softmax(logits) if log_softmax else logits
            self.seed = tf.compat.v1.placeholder(tf.float32, [None] + logits.shape[1:].as_list())
            total = tf.reduce_sum(self.seed * values)
            self.gradient = tf.compat.v1.gradients(total, self.x)[0]
            if layer:
                ops = [o for o in imported if layer in o.name.split("/") and o.type != "Const"]
                self.activations = ops[-1].outputs[0]
                self.layer_gradient = tf.compat.v1.gradients(total, self.activations)[0]
        self.session = tf.compat.v1.Session(graph=self.graph)

    def seeds(self, weights, channel, count):
        seed = np.zeros([count] + self.shape[1:].as_list(), np.float32)
        seed[..., channel] = weights
        return seed

    def run(self, fetches, x, seed):
        return self.session.run(fetches, {self.x: x, self.seed: seed})


def references(name):
    path = os.path.join(ROOT, name)
    ref = os.path.join(path, "reference")
    x = np.load(os.path.join(ref, "input.npy"))
    n, height, width = x.shape[:3]
    graph = RegionGraph(path, layer=BOTTLENECK.get(name))
    out_height, out_width = graph.shape[1], graph.shape[2]
    weights = on_output(rectangle_mask(height, width, RECTANGLE), out_height, out_width)
    seed = graph.seeds(weights, TARGETS[name], n)
    print(f"{name}: output {out_height}x{out_width}, channel {TARGETS[name]}, region weight {weights.sum()}")
    save(ref, "region_saliency", graph.run(graph.gradient, x, seed))
    integral = sum(graph.run(graph.gradient, (k / IG_STEPS * x).astype(np.float32), seed).astype(np.float64)
                   for k in range(1, IG_STEPS + 1)) / IG_STEPS
    save(ref, "region_ig", x * integral)
    z = java_gaussians(SG_SEED, SG_SAMPLES * x[0].size).reshape(SG_SAMPLES, *x.shape[1:])
    means = []
    for i in range(n):
        sigma = np.float32(SG_NOISE * (float(x[i].max()) - float(x[i].min())))
        noisy = x[i][None] + (np.float64(sigma) * z).astype(np.float32)
        means.append(graph.run(graph.gradient, noisy, np.repeat(seed[i:i + 1], SG_SAMPLES, 0)).astype(np.float64).mean(axis=0))
    save(ref, "region_smoothgrad", np.array(means))
    if name in BOTTLENECK:
        A, g = graph.run([graph.activations, graph.layer_gradient], x, seed)
        save(ref, "region_segcam", np.maximum(np.einsum("nijk,nk->nij", A, g.mean(axis=(1, 2))), 0))
    if name == "unet_softmax3":
        softmax = RegionGraph(path, log_softmax=True)
        save(ref, "region_logsoftmax", softmax.run(softmax.gradient, x, seed))
    labels = (rectangle_mask(height, width, RECTANGLE) + 2 * rectangle_mask(height, width, SECOND)).astype(np.uint8)
    Image.fromarray(labels).save(os.path.join(ref, "region_labels.png"))


def dense_identity():
    """[N,8,8,1] -> [N,8,8,1] = 2x: occlusion's region drop is known by hand."""

    class Doubled(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([None, 8, 8, 1], tf.float32, name="image")])
        def serve(self, image):
            return {"doubled": 2 * image}

    module = Doubled()
    path = fresh_dir("dense_identity")
    tf.saved_model.save(module, path, signatures={"serving_default": module.serve})
    inputs = np.random.default_rng(SEED).uniform(0.5, 1.0, (2, 8, 8, 1)).astype(np.float32)
    outputs = 2 * inputs
    save_reference(path, inputs, outputs, np.zeros(2, np.int32), outputs.sum(axis=(1, 2, 3)), np.full_like(inputs, 2))


def main():
    for name in TARGETS:
        references(name)
    dense_identity()


if __name__ == "__main__":
    main()
