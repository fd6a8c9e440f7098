"""Evidence: the words of the inquiry that pushed an area's score up."""
from __future__ import annotations

import numpy as np

from .compiled import CompiledModel

# Function words Sudachi keeps as content (negation, "to want", light verbs): never shown as
# the reason for a score.
NOT_EVIDENCE = {"ない", "たい", "ぬ", "ず", "する", "為る", "居る", "有る", "成る", "言う", "思う", "ある", "いる", "なる"}


def evidence(model: CompiledModel, row, label_index: int, limit: int = 5) -> list[str]:
    """Up to ``limit`` words (normalized forms) with the largest positive weight × value."""
    n_words = model.n_word_features
    idx, vals = row.indices, row.data
    words_mask = idx < n_words
    out: list[str] = []
    if words_mask.any():
        wi = idx[words_mask]
        contrib = vals[words_mask] * model.weights(label_index, wi)
        for k in np.argsort(-contrib):
            if contrib[k] <= 0 or len(out) >= limit:
                break
            for w in str(model.word_names[wi[k]]).split(" "):
                if w.startswith("__") or w in NOT_EVIDENCE or w in out:
                    continue
                out.append(w.replace("_", " "))
    names = model.char_names()
    if not out and names:
        # No word helped (dialect, typos): show the character pieces that did, as written.
        start = model.char_offset
        sel = (idx >= start) & (idx < start + len(names))
        ci, cv = idx[sel], vals[sel]
        contrib = cv * model.weights(label_index, ci)
        for k in np.argsort(-contrib)[:limit]:
            piece = str(names[ci[k] - start]).strip()
            if contrib[k] > 0 and piece and piece not in out and piece not in NOT_EVIDENCE:
                out.append(piece)
    return out[:limit]
