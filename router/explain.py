"""Evidence: the words of the inquiry that pushed an area's score up."""
from __future__ import annotations

import numpy as np

from .model import ModelBundle

_SKIP = {"ない", "たい", "ぬ", "ず", "する", "為る", "居る", "有る", "成る", "言う", "思う", "ある", "いる", "なる"}


def evidence(bundle: ModelBundle, row, label_index: int, limit: int = 5) -> list[str]:
    """Up to ``limit`` words (normalized forms) with the largest positive weight × value."""
    f = bundle.featurizer
    n_words = f.n_word_features_
    idx, vals = row.indices, row.data
    coef = bundle.classifier.coef_[label_index]
    words_mask = idx < n_words
    out: list[str] = []
    if words_mask.any():
        wi = idx[words_mask]
        contrib = vals[words_mask] * coef[wi]
        for k in np.argsort(-contrib):
            if contrib[k] <= 0 or len(out) >= limit:
                break
            for w in str(f.word_names_[wi[k]]).split(" "):
                if w.startswith("__") or w in _SKIP or w in out:
                    continue
                out.append(w.replace("_", " "))
    if not out and f.char_vectorizer_ is not None:
        # No word helped (dialect, typos): show the character pieces that did, as written.
        names = f.char_names()
        sel = (idx >= n_words) & (idx < n_words + len(names))
        ci, cv = idx[sel], vals[sel]
        contrib = cv * coef[ci]
        for k in np.argsort(-contrib)[:limit]:
            piece = str(names[ci[k] - n_words]).strip()
            if contrib[k] > 0 and piece and piece not in out and piece not in _SKIP:
                out.append(piece)
    return out[:limit]
