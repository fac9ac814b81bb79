#!/usr/bin/env python3
"""Builds crafted SavedModels that do more than compute, for ij-xai's op allowlist tests.

Each model is a tiny linear classifier of 28x28x1 images whose serving function also reads a
file, writes a file, prints to a file, runs Python, lists files, runs a tf.data pipeline, or (TF1)
writes a file from its init op when the SavedModel is loaded. ij-xai must refuse all of them
unless the user says they trust the model. Run from the repository root:

    python3 models/make_untrusted_models.py

Writes models/untrusted/<name>/. Needs: pip install tensorflow-cpu.
"""
import os
import shutil

import numpy as np
import tensorflow as tf

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "untrusted")
# what the crafted models would touch; the allowlist tests check that none of it appears
WRITTEN = "/tmp/ij-xai-untrusted-model-wrote-this"
READ = "/etc/hosts"
SPEC = tf.TensorSpec([None, 28, 28, 1], tf.float32, name="image")


def fresh_dir(name):
    path = os.path.join(ROOT, name)
    shutil.rmtree(path, ignore_errors=True)
    return path


class Linear(tf.Module):
    """A linear classifier; `extra(logits)` adds what the crafted model does besides computing."""

    def __init__(self, extra):
        super().__init__()
        rng = np.random.default_rng(7)
        self.kernel = tf.Variable(rng.normal(0, 0.05, (784, 10)).astype(np.float32), name="kernel")
        self.extra = extra

    @tf.function(input_signature=[SPEC])
    def serve(self, image):
        with tf.name_scope("dense"):
            logits = tf.matmul(tf.reshape(image, [-1, 784]), self.kernel)
        with tf.name_scope("side_effect"):
            logits = self.extra(logits)
        return {"probabilities": tf.nn.softmax(logits)}


def reads_file(logits):
    size = tf.cast(tf.strings.length(tf.io.read_file(READ)), tf.float32)
    return logits + 0.0 * size


def lists_files(logits):
    return logits + 0.0 * tf.cast(tf.size(tf.io.matching_files("/tmp/*")), tf.float32)


def writes_file(logits):
    tf.io.write_file(WRITTEN, "written by a model")
    return logits


def prints_to_file(logits):
    tf.print(logits, output_stream="file://" + WRITTEN)
    return logits


def runs_python(logits):
    return tf.py_function(lambda x: x, [logits], tf.float32)


def dataset(logits):
    return tf.data.Dataset.from_tensors(logits).reduce(tf.zeros_like(logits), lambda total, x: total + x)


def save(name, extra):
    module = Linear(extra)
    tf.saved_model.save(module, fresh_dir(name), signatures={"serving_default": module.serve})


def tf1_init_writes_file():
    """A TF1 SavedModel whose main_op writes a file: TensorFlow runs it while loading the bundle."""
    path = fresh_dir("init_writes_file")
    with tf.Graph().as_default() as graph, tf.compat.v1.Session(graph=graph) as session:
        image = tf.compat.v1.placeholder(tf.float32, [None, 28, 28, 1], name="image")
        kernel = tf.compat.v1.get_variable("kernel", initializer=np.zeros((784, 10), np.float32))
        probabilities = tf.nn.softmax(tf.matmul(tf.reshape(image, [-1, 784]), kernel), name="probabilities")
        session.run(tf.compat.v1.global_variables_initializer())
        main_op = tf.io.write_file(WRITTEN, "written while loading")
        builder = tf.compat.v1.saved_model.Builder(path)
        signature = tf.compat.v1.saved_model.predict_signature_def({"image": image}, {"probabilities": probabilities})
        builder.add_meta_graph_and_variables(session, ["serve"], signature_def_map={"serving_default": signature}, main_op=main_op)
        builder.save()


def main():
    save("reads_file", reads_file)
    save("lists_files", lists_files)
    save("writes_file", writes_file)
    save("prints_to_file", prints_to_file)
    save("runs_python", runs_python)
    save("dataset", dataset)
    tf1_init_writes_file()
    if os.path.exists(WRITTEN):
        os.remove(WRITTEN)


if __name__ == "__main__":
    main()
