"""Peer reference numbers for adversarial attacks on models/fashion_mnist_cnn, from PyPI libraries.

Run: python3 models/make_attack_references.py [--crosscheck]
Libraries: adversarial-robustness-toolbox (ART) 1.20.1 and foolbox 3.3.4 (eagerpy 0.30.0), both on
tensorflow-cpu 2.21.0 and the SavedModel itself (no PyTorch port).

Model: the serving_default signature, frozen (convert_variables_to_constants_v2, as in
make_references.py) and pruned to the true pre-softmax logits (the input of the final Softmax, here
sequential/dense_1/BiasAdd); softmax(logits) equals the signature's output to ~1e-7. Input [N,28,28,1]
float32 in [0,1] = 8-bit image / 255; every attack clips to [0,1]. Data: the FIRST 1000 Fashion-MNIST
test images (Debian dataset-fashion-mnist, t10k-*), no noise, and their true labels.

Files written to models/fashion_mnist_cnn/reference/:
  attack_images.npy      uint8 [1000,28,28], the images attacked (model input = image / 255)
  attack_labels.npy      int32 [1000], their true labels
  robustness_peer.csv    attack,epsilon_gray_levels,accuracy,library: accuracy = fraction of the 1000
                         adversarials classified (argmax) as the TRUE label; untargeted, w.r.t. the true
                         label; eps in gray levels {0,1,2,4,8,16,32}, i.e. eps/255 in model units.
                         fgsm: ART FastGradientMethod(norm=inf, eps, targeted=False, num_random_init=0,
                               minimal=False): one step eps * sign(grad CE(true label)), clipped to [0,1].
                         pgd:  ART ProjectedGradientDescent (TensorFlowV2 backend), norm=inf, eps,
                               eps_step=eps/4, max_iter=20, num_random_init=0 (no random start), no
                               early stopping: the 20th iterate, projected to the eps ball and [0,1].
                         Loss: SparseCategoricalCrossentropy(from_logits=True, reduction="sum") on the
                         logits, y = true labels. eps = 0 is the clean accuracy (ART refuses eps_step = 0).
  deepfool_peer.csv      index,l2,success: foolbox L2DeepFoolAttack(steps=50, candidates=10,
                         overshoot=0.02, loss="logits") on the first 200 of the 1000 images the model
                         classifies correctly; index into the 1000 images; l2 = ||x_adv - x||_2 in model
                         units (float64 of the float32 difference); success = x_adv is misclassified.
                         Foolbox's DeepFool is the original algorithm: every iteration sets
                         x = clip(x0 + 1.02 * sum of steps, 0, 1), step = (|f_k|/||w_k|| + 1e-4) w_k/||w_k||,
                         and freezes a sample as soon as it is misclassified.
--crosscheck also runs foolbox FGSM/LinfPGD(rel_stepsize=0.25, steps=20, random_start=False) and ART
DeepFool(epsilon=0.02, nb_grads=10, max_iter=50; overshoot applied once at the end) and prints both.
"""
import csv
import gzip
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np
import tensorflow as tf
from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2

ROOT = os.path.dirname(os.path.abspath(__file__))
MODEL = os.path.join(ROOT, "fashion_mnist_cnn")
REF = os.path.join(MODEL, "reference")
FASHION_DIR = "/usr/share/datasets/fashion-mnist"
COUNT, DEEPFOOL_COUNT = 1000, 200
EPSILONS = [0, 1, 2, 4, 8, 16, 32]


def load_logits(path):
    """The serving signature, frozen and pruned to the input of its final Softmax: a TF2 callable."""
    loaded = tf.saved_model.load(path)  # must outlive the conversion: the function reads its variables
    frozen = convert_variables_to_constants_v2(loaded.signatures["serving_default"])
    graph_def = frozen.graph.as_graph_def()
    op = frozen.outputs[0].op
    while op.type == "Identity":
        op = op.inputs[0].op
    assert op.type == "Softmax", op.type
    wrapped = tf.compat.v1.wrap_function(lambda: tf.compat.v1.import_graph_def(graph_def, name=""), [])
    logits = wrapped.prune(wrapped.graph.get_tensor_by_name(frozen.inputs[0].name),
                           wrapped.graph.get_tensor_by_name(op.inputs[0].name))
    probe = tf.random.uniform([4, 28, 28, 1], seed=1)
    served = list(loaded.signatures["serving_default"](probe).values())[0]
    assert np.abs(tf.nn.softmax(logits(probe)) - served).max() < 1e-5
    print(f"logits: {op.inputs[0].name}")
    return loaded, logits


def load_fashion_test(count):
    with gzip.open(os.path.join(FASHION_DIR, "t10k-images-idx3-ubyte.gz")) as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)[:count]
    with gzip.open(os.path.join(FASHION_DIR, "t10k-labels-idx1-ubyte.gz")) as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)[:count]
    return images.copy(), labels.astype(np.int32)


