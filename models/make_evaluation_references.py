#!/usr/bin/env python3
"""Peer reference numbers for the faithfulness metrics of ij-xai's `evaluate` tool (engine.evaluation),
computed with Quantus 0.6.0 and Captum 0.9.0 on models/fashion_mnist_cnn.

Run from the repository root:

    pip install quantus==0.6.0 torch zennit captum     # CPU is enough (used: torch 2.15)
    TF_CPP_MIN_LOG_LEVEL=2 python3 models/make_evaluation_references.py

Model: the SavedModel's weights copied into the PyTorch model of make_lrp_references.py (float32 here;
its logits are checked against TensorFlow's frozen graph below, max difference printed), because
Quantus and Captum take a torch.nn.Module (the SavedModel has no Keras metadata Quantus could load).
Quantus adds the softmax itself (softmax=True), as ij-xai's `prediction=probability`.
Images x: the first 16 of reference/attack_images.npy / 255 [16,28,28,1]; class t = the predicted one.
Maps a (float32 [16,28,28], one value per pixel), from TensorFlow (GradientTape on the frozen logits):
    saliency.npy             |dS/dx|, S = logit of t (ij-xai's saliency: max |.| over the one channel)
    integrated_gradients.npy (x - x0) * sum_i w_i dS/dx(x0 + a_i (x - x0)), x0 = min of the image
                             (baseline black), 64-node Gauss-Legendre a_i, w_i on [0,1]
Files in fashion_mnist_cnn/reference/evaluation/ (float32 unless said), per METHOD in saliency,
integrated_gradients:
    images.npy, targets.npy (int32)
    METHOD_pixel_flipping.npy     Quantus PixelFlipping(features_in_step=28, perturb_baseline="black",
                                  abs=False, normalise=False): the probability of t after each of the 28
                                  steps [16,28] (28 pixels of highest a per step, replaced by min x)
    METHOD_region4.npy            Quantus RegionPerturbation(patch_size=4, regions_evaluation=49,
                                  order="morf", same baseline): f(x) - f(x after k patches) [16,49]
    METHOD_region8.npy            the same with patch_size=8 (padded to 32: a centred 4x4 grid with
                                  partial patches at the edges), regions_evaluation=16 [16,16]
    METHOD_insertion4.npy         insertion (no Quantus metric; numpy + the torch model): from the
                                  black image, the 4x4 patches put back in the order of region4;
                                  probability after k = 0..49 patches [16,50]
    METHOD_faithfulness_correlation.npy  Quantus FaithfulnessCorrelation(nr_runs=100, subset_size=224,
                                  perturb_baseline="black", abs=False, normalise=False,
                                  return_aggregate=False), softmax=True [16]
    METHOD_max_sensitivity.npy    Quantus MaxSensitivity(nr_samples=10, lower_bound=0.02, abs=False,
                                  normalise=False, return_nan_when_prediction_changes=False), saliency
                                  only (explain_func = torch |grad|) [16]
    METHOD_infidelity.npy         Captum infidelity(softmax of the torch model, n_perturb_samples=10,
                                  normalize=True) [16]; METHOD_infidelity_raw.npy with normalize=False
    summary.json                  AOPC (Samek: sum_k r_k / (K + 1) of region4, r_0 = 0) and Quantus's AUC
                                  (calculate_auc: np.trapz, dx=1, over the 28 pixel flipping points; np.trapezoid here,
                                  numpy 2.4 has no trapz) per image
The random parts as fixed sets, so that ij-xai uses the very same:
    correlation_subsets.npy (int32 [16,100,224])  the pixels Quantus replaced in each run
    sensitivity_noise.npy  [16,10,28,28,1]        x_perturbed - x of each of Quantus's samples
    infidelity_noise.npy   [16,10,28,28,1]        the I of Captum's samples (perturbed input x - I),
                                                  N(0, 0.1^2), numpy seed 7
"""
import json
import os
import subprocess
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np
import torch

ROOT = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(ROOT, "fashion_mnist_cnn")
OUT = os.path.join(MODEL, "reference", "evaluation")
COUNT, IG_STEPS = 16, 64


def gradient(logits, x, targets):
    import tensorflow as tf
    x = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        scores = tf.gather(logits(x), targets, batch_dims=1)
    return tape.gradient(scores, x).numpy()


