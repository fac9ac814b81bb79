"""A Keras 3 export and a tf.train.Checkpoint of other weights, for CheckpointWeightsTest.

Writes models/keras3_checkpoint/:
  savedmodel/      model.export() of a small Keras 3 classifier (Dense 16 -> 3, softmax) with its initial weights
  ckpt-1.*         tf.train.Checkpoint(model=...) after the weights were changed (one Adam step on random data)
  python_reference/ input.npy [2,4,4,1] and output.npy [2,3]: the model's output with the checkpoint's weights
Keras 3 names the variables "sequential/dense/kernel" in checkpoints, while the export's serving graph reads
copies named "sequential/dense/kernel_1".

    python3 models/make_keras3_checkpoint.py
Needs: pip install tensorflow-cpu keras (Keras 3).
"""

import os
import shutil

import numpy as np

ROOT = os.path.dirname(os.path.abspath(__file__))


def main():
    import keras
    import tensorflow as tf
    keras.utils.set_random_seed(7)
    out = os.path.join(ROOT, "keras3_checkpoint")
    shutil.rmtree(out, ignore_errors=True)
    model = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Flatten(), keras.layers.Dense(3, activation="softmax", name="dense")])
    model.export(os.path.join(out, "savedmodel"), verbose=False)
    rng = np.random.default_rng(7)
    x = rng.random((8, 4, 4, 1), np.float32)
    model.compile(keras.optimizers.Adam(0.5), "sparse_categorical_crossentropy")
    model.train_on_batch(x, rng.integers(0, 3, 8))
    tf.train.Checkpoint(model=model).write(os.path.join(out, "ckpt-1"))
    probe = rng.random((2, 4, 4, 1), np.float32)
    os.makedirs(os.path.join(out, "python_reference"))
    np.save(os.path.join(out, "python_reference", "input.npy"), probe)
    np.save(os.path.join(out, "python_reference", "output.npy"), model.predict(probe, verbose=0).astype(np.float32))


if __name__ == "__main__":
    main()
