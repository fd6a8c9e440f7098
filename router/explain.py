"""Evidence: the words of the inquiry that pushed an area's score up."""
from __future__ import annotations

import numpy as np

from .compiled import CompiledModel

# Function words Sudachi keeps as content (negation, "to want", light verbs): never shown as
# the reason for a score.
NOT_EVIDENCE = {"ない", "たい", "ぬ", "ず", "する", "為る", "居る", "有る", "成る", "言う", "思う", "ある", "いる", "なる"}


def evidence(model: CompiledModel, row, label_indices: list[int], limit: int = 5,
             glossed: dict[str, str] | None = None) -> list[list[str]]:
    """For each label, up to ``limit`` words (normalized forms) with the largest positive
    weight × value; when no word helped (dialect, typos), the character pieces that did, as
    written. One weight lookup serves all labels. ``glossed`` (CompiledModel.glossed) shows a
    Japanese word that the glossary added for a word of another language as what the writer
    typed, with the Japanese beside it: evidence is never a word the inquiry does not contain."""
    glossed = glossed or {}
    idx, vals = row.indices, row.data  # sorted: word columns come first
    n_words = int(np.searchsorted(idx, model.n_word_features))
    word_contrib = model.coef_t[idx[:n_words]][:, label_indices] * vals[:n_words, None]
    names = model.char_names()
    out_all = []
    for j, label_index in enumerate(label_indices):
        out: list[str] = []
        contrib = word_contrib[:, j]
        for k in np.argsort(-contrib):
            if contrib[k] <= 0 or len(out) >= limit:
                break
            for w in str(model.word_names[idx[k]]).split(" "):
                if w.startswith("__") or w in NOT_EVIDENCE:
                    continue
                shown = glossed.get(w) or w.replace("_", " ")
                if shown not in out:
                    out.append(shown)
        if not out and names:
            start = model.char_offset
            sel = (idx >= start) & (idx < start + len(names))
            ci, cv = idx[sel], vals[sel]
            char_contrib = cv * model.weights(label_index, ci)
            for k in np.argsort(-char_contrib)[:limit]:
                piece = str(names[ci[k] - start]).strip()
                if char_contrib[k] > 0 and piece and piece not in out and piece not in NOT_EVIDENCE:
                    out.append(piece)
        out_all.append(out[:limit])
    return out_all
