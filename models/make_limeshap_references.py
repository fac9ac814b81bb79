#!/usr/bin/env python3
"""SLIC, LIME and KernelSHAP references from scikit-image, lime and shap, independent of ij-xai.

The model is the committed SavedModel itself (its serving signature), the explained value its
softmax output for reference/target.npy. Run from the repository root, after make_models.py and
make_references.py:

    pip install scikit-image==0.26.0 lime==0.2.0.1 shap   # made with shap 0.51.0, the one installed here
    TF_CPP_MIN_LOG_LEVEL=2 python3 models/make_limeshap_references.py

x = reference/input.npy [N,H,W,C]. Files added (float32):
  fashion_mnist_cnn/reference/
    slic_grey.npy            skimage slic(x[n,...,0], n_segments=SLIC_SEGMENTS, compactness=0.1,
                             channel_axis=None, start_label=0) for every n                    [N,H,W]
    lime_segments.npy        slic as above with LIME_SEGMENTS, samples 0 and 1                 [2,H,W]
    lime_masks.npy           lime's own masks: LimeImageExplainer(random_state=seed n).data_labels,
                             LIME_SAMPLES rows per sample, the first all on                   [2,S,M_max]
                             (padded with -1 beyond the sample's superpixels)
    lime_coefficients.npy    lime's LimeBase.explain_instance_with_data (kernel width 0.25,
                             feature_selection auto, num_features 100000: all), fill = the mean
                             of each superpixel (lime's hide_color=None)                      [2,M_max]
    kernelshap_segments.npy  slic with KERNELSHAP_EXACT_SEGMENTS (exact: all 2^M - 2 coalitions), samples 0, 1  [2,H,W]
    kernelshap_exact.npy     shap KernelExplainer(f, zeros((1,M))).shap_values(ones((1,M)),
                             nsamples=2^M, l1_reg=False), fill zero                           [2,M_max]
    kernelshap_sampled_segments.npy  slic with LIME_SEGMENTS, sample 0                          [1,H,W]
    kernelshap_sampled_masks.npy     shap's maskMatrix after nsamples=SHAP_SAMPLES (np.random.seed 0) [S,M]
    kernelshap_sampled_weights.npy   shap's kernelWeights                                      [S]
    kernelshap_sampled.npy           shap's φ                                                  [M]
  mobilenetv2_small/reference/
    slic_rgb.npy             skimage slic(x[n], n_segments=SLIC_SEGMENTS, compactness=0.1,
                             convert2lab=False, start_label=0) for every n                    [N,H,W]
"""
import os

import numpy as np
import shap
import sklearn.metrics
import tensorflow as tf
from lime import lime_image
from skimage.segmentation import slic

SLIC_SEGMENTS = 30
LIME_SEGMENTS = 20
LIME_SAMPLES = 300
SHAP_SAMPLES = 400
KERNELSHAP_EXACT_SEGMENTS = 14
COMPACTNESS = 0.1


def reference_dir(model):
    return os.path.join("models", model, "reference")


def save(model, name, array):
    np.save(os.path.join(reference_dir(model), name + ".npy"), np.asarray(array, np.float32))


def scorer(model):
    """The model's softmax outputs of a batch of [H,W,C] images."""
    signature = tf.saved_model.load(os.path.join("models", model)).signatures["serving_default"]

    def probabilities(images):
        outputs = signature(tf.constant(np.asarray(images, np.float32)))
        return next(iter(outputs.values())).numpy()

    return probabilities


def composed(image, fill, segments, masks):
    """Copies of image with superpixel k showing the fill where masks[:, k] is 0."""
    copies = np.repeat(image[np.newaxis], len(masks), axis=0)
    for i, mask in enumerate(masks):
        off = np.isin(segments, np.flatnonzero(mask == 0))
        copies[i][off] = fill[off]
    return copies


def padded(rows, width):
    out = np.full((len(rows),) + np.asarray(rows[0]).shape[:-1] + (width,), -1.0)
    for i, row in enumerate(rows):
        out[i, ..., : np.asarray(row).shape[-1]] = row
    return out


