"""Urgency: the rules' share of classify latency; rules, learned signal and both together on
every urgency set (train sets: the rules were fixed on them; test: held out from both).
Masking: recall (secrets removed) and precision (ordinary words kept) on the masking table.

Usage: NUKUMORI_DATA_DIR=... python benchmarks/urgency_and_masking.py
"""
from __future__ import annotations

import json
import time
import unicodedata
from pathlib import Path

from nukumori.service import load_router
from nukumori.settings import Settings
from router.features import analyze
from router.mask import mask
from router.urgency_signal import learned_match
from training.urgency import URGENCY_DIR

DATA = Path(__file__).parents[1] / "tests" / "data"  # the masking table


def _rows(name):
    return [json.loads(x) for x in (DATA / name).read_text(encoding="utf-8").splitlines() if x.strip()]


def main() -> None:
    router = load_router(Settings.from_env())
    sets = {p.relative_to(URGENCY_DIR).as_posix(): [json.loads(x) for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
            for p in sorted(URGENCY_DIR.glob("*/*.jsonl"))}
    rows = [r for rs in sets.values() for r in rs]
    texts = [r["text"] for r in rows]
    analyses = [analyze(t) for t in texts]
    for _ in range(2):
        for a in analyses[:50]:
            router.route_analysis(a)
    t0 = time.perf_counter()
    for _ in range(3):
        for a in analyses:
            router.rules.check(a)
    rules_ms = (time.perf_counter() - t0) * 1000 / (3 * len(analyses))
    t0 = time.perf_counter()
    for _ in range(3):
        for t in texts:
            router.route(t)
    total_ms = (time.perf_counter() - t0) * 1000 / (3 * len(texts))
    print(f"urgency rules {rules_ms:.3f} ms per inquiry; whole classify {total_ms:.3f} ms; share {rules_ms / total_ms:.1%}")
    print(f"{'set':<20} {'n urgent/calm':>14} {'rules R / FA':>14} {'learned R / FA':>15} {'both R / FA':>13}")
    for name, rs in sets.items():
        analyses = [analyze(r["text"]) for r in rs]
        rule = [bool(router.rules.check(a)) for a in analyses]
        learned = [learned_match(router.model, a, router.model.row(a)) is not None for a in analyses]
        gold = [bool(r["urgent"]) for r in rs]

        def rf(flags):
            u = [f for f, g in zip(flags, gold) if g]
            c = [f for f, g in zip(flags, gold) if not g]
            share = lambda xs: f"{sum(xs) / len(xs):.2f}" if xs else "–"  # a calm-only set has no urgent lines
            return f"{share(u)} / {share(c)}"
        print(f"{name:<20} {sum(gold):>6}/{len(gold) - sum(gold):<7} {rf(rule):>14} {rf(learned):>15} "
              f"{rf([a or b for a, b in zip(rule, learned)]):>13}")
    cases = _rows("masking_cases.jsonl")
    leaked = kept_lost = n_secret = n_keep = 0
    for c in cases:
        m = mask(c["text"])
        n_secret += len(c["secrets"])
        n_keep += len(c["keep"])
        leaked += sum(unicodedata.normalize("NFKC", s) in m for s in c["secrets"])
        kept_lost += sum(unicodedata.normalize("NFKC", k) not in m for k in c["keep"])
    print(f"masking: recall {1 - leaked / n_secret:.3f} ({n_secret - leaked}/{n_secret} secrets masked), "
          f"precision {1 - kept_lost / n_keep:.3f} ({n_keep - kept_lost}/{n_keep} ordinary words kept)")
    samples = [c["text"] for c in cases]
    t0 = time.perf_counter()
    for s in samples:
        mask(s)
    print(f"masking {(time.perf_counter() - t0) * 1000 / len(samples):.3f} ms per text")


if __name__ == "__main__":
    main()
