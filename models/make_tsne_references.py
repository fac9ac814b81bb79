"""t-SNE reference for ij-xai's feature-space t-SNE: three Gaussian blobs in 10-D (models/tsne/blobs.csv,
label then features) and scikit-learn's KL divergence and trustworthiness on them (models/tsne/sklearn.json).

    python3 models/make_tsne_references.py
"""
import json
import os

import numpy as np
import sklearn
from sklearn.datasets import make_blobs
from sklearn.manifold import TSNE, trustworthiness

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tsne")
os.makedirs(HERE, exist_ok=True)
features, labels = make_blobs(n_samples=150, n_features=10, centers=3, cluster_std=1.5, random_state=7)
features = features.astype(np.float32)
np.savetxt(os.path.join(HERE, "blobs.csv"), np.column_stack([labels, features]), delimiter=",", fmt="%.7g")
result = {"sklearn": sklearn.__version__, "perplexity": 20, "iterations": 1000}
for method in ("exact", "barnes_hut"):
    tsne = TSNE(n_components=2, perplexity=20, max_iter=1000, init="pca", learning_rate="auto", method=method, random_state=0)
    embedding = tsne.fit_transform(features.astype(np.float64))
    result[method] = {"kl_divergence": float(tsne.kl_divergence_), "trustworthiness": float(trustworthiness(features, embedding, n_neighbors=5))}
with open(os.path.join(HERE, "sklearn.json"), "w") as out:
    json.dump(result, out, indent=1)
print(result)
