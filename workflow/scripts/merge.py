"""Merges the tables that shards of one ij-xai command wrote into the tables one run over all the images writes.

Each shard is a folder holding the command's output files and its stdout (stdout.txt), shards in chunk order
(ij-xai's --shard I/N takes contiguous chunks, so chunk order is file order). Numbers are written as ij-xai
writes them (Java's %.Nf and %.Ng: half-up rounding, %g keeping trailing zeros).
"""
import csv
import math
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROBUSTNESS = "robustness.csv"
SUMMARY, CURVES, VALUES = "evaluation.csv", "curves.csv", "evaluation_images.csv"


def java_fixed(x, digits):
    """Java's String.format("%.<digits>f", x)."""
    if math.isnan(x):
        return "NaN"
    return str(Decimal(repr(x)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def java_g(x, precision=6):
    """Java's String.format("%.<precision>g", x): decimal from 1e-4 up to 10^precision, else scientific."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return java_fixed(0.0, precision - 1)
    value = Decimal(repr(x))
    exponent = value.copy_abs().adjusted()
    rounded = value.quantize(Decimal(1).scaleb(exponent - precision + 1), rounding=ROUND_HALF_UP)
    exponent = rounded.copy_abs().adjusted()  # 9.999995 rounds up to 10.0000
    if Decimal("1e-4") <= rounded.copy_abs() < Decimal(10) ** precision:
        return str(rounded.quantize(Decimal(1).scaleb(min(0, exponent - precision + 1)), rounding=ROUND_HALF_UP))
    mantissa = (rounded.scaleb(-exponent)).quantize(Decimal(1).scaleb(1 - precision), rounding=ROUND_HALF_UP)
    return f"{mantissa}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def write(path, header, lines):
    Path(path).write_text(",".join(header) + "\n" + "".join(",".join(line) + "\n" for line in lines))


def concatenate_stdout(shards, target):
    """The shards' stdout in chunk order, without the "wrote FILE" lines: the table one run prints
    (predictions, or the maps' slice labels)."""
    with open(target, "w") as out:
        for shard in shards:
            out.writelines(line for line in Path(shard, "stdout.txt").read_text().splitlines(keepends=True) if not line.startswith("wrote "))


def robustness(shards, target):
    """One row per attack and epsilon: the shards' correct and total counts summed, accuracy correct/total."""
    merged = {}
    for shard in shards:
        for row in rows(Path(shard, ROBUSTNESS)):
            key = (row["attack"], row["epsilon"])
            correct, total = merged.get(key, (0, 0))
            merged[key] = (correct + int(row["correct"]), total + int(row["total"]))
    write(target, ["attack", "epsilon", "accuracy", "correct", "total"],
          [[attack, epsilon, java_fixed(correct / total if total else math.nan, 4), str(correct), str(total)]
           for (attack, epsilon), (correct, total) in merged.items()])


def evaluation(shards, folder):
    """evaluation_images.csv (images renumbered across shards), evaluation.csv recomputed from it, curves.csv
    (the shards' mean curves weighted by their image counts). curves.png is not merged."""
    values, counts = {}, []
    for shard in shards:
        shard_rows = rows(Path(shard, VALUES))
        offset = sum(counts)
        counts.append(max((int(row["image"]) for row in shard_rows), default=0))
        for row in shard_rows:
            values.setdefault((row["method"], row["metric"]), []).append((int(row["image"]) + offset, row["value"]))
    write(Path(folder, VALUES), ["method", "metric", "image", "value"],
          [[method, metric, str(image), value] for (method, metric), per_image in values.items() for image, value in per_image])

    summary = []
    for row in rows(Path(shards[0], SUMMARY)):
        defined = [float(v) for _, v in values[(row["method"], row["metric"])] if math.isfinite(float(v))]
        n = len(defined)
        mean = math.fsum(defined) / n if n else math.nan
        sem = math.sqrt(math.fsum((v - mean) ** 2 for v in defined) / (n - 1) / n) if n > 1 else math.nan
        summary.append([row["method"], row["metric"], java_g(mean), java_g(sem), str(n)])
    write(Path(folder, SUMMARY), ["method", "metric", "mean", "sem", "n"], summary)

    curves = {}
    for shard, count in zip(shards, counts):
        for row in rows(Path(shard, CURVES)):
            key = (row["method"], row["curve"], row["step"], row["fraction"])
            curves[key] = curves.get(key, 0.0) + float(row["mean"]) * count / sum(counts)
    write(Path(folder, CURVES), ["method", "curve", "step", "fraction", "mean"], [[*key, java_g(mean)] for key, mean in curves.items()])

