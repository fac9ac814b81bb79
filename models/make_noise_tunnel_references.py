#!/usr/bin/env python3
"""Peer reference numbers for the noise tunnel (smoothing=smoothgrad|squared|vargrad), computed with
Captum 0.9.0's NoiseTunnel (PyTorch) on the PyTorch copy of models/fashion_mnist_cnn.

The torch model is the one models/make_lrp_references.py builds from the SavedModel's variables
(checked against the TensorFlow logits there and here). The noise is ij-xai's, made independently
of ij-xai: z = new java.util.Random(SEED).nextGaussian() per slice (make_references.JavaRandom, bit
for bit), copy s of slice n = float32(x_n + float32(sigma_n * z_s)) with sigma_n =
float32(NOISE * float32(max x_n - min x_n)), as Java computes it. The copies are committed
(noise_tunnel_copies.npy) and fed to Captum: its noise draw (torch.normal in
captum/attr/_core/noise_tunnel.py) is replaced by copies - x, so Captum's noisy inputs are these
copies exactly. Captum's stdevs would be NOISE * (max x_n - min x_n), absolute.
Run from the repository root:

    pip install torch captum        # CPU wheels are enough (used: torch 2.15, captum 0.9.0)
    TF_CPP_MIN_LOG_LEVEL=2 python3 models/make_noise_tunnel_references.py

Notation: x = reference/input.npy [4,28,28,1]; t = reference/target.npy; S = the pre-softmax logit
of t; a_s = the method's attribution of copy s; every copy is explained for t. NoiseTunnel types:
smoothgrad = mean_s a_s, smoothgrad_sq = mean_s a_s^2, vargrad = mean_s a_s^2 - (mean_s a_s)^2.
Computed in float64, stored float32 NHWC, in models/fashion_mnist_cnn/reference/:
    noise_tunnel_copies.npy          the noisy copies, slice-major (copy s of slice n at n*SAMPLES + s)  [16,28,28,1]
    nt_ig_smoothgrad.npy             IntegratedGradients(method="gausslegendre", n_steps=16, baselines=0), smoothgrad
    nt_ig_vargrad.npy                the same, vargrad
    nt_gradxinput_squared.npy        InputXGradient, smoothgrad_sq
    nt_guided_vargrad.npy            GuidedBackprop, vargrad
    nt_gradcam_smoothgrad.npy        LayerGradCam(conv2d_3 after its ReLU, relu_attributions=True), smoothgrad  [4,14,14,1]
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# make_lrp_references imports torch before tensorflow (the other order aborts)
from make_lrp_references import DTYPE, MODEL, REF, build_torch, load_tf  # noqa: E402
import torch  # noqa: E402
import captum  # noqa: E402
import captum.attr._core.noise_tunnel as noise_tunnel  # noqa: E402
from captum.attr import GuidedBackprop, InputXGradient, IntegratedGradients, LayerGradCam, NoiseTunnel  # noqa: E402
from make_references import java_gaussians  # noqa: E402

NOISE, SAMPLES, SEED = 0.15, 4, 5


def noisy_copies(x):
    """ij-xai's copies, as Java makes them (see the module docstring)."""
    z = java_gaussians(SEED, SAMPLES * x[0].size).reshape(SAMPLES, *x.shape[1:])
    copies = []
    for n in range(len(x)):
        sigma = np.float32(NOISE * float(x[n].max() - x[n].min()))  # the range in float32, as Java subtracts
        copies.append(x[n][None] + (np.float64(sigma) * z).astype(np.float32))
    return np.concatenate(copies).astype(np.float32)


class FedNoise:
    """Replaces Captum's torch.normal draw by copies - x (x repeated as NoiseTunnel repeats it)."""

    def __init__(self, noise):
        self.noise = noise

    def __enter__(self):
        self.saved = noise_tunnel.torch.normal
        noise_tunnel.torch.normal = self.draw
        return self

    def draw(self, mean, std):
        assert tuple(std.shape) == tuple(self.noise.shape), (std.shape, self.noise.shape)
        return self.noise

    def __exit__(self, *exc):
        noise_tunnel.torch.normal = self.saved


def to_nhwc32(t):
    return t.detach().permute(0, 2, 3, 1).numpy().astype(np.float32)


def main():
    assert captum.__version__ == "0.9.0", captum.__version__
    torch.set_grad_enabled(True)
    x = np.load(os.path.join(REF, "input.npy")).astype(np.float32)
    target = torch.from_numpy(np.load(os.path.join(REF, "target.npy")).astype(np.int64))
    weights, eps, tf_logits = load_tf(MODEL)
    model = build_torch(weights, eps)
    xt = torch.from_numpy(x).permute(0, 3, 1, 2).to(DTYPE)
    with torch.no_grad():
        err = np.abs(model(xt).numpy() - tf_logits(x)).max() / np.abs(tf_logits(x)).max()
    print(f"torch vs TF logits: relative (to max |logit|) {err:.3e}")
    assert err < 1e-4, "torch model does not reproduce the SavedModel"

    copies = noisy_copies(x)
    np.save(os.path.join(REF, "noise_tunnel_copies.npy"), copies)
    copies_t = torch.from_numpy(copies).permute(0, 3, 1, 2).to(DTYPE)
    noise = copies_t - xt.repeat_interleave(SAMPLES, dim=0)  # exact: x + (c - x) == c for these floats
    assert torch.equal(xt.repeat_interleave(SAMPLES, dim=0) + noise, copies_t)

    cases = {
        "nt_ig_smoothgrad": (IntegratedGradients(model), "smoothgrad", dict(method="gausslegendre", n_steps=16, baselines=0.0)),
        "nt_ig_vargrad": (IntegratedGradients(model), "vargrad", dict(method="gausslegendre", n_steps=16, baselines=0.0)),
        "nt_gradxinput_squared": (InputXGradient(model), "smoothgrad_sq", {}),
        "nt_guided_vargrad": (GuidedBackprop(model), "vargrad", {}),
        "nt_gradcam_smoothgrad": (LayerGradCam(model, model.conv2d_3_relu), "smoothgrad", dict(relu_attributions=True)),
    }
    for name, (method, kind, options) in cases.items():
        with FedNoise(noise):
            attributions = NoiseTunnel(method).attribute(xt.clone(), nt_type=kind, nt_samples=SAMPLES, stdevs=1.0, target=target, **options)
        result = to_nhwc32(attributions)
        np.save(os.path.join(REF, name + ".npy"), result)
        print(f"  {name + '.npy':28s} {str(result.shape):16s} min {result.min():+.6g}  max {result.max():+.6g}")


if __name__ == "__main__":
    main()
