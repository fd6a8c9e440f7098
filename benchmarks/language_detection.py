"""Script + common-word detector (router/language.py) against langid.py on the corpus's lang tags.

Usage: python benchmarks/language_detection.py   (pip install langid to compare)
"""
from __future__ import annotations

import time
from collections import Counter

from router.language import detect_language
from router.normalize import normalize
from training.corpus import load_split


def main() -> None:
    ex = [e for e in load_split("train") + load_split("test") if e.labels]  # noise lines have no language
    texts = [normalize(e.text) for e in ex]
    gold = [e.lang for e in ex]
    detectors = {"nukumori (script + words)": detect_language}
    try:
        import langid

        langid.set_languages(["ja", "en", "vi", "pt", "zh", "tl", "id", "ne", "ko", "es"])
        detectors["langid.py"] = lambda t: langid.classify(t)[0]
    except ImportError:
        print("langid not installed: only nukumori's detector is measured")
    for name, fn in detectors.items():
        t0 = time.perf_counter()
        pred = [fn(t) for t in texts]
        ms = (time.perf_counter() - t0) * 1000 / len(texts)
        ok = sum(p == g for p, g in zip(pred, gold))
        foreign = [(p, g) for p, g in zip(pred, gold) if g != "ja"]
        ja_as_foreign = sum(1 for p, g in zip(pred, gold) if g == "ja" and p != "ja")
        errors = Counter((g, p) for p, g in zip(pred, gold) if p != g).most_common(6)
        print(f"{name:28} accuracy {ok / len(texts):.3f}  non-Japanese {sum(p == g for p, g in foreign) / len(foreign):.3f}"
              f"  Japanese called foreign {ja_as_foreign}  {ms:.3f} ms/text  top confusions {errors}")


if __name__ == "__main__":
    main()
