"""The peers of the benchmark (bench/run): the same work in Python TensorFlow (tf.function +
GradientTape) and, where it has the method, tf-explain 0.3.1, on the same SavedModels and inputs.

Both run on the SavedModel's serving signature frozen to constants (convert_variables_to_constants_v2),
as ij-xai freezes it; the logits are the input of the final softmax, as ij-xai explains them. Work is
equal to ij-xai's: the same images (the reference inputs, repeated), the same samples and steps, 32
samples per TensorFlow call (tf-explain: its own batching). Writes one line per row:
method, model, batch, peer, median ms.

    python3 bench/peers.py OUT.tsv [REPEATS] [ONLY]
"""
import os
import re
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ["TF_USE_LEGACY_KERAS"] = "1"  # tf-explain 0.3.1 is written for Keras 2 (tf_keras)

import numpy as np
import tensorflow as tf
from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
MODELS = ["fashion_mnist_cnn", "mobilenetv2_small"]
BATCHES = [1, 32]
CHUNK, SG_SAMPLES, SG_NOISE, IG_STEPS, PGD_STEPS, PATCH = 128, 50, 0.15, 64, 20, 8
GRADCAM_LAYER = {"fashion_mnist_cnn": "dropout", "mobilenetv2_small": "out_relu"}
FGSM_EPSILON, PGD_EPSILON = 0.03, 0.004
WARM_UP_SECONDS, MEASURE_SECONDS = 3, 2

tf.keras.utils.disable_interactive_logging()  # tf-explain's occlusion calls model.predict, which prints progress bars
threads = os.cpu_count()
tf.config.threading.set_intra_op_parallelism_threads(threads)
tf.config.threading.set_inter_op_parallelism_threads(threads)


class Model:
    """The frozen serving graph as functions: x -> (probabilities, logits), x -> layer, layer -> (probabilities, logits)."""

    def __init__(self, name):
        self.loaded = tf.saved_model.load(os.path.join(ROOT, "models", name))  # its variables back the frozen function
        frozen = convert_variables_to_constants_v2(self.loaded.signatures["serving_default"])
        graph_def = frozen.graph.as_graph_def()
        input_name, output_name = frozen.inputs[0].name, frozen.outputs[0].name
        wrapped = tf.compat.v1.wrap_function(lambda: tf.compat.v1.import_graph_def(graph_def, name=""), [])
        graph = wrapped.graph
        x, output = graph.get_tensor_by_name(input_name), graph.get_tensor_by_name(output_name)
        op = output.op
        while op.type == "Identity":
            op = op.inputs[0].op
        logits = op.inputs[0] if op.type in ("Softmax", "Sigmoid") else output
        layer_ops = [o for o in graph.get_operations() if GRADCAM_LAYER[name] in o.name.split("/") and o.type != "Const"]
        layer = layer_ops[-1].outputs[0]
        self.forward = wrapped.prune(x, [output, logits])
        self.features = wrapped.prune(x, layer)
        self.head = wrapped.prune(layer, [output, logits])
        self.shape = tuple(x.shape[1:])


def inputs(name, count):
    reference = np.load(os.path.join(ROOT, "models", name, "reference", "input.npy"))
    return np.stack([reference[n % len(reference)] for n in range(count)]).astype(np.float32)


def chunks(array):
    return [array[i:i + CHUNK] for i in range(0, len(array), CHUNK)]


# ---------------------------------------------------------------- tf.function + GradientTape

