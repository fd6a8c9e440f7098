"""The counts in the data card (training/README.md): ``python -m training.datacard``."""
from __future__ import annotations

from collections import Counter

from knowledge import AREA_IDS

from .corpus import load_split
from .urgency import load_urgency


def main() -> None:
    train, test = load_split("train"), load_split("test")
    everything = train + test
    count = {name: Counter(lab for e in split for lab in (e.labels or ("out of scope",)))
             for name, split in (("train", train), ("test", test))}
    print(f"## Counts (train {len(train):,} + test {len(test):,} = {len(everything):,} inquiries; "
          f"{sum(not e.labels for e in everything):,} out of scope)\n")
    print("| area | train | test | total |\n|---|---|---|---|")
    for area in list(AREA_IDS) + ["out of scope"]:
        a, b = count["train"][area], count["test"][area]
        print(f"| {area} | {a} | {b} | {a + b} |")
    in_scope = [e for e in everything if e.labels]
    multi = sum(len(e.labels) >= 2 for e in in_scope) / len(in_scope)
    print(f"\n{multi:.0%} of in-scope inquiries carry two or more areas.")
    print("Registers: " + ", ".join(f"{k} {v:,}" for k, v in Counter(e.register for e in everything).most_common()) + ".")
    print("Languages: " + ", ".join(f"{k} {v:,}" for k, v in Counter(e.lang for e in everything).most_common()) + ".")
    for split in ("train", "test"):
        rows = load_urgency(split)
        kinds = Counter(r["kind"] for r in rows if r["urgent"])
        print(f"Urgency {split}: {sum(kinds.values())} urgent ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}), "
              f"{sum(not r['urgent'] for r in rows)} calm.")


if __name__ == "__main__":
    main()
