"""Training time against corpus size: the train split resampled 1×, 2×, 4× and 8×.

Resampling repeats inquiries with a small change (a suffix number) so that the vectorizers see
distinct texts; it measures cost, not accuracy. Usage: python benchmarks/training_scale.py [--max 8]
"""
from __future__ import annotations

import argparse
import random
import time

from training.corpus import Example, load_split
from training.train import train_bundle


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--max", type=int, default=8)
    args = ap.parse_args()
    base = load_split("train")
    rng = random.Random(0)
    print(f"{'scale':>5} {'examples':>9} {'features':>9} {'seconds':>8}")
    scale = 1
    while scale <= args.max:
        data = list(base) + [Example(f"{e.text} {k}", e.labels) for k in range(1, scale) for e in rng.sample(base, len(base))]
        t = time.perf_counter()
        _, info = train_bundle(data, progress=lambda m: None)
        print(f"{scale:>5} {len(data):>9} {info['n_features']:>9} {time.perf_counter() - t:>8.1f}", flush=True)
        scale *= 2


if __name__ == "__main__":
    main()
