"""The command line end to end (JVM start, TensorFlow start, load + flatten, explain, write the TIFF) for every
benchmarked method on the 32-slice stacks written by `Benchmark stacks`; median of 3 runs, milliseconds.

    python3 bench/cli.py OUT_DIR      (reads OUT_DIR/stacks, writes OUT_DIR/cli.tsv)
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
# the settings of Benchmark.CASES
METHODS = {
    "saliency": [], "smoothgrad": ["--samples", "50"], "integrated-gradients": ["--steps", "64", "--baseline", "zero"],
    "occlusion": ["--patch", "8", "--stride", "8", "--fill", "zero"], "gradcam": [], "lrp": ["--rule", "epsilon"],
    "fgsm": ["--epsilon", "0.03", "--units", "model"], "pgd": ["--epsilon", "0.004", "--units", "model", "--steps", "20"],
}
# Fashion-MNIST stacks hold the model's values (32-bit); the MobileNetV2 stacks are RGB, 0-255
NORMALIZE = {"fashion_mnist_cnn": "none", "mobilenetv2_small": "0-1"}


def main():
    out = sys.argv[1]
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2")
    with open(os.path.join(out, "cli.tsv"), "w") as lines, tempfile.TemporaryDirectory() as maps:
        for model in NORMALIZE:
            for method, options in METHODS.items():
                command = ["java", "-jar", os.path.join(ROOT, "target", "ij-xai.jar"), method, "--model", os.path.join(ROOT, "models", model),
                           "--image", os.path.join(out, "stacks", f"{model}_32.tif"), "--out", maps, "--normalize", NORMALIZE[model]] + options
                times = []
                for _ in range(3):
                    start = time.perf_counter()
                    run = subprocess.run(command, capture_output=True, text=True, env=env)
                    times.append((time.perf_counter() - start) * 1000)
                    if run.returncode != 0:
                        raise SystemExit(f"{' '.join(command)} failed: {run.stderr}")
                device = [l for l in run.stderr.splitlines() if "TensorFlow runs on" in l]
                line = f"{method}\t{model}\t32\t{statistics.median(times):.0f}\t{device[-1].removeprefix('ij-xai: ') if device else ''}"
                print(line, flush=True)
                lines.write(line + "\n")


if __name__ == "__main__":
    main()
