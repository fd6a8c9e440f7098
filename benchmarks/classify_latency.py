"""In-process latency of one classify vs bare Sudachi tokenization of the same text.

Usage: NUKUMORI_DATA_DIR=... python benchmarks/classify_latency.py [--n 500]
Prints median and p99 (ms) per text length, and the ratio classify / Sudachi.
"""
from __future__ import annotations

import argparse
import statistics
import time

from nukumori.service import load_router
from nukumori.settings import Settings
from router.tokenize import _tokenizer

BASE = ("八十代の母と二人暮らしです。息子は四十代で、二十年近く部屋から出てきません。母は最近物忘れがひどく、"
        "通帳をどこにしまったか分からなくなります。私の年金だけでは家賃と光熱費を払うのがやっとで、食費を削っています。"
        "どこに相談したらいいのか分かりません。近所付き合いもなく、頼れる人がいません。")


def _times(fn, text: str, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn(text)
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=500)
    args = ap.parse_args()
    router = load_router(Settings.from_env())
    tok = _tokenizer()
    print(f"{'chars':>6} {'classify p50':>13} {'p99':>8} {'sudachi p50':>12} {'p99':>8} {'ratio p50':>10}")
    for size in (20, 200, 1000, 5000):
        text = (BASE * (size // len(BASE) + 1))[:size]
        for _ in range(20):
            router.route(text)
        n = max(20, args.n * 200 // max(size, 200))
        c = sorted(_times(router.route, text, n))
        s = sorted(_times(lambda t: tok.tokenize(t), text, n))
        p = lambda xs, q: xs[min(len(xs) - 1, int(q * len(xs)))]
        print(f"{size:>6} {statistics.median(c):>13.2f} {p(c, 0.99):>8.2f} {statistics.median(s):>12.2f} {p(s, 0.99):>8.2f} "
              f"{statistics.median(c) / statistics.median(s):>10.1f}")


if __name__ == "__main__":
    main()