def art_curves(logits, x, y):
    import art
    from art.attacks.evasion import FastGradientMethod, ProjectedGradientDescent
    from art.estimators.classification import TensorFlowV2Classifier
    loss = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction="sum")
    classifier = TensorFlowV2Classifier(model=lambda t, training=False: logits(t), nb_classes=10, input_shape=(28, 28, 1),
                                        loss_object=loss, clip_values=(0.0, 1.0))
    library = f"ART {art.__version__}"

    def accuracy(adversarial):
        assert adversarial.min() >= 0 and adversarial.max() <= 1
        return float(np.mean(classifier.predict(adversarial, batch_size=COUNT).argmax(1) == y))

    clean = accuracy(x)
    rows = []
    for name in ("fgsm", "pgd"):
        for level in EPSILONS:
            eps = level / 255.0
            if level == 0:
                value = clean
            elif name == "fgsm":
                attack = FastGradientMethod(classifier, norm=np.inf, eps=eps, targeted=False, num_random_init=0, batch_size=COUNT)
                value = accuracy(attack.generate(x, y=y))
            else:
                attack = ProjectedGradientDescent(classifier, norm=np.inf, eps=eps, eps_step=eps / 4, max_iter=20, targeted=False,
                                                  num_random_init=0, batch_size=COUNT, verbose=False)
                value = accuracy(attack.generate(x, y=y))
            rows.append((name, level, value, library))
            print(f"  {library} {name} eps {level:2d}/255: accuracy {value:.3f}", flush=True)
    return clean, rows


def foolbox_curves(logits, x, y):
    import foolbox as fb
    model, xt, yt = fb.TensorFlowModel(logits, bounds=(0, 1)), tf.constant(x), tf.constant(y.astype(np.int64))
    rows = []
    for name, attack in (("fgsm", fb.attacks.FGSM(random_start=False)),
                         ("pgd", fb.attacks.LinfPGD(rel_stepsize=0.25, abs_stepsize=None, steps=20, random_start=False))):
        _, _, success = attack(model, xt, yt, epsilons=[level / 255.0 for level in EPSILONS])
        rows += [(name, level, 1 - float(s.numpy().mean()), f"foolbox {fb.__version__}") for level, s in zip(EPSILONS, success)]
    return rows


def foolbox_deepfool(logits, x, y):
    import foolbox as fb
    model = fb.TensorFlowModel(logits, bounds=(0, 1))
    attack = fb.attacks.L2DeepFoolAttack(steps=50, candidates=10, overshoot=0.02, loss="logits")
    _, adversarial, success = attack(model, tf.constant(x), tf.constant(y.astype(np.int64)), epsilons=None)
    adversarial = adversarial.numpy()
    assert adversarial.min() >= 0 and adversarial.max() <= 1
    return np.sqrt(np.sum(np.square((adversarial - x).astype(np.float64)), axis=(1, 2, 3))), success.numpy()


def art_deepfool(logits, x, y):
    from art.attacks.evasion import DeepFool
    from art.estimators.classification import TensorFlowV2Classifier
    classifier = TensorFlowV2Classifier(model=lambda t, training=False: logits(t), nb_classes=10, input_shape=(28, 28, 1),
                                        clip_values=(0.0, 1.0))
    adversarial = DeepFool(classifier, max_iter=50, epsilon=0.02, nb_grads=10, batch_size=len(x), verbose=False).generate(x)
    success = classifier.predict(adversarial).argmax(1) != y
    return np.sqrt(np.sum(np.square((adversarial - x).astype(np.float64)), axis=(1, 2, 3))), success


def write_peer_norms(path, index, l2, success):
    """A peer's per-image results: index (into the 1000 images), l2 (model units), success (0/1)."""
    with open(path, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["index", "l2", "success"])
        writer.writerows((int(i), f"{d:.6f}", int(s)) for i, d, s in zip(index, l2, success))


def main():
    start = time.time()
    _loaded, logits = load_logits(MODEL)
    images, labels = load_fashion_test(COUNT)
    x = (images.astype(np.float32) / 255.0)[..., None]
    os.makedirs(REF, exist_ok=True)
    np.save(os.path.join(REF, "attack_images.npy"), images)
    np.save(os.path.join(REF, "attack_labels.npy"), labels)

    clean, rows = art_curves(logits, x, labels)
    print(f"clean accuracy {clean:.3f} ({time.time() - start:.0f} s)")
    with open(os.path.join(REF, "robustness_peer.csv"), "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["attack", "epsilon_gray_levels", "accuracy", "library"])
        writer.writerows((name, level, f"{value:.4f}", library) for name, level, value, library in rows)

    predicted = np.argmax(logits(tf.constant(x)).numpy(), axis=1)
    index = np.flatnonzero(predicted == labels)[:DEEPFOOL_COUNT]
    l2, success = foolbox_deepfool(logits, x[index], labels[index])
    write_peer_norms(os.path.join(REF, "deepfool_peer.csv"), index, l2, success)
    print(f"deepfool (foolbox): {len(index)} images, success {success.mean():.3f}, median l2 {np.median(l2):.4f} "
          f"(successes only {np.median(l2[success]):.4f}), mean {l2.mean():.4f} ({time.time() - start:.0f} s)")

    if "--crosscheck" in sys.argv[1:]:
        for (name, level, a, _), (_, _, b, library) in zip(rows, foolbox_curves(logits, x, labels)):
            print(f"  crosscheck {name} eps {level:2d}: ART {a:.3f}, {library} {b:.3f}")
        art_l2, art_success = art_deepfool(logits, x[index], labels[index])
        print(f"  crosscheck deepfool ART: success {art_success.mean():.3f}, median l2 {np.median(art_l2):.4f}, "
              f"max |l2 - foolbox| {np.abs(art_l2 - l2).max():.4f}, median ratio {np.median(art_l2 / l2):.4f}")
    print(f"done in {time.time() - start:.0f} s")


if __name__ == "__main__":
    main()