def integrated_gradients(logits, x, targets):
    nodes, weights = np.polynomial.legendre.leggauss(IG_STEPS)
    alphas, weights = (nodes + 1) / 2, weights / 2
    baseline = x.min(axis=(1, 2, 3), keepdims=True) * np.ones_like(x)
    total = np.zeros(x.shape, np.float64)
    for alpha, weight in zip(alphas, weights):
        point = (baseline + np.float32(alpha) * (x - baseline)).astype(np.float32)
        total += weight * gradient(logits, point, targets)
    return ((x - baseline) * total).sum(axis=-1).astype(np.float32)


def insertion(model, x_nchw, a, targets, patch):
    """Probability of t as the patches of highest summed a go back into the black image."""
    n, _, h, w = x_nchw.shape
    rows, cols = h // patch, w // patch
    curves = []
    for i in range(n):
        sums = a[i].reshape(rows, patch, cols, patch).sum(axis=(1, 3)).ravel()
        order = np.argsort(-sums, kind="stable")
        current = np.full_like(x_nchw[i], x_nchw[i].min())
        batch = [current.copy()]
        for p in order:
            r, c = divmod(p, cols)
            current[:, r * patch:(r + 1) * patch, c * patch:(c + 1) * patch] = x_nchw[i][:, r * patch:(r + 1) * patch, c * patch:(c + 1) * patch]
            batch.append(current.copy())
        with torch.no_grad():
            probabilities = torch.softmax(model(torch.from_numpy(np.stack(batch))), dim=1)[:, targets[i]]
        curves.append(probabilities.numpy())
    return np.stack(curves).astype(np.float32)


def tensorflow_part(folder):
    """Images, classes and maps from TensorFlow, and the torch copy of the model, into {folder}.
    A process of its own: TensorFlow, torch and Quantus in one process clash in LLVM's registered options."""
    from make_lrp_references import build_torch, load_tf  # first: zennit after TensorFlow aborts, as above
    import tensorflow as tf
    from make_attack_references import load_logits
    _, logits = load_logits(MODEL)
    weights, eps, _ = load_tf(MODEL)
    model = build_torch(weights, eps).float()
    x = (np.load(os.path.join(MODEL, "reference", "attack_images.npy"))[:COUNT, :, :, None] / np.float32(255)).astype(np.float32)
    tf_logits = logits(tf.constant(x)).numpy()
    with torch.no_grad():
        torch_logits = model(torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))).numpy()
    print("torch copy vs TensorFlow logits, max |difference|:", np.abs(torch_logits - tf_logits).max())
    targets = tf_logits.argmax(axis=1).astype(np.int32)
    np.save(os.path.join(OUT, "images.npy"), x)
    np.save(os.path.join(OUT, "targets.npy"), targets)
    np.save(os.path.join(OUT, "saliency.npy"), np.abs(gradient(logits, x, targets)).max(axis=-1).astype(np.float32))
    np.save(os.path.join(OUT, "integrated_gradients.npy"), integrated_gradients(logits, x, targets))
    torch.save(model, os.path.join(folder, "model.pt"))


def hide_tensorflow():
    """Quantus imports TensorFlow whenever it is installed; with torch in the same process that aborts
    (LLVM options registered twice), so this process, which needs only torch, does not let it see TensorFlow."""
    import importlib.util
    find_spec = importlib.util.find_spec
    importlib.util.find_spec = lambda name, *args: None if name.split(".")[0] == "tensorflow" else find_spec(name, *args)


