"""Split hand-written slices (training/corpus/raw/) into train/ and test/, once.

Near-duplicates (3-character shingle Jaccard ≥ 0.5) are grouped and a whole group goes to one
side, so the test split never holds a sentence the model saw with one word changed.
Usage: python -m training.split [--test-share 0.2]
"""
from __future__ import annotations

import argparse
import hashlib
import json
from collections import defaultdict

from .corpus import CORPUS_DIR, jaccard, read_file, shingles

NEAR_DUPLICATE = 0.5


def near_duplicate_pairs(texts_a: list[str], texts_b: list[str] | None = None, threshold: float = NEAR_DUPLICATE):
    """Pairs (i, j, similarity) with Jaccard ≥ threshold; within texts_a, or between a and b."""
    sa = [shingles(t) for t in texts_a]
    sb = sa if texts_b is None else [shingles(t) for t in texts_b]
    index: dict[str, list[int]] = defaultdict(list)
    for j, s in enumerate(sb):
        for g in s:
            index[g].append(j)
    out = []
    for i, s in enumerate(sa):
        counts: dict[int, int] = defaultdict(int)
        for g in s:
            posting = index[g]
            if len(posting) > 300:  # too common to tell anything apart
                continue
            for j in posting:
                counts[j] += 1
        for j, c in counts.items():
            if texts_b is None and j <= i:
                continue
            if c * 2 < threshold * min(len(s), len(sb[j])):
                continue
            sim = jaccard(s, sb[j])
            if sim >= threshold:
                out.append((i, j, sim))
    return out


def _groups(texts: list[str]) -> list[int]:
    parent = list(range(len(texts)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j, _ in near_duplicate_pairs(texts):
        parent[find(i)] = find(j)
    return [find(i) for i in range(len(texts))]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--test-share", type=float, default=0.2)
    args = ap.parse_args(argv)
    raw = sorted((CORPUS_DIR / "raw").glob("*.jsonl"))
    for p in raw:
        examples = read_file(p)
        lines = [json.loads(x) for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
        groups = _groups([e.text for e in examples])
        buckets: dict[str, list[dict]] = {"train": [], "test": []}
        for line, g in zip(lines, groups):
            h = int(hashlib.sha256(lines[g]["text"].encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
            buckets["test" if h < args.test_share else "train"].append(line)
        for split, items in buckets.items():
            out = CORPUS_DIR / split / p.name
            out.parent.mkdir(parents=True, exist_ok=True)
            with out.open("a", encoding="utf-8") as f:
                for item in items:
                    f.write(json.dumps(item, ensure_ascii=False) + "\n")
        print(f"{p.name}: train {len(buckets['train'])}, test {len(buckets['test'])}")
        p.unlink()


if __name__ == "__main__":
    main()
