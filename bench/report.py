"""bench/RESULTS.md from the files bench/run wrote into OUT_DIR.

    python3 bench/report.py OUT_DIR > bench/RESULTS.md
"""
import os
import platform
import subprocess
import sys
from collections import defaultdict

METHODS = ["saliency", "smoothgrad", "integrated-gradients", "occlusion", "gradcam", "lrp", "fgsm", "pgd"]


def rows(path):
    with open(path) as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def only_row(out, file):
    return rows(os.path.join(out, file))[0]


def command(*args):
    try:
        return subprocess.run(args, capture_output=True, text=True).stdout.strip() or subprocess.run(args, capture_output=True, text=True).stderr.strip()
    except OSError:
        return "?"


def machine(out):
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    memory = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")) / 1024 ** 2
    import tensorflow as tf  # noqa: the version of the Python peer
    java = command("java", "-version").splitlines()[0]
    load = open(os.path.join(out, "load-average.txt")).read().strip()
    rerun = os.path.join(out, "load-average-rerun.txt")
    if os.path.exists(rerun):
        load += "`; rows re-measured later (see bench/README.md), load at each step: `" + " | ".join(l.strip() for l in open(rerun))
    return "\n".join([
        f"- CPU: {cpu}, {os.cpu_count()} cores visible (nproc), no GPU; {memory:.0f} GB RAM; {platform.platform()}",
        f"- Java: {java}; TensorFlow Java 1.1.0 (TensorFlow 2.18 native, CPU build, linux-x86_64)",
        f"- Python {platform.python_version()}: TensorFlow {tf.__version__} (tensorflow-cpu), tf-explain 0.3.1 on tf_keras",
        f"- Threads: ij-xai and the floor use the session ij-xai configures ({os.cpu_count()} intra-op and inter-op threads); "
        f"the Python peers are set to the same counts",
        f"- Load when the run started (the run itself then keeps it near the core count; more means other jobs): `{load}`",
    ])


def main():
    out = sys.argv[1]
    table = {(r[0], r[1], r[2]): r for r in rows(os.path.join(out, "table.tsv"))}
    peers = defaultdict(list)
    for method, model, batch, peer, ms in rows(os.path.join(out, "peers.tsv")):
        peers[(method, model, batch)].append((peer, float(ms)))
    print("# Benchmark results\n")
    print("Made by `bench/run` (see bench/README.md for what each column measures). Medians over repeated runs, milliseconds.\n")
    print("## Machine\n")
    print(machine(out) + "\n")
    print("## ij-xai, its floor and its peers\n")
    print("floor ratio = ij-xai ms / floor ms; peer ratio = ij-xai ms / peer ms (below 1: ij-xai is faster). "
          f"Device: {next(iter(table.values()))[5]} (the device ij-xai's session reported).\n")
    print("method | model | batch | ij-xai ms | floor ms | floor ratio | peer | peer ms | peer ratio")
    print("---|---|---|---|---|---|---|---|---")
    notes = []
    for model in sorted({k[1] for k in table}):
        for batch in ["1", "32"]:
            for method in METHODS:
                row = table.get((method, model, batch))
                if row is None:
                    continue
                ours, floor = float(row[3]), float(row[4])
                if len(row) > 6 and row[6]:
                    notes.append(f"{method} {model} batch {batch}: {row[6]}")
                for peer, ms in peers.get((method, model, batch)) or [("none", None)]:
                    print(f"{method} | {model} | {batch} | {ours:.1f} | {floor:.1f} | {ours / floor:.2f} | {peer} | "
                          + (f"{ms:.1f} | {ours / ms:.2f}" if ms else "— | —"))
    if notes:
        print("\nPGD stops when every sample reached its goal; steps ij-xai took (the floor and the peers take as many loss gradients and steps): " + "; ".join(notes) + ".")

    print("\n## Batched against one TensorFlow call per sample (one image)\n")
    for method, model, batched, single in rows(os.path.join(out, "scaling.tsv")):
        print(f"- {method}, {model}: {float(batched):.1f} ms with 128 samples per call (all in one), {float(single):.1f} ms with one call per sample: "
              f"**{float(single) / float(batched):.1f}x** faster batched")

    print("\n## Load + flatten + first result, and reuse (fresh JVM each)\n")
    for name, native, load, first, total, same, reuse_ms, second in (only_row(out, f"load_{m}.tsv") for m in ["mobilenetv2_small", "fashion_mnist_cnn"]):
        print(f"- {name}: TensorFlow native start {native} ms, load + flatten + freeze {load} ms, first saliency result {first} ms: "
              f"**{float(total) / 1000:.2f} s** from JVM main to the first result. The cache returned the same model again: {same} "
              f"(lookup {reuse_ms} ms; second result {second} ms)")
    cli = rows(os.path.join(out, "cli.tsv"))
    print("\nCommand line end to end (JVM start, load, explain 32 slices, write the TIFF; median of 3):\n")
    print("```")
    for method, model, batch, ms, device in cli:
        print(f"{method:22s} {model:18s} batch {batch}: {int(ms):6d} ms   ({device})")
    print("```")

    print("\n## Native memory: 10,000 consecutive saliency calls in one JVM\n")
    leak = [line.split() for line in open(os.path.join(out, "leak.txt")) if line.strip()]
    samples = [(int(a), int(b)) for a, b in leak if a.isdigit()]
    peak = next(int(b) for a, b in leak if a == "peak")
    growth = (samples[-1][1] - samples[0][1]) / 1024
    print("Fashion-MNIST CNN, batch 1, after 200 warm-up calls; heap fixed and pre-touched (-Xms1g -Xmx1g -XX:+AlwaysPreTouch), "
          "so growth is native memory. Resident memory (VmRSS) every 1,000 calls, MB:\n")
    print("```")
    print("  ".join(f"{c}: {kb / 1024:.1f}" for c, kb in samples))
    print("```")
    print(f"\nGrowth over {samples[-1][0]:,} calls: **{growth:+.1f} MB** (target < 50 MB); peak resident {peak / 1024:.0f} MB.")

    print("\n## A 2,000-slice stack, streamed in batches\n")
    for n, out_slices, reports, last, seconds, before, after, peak in (only_row(out, f"stream_{s}.tsv") for s in ["200", "2000"]):
        print(f"- {n} Fashion-MNIST slices, saliency through ExplainRun (batches of 128): {out_slices} map slices in {float(seconds):.2f} s, "
              f"{reports} progress reports (last: {last} of {n}); resident memory {int(before) / 1024:.0f} MB before, "
              f"{int(after) / 1024:.0f} MB after, peak {int(peak) / 1024:.0f} MB")


if __name__ == "__main__":
    main()
