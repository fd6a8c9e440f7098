"""Urgency layer: its share of classify latency, and its figures on the two test sets.
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

DATA = Path(__file__).parents[1] / "tests" / "data"


def _rows(name):
    return [json.loads(x) for x in (DATA / name).read_text(encoding="utf-8").splitlines() if x.strip()]


def main() -> None:
    router = load_router(Settings.from_env())
    rows = _rows("urgency_dev.jsonl") + _rows("urgency_holdout.jsonl")
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
    for name in ("urgency_dev.jsonl", "urgency_holdout.jsonl"):
        rs = _rows(name)
        flagged = [bool(router.rules.check(analyze(r["text"]))) for r in rs]
        urgent = [f for f, r in zip(flagged, rs) if r["urgent"]]
        calm = [f for f, r in zip(flagged, rs) if not r["urgent"]]
        print(f"{name}: urgent recall {sum(urgent) / len(urgent):.3f} ({len(urgent)}), false alarms {sum(calm) / len(calm):.3f} ({len(calm)})")
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