def peer_functions(model):
    @tf.function
    def gradient(x, target):
        with tf.GradientTape() as tape:
            tape.watch(x)
            probabilities, logits = model.forward(x)
            score = tf.gather(logits, target, batch_dims=1)
        return probabilities, logits, tape.gradient(score, x)

    @tf.function
    def predicted_gradient(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            probabilities, logits = model.forward(x)
            score = tf.gather(logits, tf.argmax(logits, 1), batch_dims=1)
        return probabilities, logits, tape.gradient(score, x)

    @tf.function
    def forward(x):
        return model.forward(x)

    @tf.function
    def loss_gradient(x, goal):
        with tf.GradientTape() as tape:
            tape.watch(x)
            probabilities, logits = model.forward(x)
            loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=goal, logits=logits)
        return probabilities, tape.gradient(loss, x)

    @tf.function
    def grad_cam(x):
        layer = model.features(x)
        with tf.GradientTape() as tape:
            tape.watch(layer)
            probabilities, logits = model.head(layer)
            score = tf.gather(logits, tf.argmax(logits, 1), batch_dims=1)
        g = tape.gradient(score, layer)
        return probabilities, tf.nn.relu(tf.einsum("nijk,nk->nij", layer, tf.reduce_mean(g, axis=(1, 2))))

    def targets(x):
        return np.concatenate([forward(c)[1].numpy().argmax(1) for c in chunks(x)]).astype(np.int32)

    def saliency(x):
        return np.concatenate([np.abs(predicted_gradient(c)[2].numpy()).max(-1) for c in chunks(x)])

    def many_gradients(points, target):
        return np.concatenate([gradient(c, t)[2].numpy() for c, t in zip(chunks(points), chunks(target))])

    def smoothgrad(x):
        target = targets(x)
        sigma = SG_NOISE * (x.max(axis=(1, 2, 3)) - x.min(axis=(1, 2, 3)))
        noise = tf.random.normal((len(x), SG_SAMPLES) + x.shape[1:]).numpy()
        noisy = (x[:, None] + sigma[:, None, None, None, None] * noise).reshape((-1,) + x.shape[1:]).astype(np.float32)
        g = many_gradients(noisy, np.repeat(target, SG_SAMPLES)).reshape((len(x), SG_SAMPLES) + x.shape[1:])
        return np.abs(g.mean(1)).max(-1)

    def integrated_gradients(x):
        target = targets(x)
        alphas = (np.arange(IG_STEPS, dtype=np.float32) + 1) / IG_STEPS
        path = (alphas[None, :, None, None, None] * x[:, None]).reshape((-1,) + x.shape[1:])
        g = many_gradients(path, np.repeat(target, IG_STEPS)).reshape((len(x), IG_STEPS) + x.shape[1:])
        baseline_scores = targets(np.zeros_like(x))  # the baseline's forward pass, as ij-xai's completeness check
        return (x * g.mean(1)).sum(-1), baseline_scores

    def occlusion(x):
        target = targets(x)
        h, w = x.shape[1:3]
        rows, columns = list(range(0, h - PATCH + 1, PATCH)), list(range(0, w - PATCH + 1, PATCH))
        rows += [h - PATCH] if rows[-1] + PATCH < h else []
        columns += [w - PATCH] if columns[-1] + PATCH < w else []
        occluded = []
        for n in range(len(x)):
            for top in rows:
                for left in columns:
                    copy = x[n].copy()
                    copy[top:top + PATCH, left:left + PATCH] = 0
                    occluded.append(copy)
        logits = np.concatenate([forward(c)[1].numpy() for c in chunks(np.stack(occluded))])
        return logits.reshape(len(x), -1, logits.shape[-1])[np.arange(len(x)), :, target]

    def grad_cam_all(x):
        return np.concatenate([grad_cam(c)[1].numpy() for c in chunks(x)])

    def checks(x, adversarial):
        """Forward passes of the adversarial images, as stored (rounded to 8 bits) and of random noise of the same size."""
        stored = np.round(adversarial * 255) / 255
        linf = np.abs(adversarial - x).max(axis=(1, 2, 3), keepdims=True)
        noise = x + linf * np.sign(np.random.uniform(-1, 1, x.shape)).astype(np.float32)
        return np.concatenate([forward(c)[0].numpy() for c in chunks(np.concatenate([adversarial, stored, noise]).astype(np.float32))])

    def fgsm(x):
        probabilities, g = zip(*[loss_gradient(c, tf.argmax(forward(c)[1], 1, output_type=tf.int32)) for c in chunks(x)])
        adversarial = x + FGSM_EPSILON * np.sign(np.concatenate([t.numpy() for t in g]))
        return checks(x, adversarial)

    def pgd(x, steps):
        goal = targets(x)
        adversarial = x.copy()
        step = PGD_EPSILON / 4
        # as many loss gradients as ij-xai took (it stops when every sample changed class) and that many steps
        for call in range(min(steps + 1, PGD_STEPS)):
            g = np.concatenate([loss_gradient(c, t)[1].numpy() for c, t in zip(chunks(adversarial), chunks(goal))])
            if call < steps:
                adversarial = x + np.clip(adversarial + step * np.sign(g) - x, -PGD_EPSILON, PGD_EPSILON)
        return checks(x, adversarial)

    return {"saliency": saliency, "smoothgrad": smoothgrad, "integrated-gradients": integrated_gradients, "occlusion": occlusion,
            "gradcam": grad_cam_all, "fgsm": fgsm, "pgd": pgd}