def grey_slic(image, segments):
    return slic(image[..., 0], n_segments=segments, compactness=COMPACTNESS, channel_axis=None, start_label=0)


def main():
    model = "fashion_mnist_cnn"
    x = np.load(os.path.join(reference_dir(model), "input.npy"))
    targets = np.load(os.path.join(reference_dir(model), "target.npy")).astype(int)
    save(model, "slic_grey", [grey_slic(image, SLIC_SEGMENTS) for image in x])
    rgb = np.load(os.path.join(reference_dir("mobilenetv2_small"), "input.npy"))
    save("mobilenetv2_small", "slic_rgb",
         [slic(image, n_segments=SLIC_SEGMENTS, compactness=COMPACTNESS, convert2lab=False, start_label=0) for image in rgb])
    probabilities = scorer(model)

    # LIME: lime's own masks and regression, fill = each superpixel's mean (hide_color=None)
    segments_list, masks_list, coefficients = [], [], []
    for n in range(2):
        image, segments = x[n], grey_slic(x[n], LIME_SEGMENTS)
        fill = np.zeros_like(image)
        for k in np.unique(segments):
            fill[segments == k] = image[segments == k].mean(axis=0)
        explainer = lime_image.LimeImageExplainer(kernel_width=0.25, random_state=n)
        data, labels = explainer.data_labels(image, fill, segments, probabilities, num_samples=LIME_SAMPLES, batch_size=64)
        distances = sklearn.metrics.pairwise_distances(data, data[0].reshape(1, -1), metric="cosine").ravel()
        _, local_exp, _, _ = explainer.base.explain_instance_with_data(data, labels, distances, targets[n], num_features=100000,
                                                                        feature_selection=explainer.feature_selection)
        coefficient = np.zeros(data.shape[1])
        for k, value in local_exp:
            coefficient[k] = value
        segments_list.append(segments)
        masks_list.append(data)
        coefficients.append(coefficient)
    width = max(c.size for c in coefficients)
    save(model, "lime_segments", segments_list)
    save(model, "lime_masks", padded(masks_list, width))
    save(model, "lime_coefficients", padded(coefficients, width))

    # KernelSHAP, exact: few superpixels, every coalition; fill zero
    segments_list, phis = [], []
    for n in range(2):
        image, segments = x[n], grey_slic(x[n], KERNELSHAP_EXACT_SEGMENTS)
        m = segments.max() + 1
        f = lambda z, image=image, segments=segments, n=n: probabilities(composed(image, np.zeros_like(image), segments, z))[:, targets[n]]
        explainer = shap.KernelExplainer(f, np.zeros((1, m)))
        phi = explainer.shap_values(np.ones((1, m)), nsamples=2 ** m, l1_reg=False, silent=True)
        segments_list.append(segments)
        phis.append(np.asarray(phi).reshape(-1))
    save(model, "kernelshap_segments", segments_list)
    save(model, "kernelshap_exact", padded(phis, max(p.size for p in phis)))

    # KernelSHAP, sampled: shap's own coalitions and weights, fed to ij-xai's solver by the test
    image, segments = x[0], grey_slic(x[0], LIME_SEGMENTS)
    m = segments.max() + 1
    f = lambda z: probabilities(composed(image, np.zeros_like(image), segments, z))[:, targets[0]]
    np.random.seed(0)
    explainer = shap.KernelExplainer(f, np.zeros((1, m)))
    phi = explainer.shap_values(np.ones((1, m)), nsamples=SHAP_SAMPLES, l1_reg=False, silent=True)
    assert explainer.nsamplesRun < 2 ** m - 2, "the sampled case must sample"
    save(model, "kernelshap_sampled_segments", [segments])
    save(model, "kernelshap_sampled_masks", explainer.maskMatrix[: explainer.nsamplesRun])
    save(model, "kernelshap_sampled_weights", explainer.kernelWeights[: explainer.nsamplesRun])
    save(model, "kernelshap_sampled", np.asarray(phi).reshape(-1))
    print("lime superpixels", [c.size for c in coefficients], "kernelshap exact", [p.size for p in phis], "sampled", m,
          explainer.nsamplesRun, "samples")


if __name__ == "__main__":
    main()
