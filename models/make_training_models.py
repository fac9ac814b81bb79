"""Checkpoints of a small Fashion-MNIST CNN during training, for `training` (explanations across training).

Writes models/training_cnn/:
  savedmodels/step-N/   one frozen-ready SavedModel per checkpoint (N = minibatch steps done: 0, 2, 10, then each epoch)
  keras_weights/        Keras ModelCheckpoint(save_weights_only=True) files cp-0001.ckpt.index/.data-* (one per epoch)
  tf_checkpoints/       tf.train.Checkpoint files ckpt-K.index/.data-* with their `checkpoint` index file (same steps as savedmodels/)
  python_reference/     input.npy [4,28,28,1], label.npy [4], and per checkpoint (in step order) output.npy [S,4,10],
                        loss.npy [S,4] and loss_gradient.npy [S,4,28,28,1]: d cross-entropy(label) / d input, as TensorFlow computes them
The SavedModels hold only the serving function and the weights (no Keras layer objects) to stay small.

    python3 models/make_training_models.py
Needs: pip install tensorflow-cpu tf_keras; the Fashion-MNIST gz IDX files in /usr/share/datasets/fashion-mnist.
"""

import os
import shutil

import numpy as np

from make_models import CLASS_NAMES, ROOT, SEED, load_fashion, write_labels

STEPS_PER_EPOCH, BATCH, EPOCHS = 30, 100, 2
EARLY_STEPS = (0, 2, 10)


def serving_module(model):
    """The model's forward pass as the only function of a tf.Module holding its weights."""
    import tensorflow as tf

    class Serving(tf.Module):
        def __init__(self):
            super().__init__()
            self.weights = list(model.weights)

        @tf.function(input_signature=[tf.TensorSpec([None, 28, 28, 1], tf.float32, name="image")])
        def serve(self, image):
            return {"probabilities": model(image, training=False)}

    return Serving()


def main():
    import tensorflow as tf
    import tf_keras as k
    k.utils.set_random_seed(SEED)
    out = os.path.join(ROOT, "training_cnn")
    shutil.rmtree(out, ignore_errors=True)
    L = k.layers
    model = k.Sequential([
        L.Input((28, 28, 1)),
        L.Conv2D(4, 3, activation="relu"), L.MaxPooling2D(),
        L.Conv2D(8, 3, activation="relu"), L.MaxPooling2D(),
        L.Flatten(), L.Dense(10, activation="softmax"),
    ], name="small_cnn")
    images, labels = load_fashion("train")
    x, y = images[:STEPS_PER_EPOCH * BATCH, ..., None], labels[:STEPS_PER_EPOCH * BATCH]
    test_images, test_labels = load_fashion("test")
    rng = np.random.default_rng(SEED)
    picks = rng.choice(len(test_images), 4, replace=False)
    probe, probe_labels = test_images[picks][..., None].astype(np.float32), test_labels[picks].astype(np.int32)

    optimizer = k.optimizers.Adam(1e-2)
    loss_fn = k.losses.SparseCategoricalCrossentropy()
    checkpoint = tf.train.Checkpoint(model=model, optimizer=optimizer)
    manager = tf.train.CheckpointManager(checkpoint, os.path.join(out, "tf_checkpoints"), max_to_keep=None)
    keras_weights = k.callbacks.ModelCheckpoint(os.path.join(out, "keras_weights", "cp-{epoch:04d}.ckpt"), save_weights_only=True)
    keras_weights.set_model(model)
    references = {"output": [], "loss": [], "loss_gradient": []}

    def save(step):
        probe_x = tf.constant(probe)
        with tf.GradientTape() as tape:
            tape.watch(probe_x)
            output = model(probe_x, training=False)
            # the same cross-entropy ij-xai differentiates: of the logits (the softmax layer's input)
            logits = tf.math.log(output)
            losses = tf.nn.sparse_softmax_cross_entropy_with_logits(probe_labels, logits)
            total = tf.reduce_sum(losses)
        references["output"].append(output.numpy())
        references["loss"].append(losses.numpy())
        references["loss_gradient"].append(tape.gradient(total, probe_x).numpy())
        folder = os.path.join(out, "savedmodels", f"step-{step}")
        module = serving_module(model)
        tf.saved_model.save(module, folder, signatures={"serving_default": module.serve})
        write_labels(folder)
        manager.save(checkpoint_number=step)

    step = 0
    save(0)
    for epoch in range(1, EPOCHS + 1):
        order = rng.permutation(len(x))
        for batch in range(STEPS_PER_EPOCH):
            index = order[batch * BATCH:(batch + 1) * BATCH]
            with tf.GradientTape() as tape:
                loss = loss_fn(y[index], model(x[index], training=True))
            optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_weights), model.trainable_weights))
            step += 1
            if step in EARLY_STEPS:
                save(step)
        save(step)
        keras_weights.on_epoch_end(epoch - 1)
        accuracy = np.mean(np.argmax(model.predict(test_images[:2000, ..., None], verbose=0), -1) == test_labels[:2000])
        print(f"epoch {epoch} (step {step}): test accuracy {accuracy:.4f} on 2,000 test images")
    ref = os.path.join(out, "python_reference")
    os.makedirs(ref)
    np.save(os.path.join(ref, "input.npy"), probe)
    np.save(os.path.join(ref, "label.npy"), probe_labels)
    for name, values in references.items():
        np.save(os.path.join(ref, f"{name}.npy"), np.asarray(values, np.float32))
    print("labels:", [CLASS_NAMES[label] for label in probe_labels])
    # a checkpoint of the first convolution alone: ij-xai must name the weights it lacks
    tf.train.Checkpoint(layer=model.layers[0]).write(os.path.join(out, "partial_checkpoint", "conv-only"))


if __name__ == "__main__":
    main()
