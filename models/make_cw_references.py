"""Peer reference L2 norms of the Carlini-Wagner L2 attack on models/fashion_mnist_cnn, from ART 1.20.1.

Run: python3 models/make_cw_references.py   (needs make_attack_references.py's attack_images.npy / labels)
Model: the serving signature frozen and pruned to the pre-softmax logits, as in make_attack_references.py;
input [N,28,28,1] float32 in [0,1] = 8-bit image / 255, clip values (0, 1) (the box of the tanh variables).
Images: the first 200 of the first 1000 Fashion-MNIST test images that the model classifies correctly (the
same 200 as deepfool_peer.csv), untargeted w.r.t. their true labels.
Attack: ART CarliniL2Method(confidence=0, targeted=False, learning_rate=0.01, binary_search_steps=5,
max_iter=100, initial_const=1), the defaults of ij-xai's `cw`. ART's own optimizer is a gradient step with
line search (halving/doubling the learning rate) where ij-xai uses Adam, and ART doubles c where ij-xai
grows it tenfold until a success; both keep the smallest successful example of every search step.

Writes models/fashion_mnist_cnn/reference/cw_peer.csv: index,l2,success; index into the 1000 images;
l2 = ||x_adv - x||_2 in model units (float64 of the float32 difference; 0 where ART failed and returned x);
success = x_adv is misclassified.
"""
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np
import tensorflow as tf

from make_attack_references import COUNT, DEEPFOOL_COUNT, MODEL, REF, load_logits, write_peer_norms

SETTINGS = dict(confidence=0.0, targeted=False, learning_rate=0.01, binary_search_steps=5, max_iter=100, initial_const=1.0)


def main():
    from art.attacks.evasion import CarliniL2Method
    from art.estimators.classification import TensorFlowV2Classifier
    start = time.time()
    _loaded, logits = load_logits(MODEL)
    images, labels = np.load(os.path.join(REF, "attack_images.npy")), np.load(os.path.join(REF, "attack_labels.npy"))
    assert len(images) == COUNT
    x = (images.astype(np.float32) / 255.0)[..., None]
    predicted = np.argmax(logits(tf.constant(x)).numpy(), axis=1)
    index = np.flatnonzero(predicted == labels)[:DEEPFOOL_COUNT]
    classifier = TensorFlowV2Classifier(model=lambda t, training=False: logits(t), nb_classes=10, input_shape=(28, 28, 1),
                                        clip_values=(0.0, 1.0))
    attack = CarliniL2Method(classifier, batch_size=len(index), verbose=False, **SETTINGS)
    adversarial = attack.generate(x[index], y=labels[index])
    assert adversarial.min() >= 0 and adversarial.max() <= 1
    l2 = np.sqrt(np.sum(np.square((adversarial - x[index]).astype(np.float64)), axis=(1, 2, 3)))
    success = np.argmax(logits(tf.constant(adversarial)).numpy(), axis=1) != labels[index]
    write_peer_norms(os.path.join(REF, "cw_peer.csv"), index, l2, success)
    print(f"C&W L2 (ART): {len(index)} images, success {success.mean():.3f}, median l2 {np.median(l2):.4f} "
          f"(first 40: {np.median(l2[:40]):.4f}) ({time.time() - start:.0f} s)")


if __name__ == "__main__":
    main()