# ---------------------------------------------------------------- tf-explain 0.3.1

def tf_explain_functions(model, name):
    from tf_explain.core.grad_cam import GradCAM
    from tf_explain.core.integrated_gradients import IntegratedGradients
    from tf_explain.core.occlusion_sensitivity import OcclusionSensitivity
    from tf_explain.core.smoothgrad import SmoothGrad
    from tf_explain.core.vanilla_gradients import VanillaGradients

    # tf-explain needs Keras models: the frozen functions as layers (the layer output is Grad-CAM's)
    keras = tf.keras
    image = keras.Input(model.shape)
    layer = keras.layers.Lambda(lambda t: model.features(t), name=GRADCAM_LAYER[name])(image)
    probabilities = keras.layers.Lambda(lambda a: model.head(a)[0], name="probabilities")(layer)
    logits = keras.layers.Lambda(lambda t: model.forward(t)[1], name="logits")(image)
    classifier, scorer = keras.Model(image, probabilities), keras.Model(image, logits)

    def sigma(x):
        return float(SG_NOISE * (x.max() - x.min()))

    return {
        "saliency": lambda x: VanillaGradients().explain_score_model((x, None), scorer, 0),
        "smoothgrad": lambda x: SmoothGrad().explain((x, None), classifier, 0, num_samples=SG_SAMPLES, noise=sigma(x)),
        "integrated-gradients": lambda x: IntegratedGradients().explain((x, None), classifier, 0, n_steps=IG_STEPS),
        "occlusion": lambda x: OcclusionSensitivity(batch_size=CHUNK).explain((x, None), classifier, 0, PATCH),
        "gradcam": lambda x: GradCAM().explain((x, None), classifier, 0, layer_name=GRADCAM_LAYER[name]),
    }


def median_ms(work, x, repeats):
    warm_up = time.perf_counter()
    work(x)
    while time.perf_counter() - warm_up < WARM_UP_SECONDS:  # as the Java rows (Benchmark.alternate)
        work(x)
    times = []
    start = time.perf_counter()
    # at least REPEATS and MEASURE_SECONDS of repeats: the medians of fast rows steady (as Benchmark.alternate)
    while (len(times) < repeats or time.perf_counter() - start < MEASURE_SECONDS) and (len(times) < 3 or time.perf_counter() - start < 60):
        t = time.perf_counter()
        work(x)
        times.append((time.perf_counter() - t) * 1000)
    return float(np.median(times))


def main():
    out, repeats = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5
    # the PGD steps ij-xai made, from the Java table beside OUT (default: all)
    table = os.path.join(os.path.dirname(out), "table.tsv")
    pgd_steps = {}
    if os.path.exists(table):
        for row in (line.rstrip("\n").split("\t") for line in open(table)):
            if row[0] == "pgd" and len(row) > 6 and row[6].startswith("steps "):
                pgd_steps[(row[1], row[2])] = int(row[6].split()[1])
    only = re.compile(sys.argv[3] if len(sys.argv) > 3 else ".*")
    with open(out, "w") as lines:
        for name in MODELS:
            model = Model(name)
            peers = {"tf.function": peer_functions(model), "tf-explain 0.3.1": tf_explain_functions(model, name)}
            for batch in BATCHES:
                x = inputs(name, batch)
                for method in ["saliency", "smoothgrad", "integrated-gradients", "occlusion", "gradcam", "lrp", "fgsm", "pgd"]:
                    if not only.fullmatch(f"{method} {name} {batch}"):
                        continue
                    for peer, functions in peers.items():
                        if method in functions:
                            work = functions[method]
                            if method == "pgd":
                                steps = pgd_steps.get((name, str(batch)), PGD_STEPS)
                                work = lambda images, steps=steps: functions["pgd"](images, steps)
                            line = f"{method}\t{name}\t{batch}\t{peer}\t{median_ms(work, x, repeats):.2f}"
                            print(line, flush=True)
                            lines.write(line + "\n")
                            lines.flush()


if __name__ == "__main__":
    main()