def main():
    hide_tensorflow()
    import quantus
    from captum.metrics import infidelity
    from quantus.functions.perturb_func import batch_baseline_replacement_by_indices, batch_uniform_noise
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, os.path.abspath(__file__), "--tensorflow", folder], check=True)
        model = torch.load(os.path.join(folder, "model.pt"), weights_only=False)
    x = np.load(os.path.join(OUT, "images.npy"))
    x_nchw = np.ascontiguousarray(x.transpose(0, 3, 1, 2))
    targets = np.load(os.path.join(OUT, "targets.npy"))
    maps = {name: np.load(os.path.join(OUT, f"{name}.npy")) for name in ("saliency", "integrated_gradients")}

    def torch_saliency(model, inputs, targets, **kwargs):
        inputs = torch.tensor(inputs, requires_grad=True)
        scores = model(inputs)[torch.arange(len(inputs)), torch.as_tensor(targets)]
        (grad,) = torch.autograd.grad(scores.sum(), inputs)
        return grad.abs().amax(dim=1, keepdim=True).numpy()

    subsets, sensitivity_noise = [], []

    def recording_replacement(arr, indices, **kwargs):
        subsets.append(indices.copy())
        return batch_baseline_replacement_by_indices(arr, indices, **kwargs)

    def recording_noise(arr, indices, **kwargs):
        perturbed = batch_uniform_noise(arr, indices, **kwargs)
        sensitivity_noise.append(perturbed - arr)
        return perturbed

    rng = np.random.default_rng(7)
    recorded_infidelity = {}

    def infidelity_noise(inputs):
        # one call per infidelity run: the same noise for every method (Captum expands each input 10 times, in order)
        key = inputs.shape
        assert torch.equal(inputs, torch.from_numpy(x_nchw).repeat_interleave(10, dim=0)), "Captum's expanded inputs are not row n*10 + s"
        if key not in recorded_infidelity:
            recorded_infidelity[key] = torch.from_numpy(rng.normal(0, 0.1, inputs.shape).astype(np.float32))
        noise = recorded_infidelity[key]
        return noise, inputs - noise

    summary = {}
    for name, a in maps.items():
        a4 = a[:, None]
        common = dict(model=model, x_batch=x_nchw, y_batch=targets, a_batch=a4, channel_first=True, softmax=True)
        flipping = np.array(quantus.PixelFlipping(features_in_step=28, perturb_baseline="black", abs=False, normalise=False,
                                                  disable_warnings=True)(**common), np.float32)
        region4 = np.array(quantus.RegionPerturbation(patch_size=4, regions_evaluation=49, order="morf", perturb_baseline="black",
                                                      abs=False, normalise=False, disable_warnings=True)(**common), np.float32)
        region8 = np.array(quantus.RegionPerturbation(patch_size=8, regions_evaluation=16, order="morf", perturb_baseline="black",
                                                      abs=False, normalise=False, disable_warnings=True)(**common), np.float32)
        np.random.seed(3)
        subsets.clear()
        correlation = np.array(quantus.FaithfulnessCorrelation(nr_runs=100, subset_size=224, perturb_baseline="black", abs=False,
                                                               normalise=False, return_aggregate=False, perturb_func=recording_replacement,
                                                               disable_warnings=True)(**common), np.float32)
        if name == "saliency":
            np.save(os.path.join(OUT, "correlation_subsets.npy"), np.stack(subsets, axis=1).astype(np.int32))
            np.random.seed(5)
            sensitivity = np.array(quantus.MaxSensitivity(nr_samples=10, lower_bound=0.02, abs=False, normalise=False,
                                                          return_nan_when_prediction_changes=False, perturb_func=recording_noise,
                                                          disable_warnings=True)(**common, explain_func=torch_saliency), np.float32)
            noise = np.stack(sensitivity_noise, axis=1).reshape(COUNT, 10, 1, 28, 28).transpose(0, 1, 3, 4, 2)
            np.save(os.path.join(OUT, "sensitivity_noise.npy"), noise.astype(np.float32))
            np.save(os.path.join(OUT, f"{name}_max_sensitivity.npy"), sensitivity)
        probability = lambda inputs: torch.softmax(model(inputs), dim=1)
        for normalize, suffix in ((True, ""), (False, "_raw")):
            values = infidelity(probability, infidelity_noise, torch.from_numpy(x_nchw), torch.from_numpy(a4), target=torch.from_numpy(targets).long(),
                                n_perturb_samples=10, normalize=normalize)
            np.save(os.path.join(OUT, f"{name}_infidelity{suffix}.npy"), values.detach().numpy().astype(np.float32))
        np.save(os.path.join(OUT, f"{name}_pixel_flipping.npy"), flipping)
        np.save(os.path.join(OUT, f"{name}_region4.npy"), region4)
        np.save(os.path.join(OUT, f"{name}_region8.npy"), region8)
        np.save(os.path.join(OUT, f"{name}_insertion4.npy"), insertion(model, x_nchw, a, targets, 4))
        np.save(os.path.join(OUT, f"{name}_faithfulness_correlation.npy"), correlation)
        summary[name] = {"aopc_region4": (region4.astype(np.float64).sum(axis=1) / (region4.shape[1] + 1)).tolist(),
                         "quantus_auc_pixel_flipping": np.trapezoid(flipping.astype(np.float64), dx=1, axis=1).tolist()}
        print(name, "mean AOPC", np.mean(summary[name]["aopc_region4"]), "faithfulness correlation", np.nanmean(correlation))
    (noise,) = recorded_infidelity.values()
    # Captum repeats each input n_perturb_samples times in a row: row n*10 + s
    np.save(os.path.join(OUT, "infidelity_noise.npy"), noise.numpy().reshape(COUNT, 10, 1, 28, 28).transpose(0, 1, 3, 4, 2))
    with open(os.path.join(OUT, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--tensorflow"]:
        tensorflow_part(sys.argv[2])
    else:
        main()
