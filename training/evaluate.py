"""Accuracy figures of a router on labelled examples, and the two baselines beside it.

Definitions (all over the examples given):
- top-1: in-scope inquiries whose top area is among the gold labels.
- recall@3: gold labels found in the top three areas, out of the most that three places can
  hold (min(3, number of gold labels)), averaged per in-scope inquiry.
- hit@3: in-scope inquiries with at least one gold label in the top three.
- out-of-scope accuracy: out-of-scope inquiries decided ``out_of_scope``.
- in-scope called out of scope: in-scope inquiries decided ``out_of_scope``.
- per area: predicted = the areas a result refers to (its top area when it refers to none),
  包括的相談支援 only where it scores at least the multi-issue floor itself; for the keyword
  baseline, areas scoring at least a floor, and the top one.
- multi_issue precision/recall against "two or more gold labels".
- ECE: expected calibration error of every (inquiry, area) score, 10 bins.
"""
from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np

from knowledge import AREA_IDS

from .corpus import Example

COMPREHENSIVE = "comprehensive"


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "support": tp + fn}


def ece(probs: np.ndarray, gold: np.ndarray, bins: int = 10) -> float:
    probs, gold = probs.ravel(), gold.ravel()
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        sel = (probs >= lo) & (probs < hi if hi < 1 else probs <= hi)
        if sel.any():
            total += sel.mean() * abs(probs[sel].mean() - gold[sel].mean())
    return float(total)


def score_results(examples: list[Example], results: list[dict], multi_floor: float | None = None) -> dict:
    """Figures from contract results (``areas`` ranked with scores) against gold labels."""
    top1 = r3 = hit3 = n_in = 0
    oos_ok = n_oos = in_as_oos = 0
    counts = {a: [0, 0, 0] for a in AREA_IDS}  # tp, fp, fn
    multi = [0, 0, 0]
    decisions = Counter()
    confusion = defaultdict(Counter)
    for e, r in zip(examples, results):
        decisions[r["decision"]] += 1
        ranked = [a["id"] for a in r["areas"]]
        gold = set(e.labels)
        if not gold:
            n_oos += 1
            oos_ok += r["decision"] == "out_of_scope"
            confusion["out_of_scope"][ranked[0] if ranked and r["decision"] != "out_of_scope" else "out_of_scope"] += 1
            predicted = set()
        else:
            n_in += 1
            top1 += bool(ranked) and ranked[0] in gold
            r3 += len(gold & set(ranked[:3])) / min(3, len(gold))
            hit3 += bool(gold & set(ranked[:3]))
            in_as_oos += r["decision"] == "out_of_scope"
            # Row: the gold label the top area matched, else the first gold label; so a right
            # top-1 sits on the diagonal even for multi-label inquiries.
            row = ranked[0] if ranked and ranked[0] in gold else e.labels[0]
            confusion[row][ranked[0] if ranked else "out_of_scope"] += 1
            floor = multi_floor if multi_floor is not None else 0.5
            above = {a["id"] for a in r["areas"] if a["score"] >= floor} | ({ranked[0]} if ranked else set())
            if "referrals" in r:  # the router: the desks its result refers to
                predicted = {x["area"] for x in r["referrals"]} or ({ranked[0]} if ranked else set())
                # Every multi-issue result is referred to 包括的相談支援 as well (the contract);
                # as an area it counts only where the model itself scores it as one.
                if COMPREHENSIVE not in above:
                    predicted.discard(COMPREHENSIVE)
            else:  # the keyword baseline refers nowhere: its areas above a floor
                predicted = above
            predicted &= set(AREA_IDS)
            gm, pm = len(gold) >= 2, bool(r["multi_issue"])
            multi[0] += gm and pm
            multi[1] += pm and not gm
            multi[2] += gm and not pm
        for a in AREA_IDS:
            counts[a][0] += a in predicted and a in gold
            counts[a][1] += a in predicted and a not in gold
            counts[a][2] += a in gold and a not in predicted
    return {
        "n": len(examples),
        "top1": round(top1 / n_in, 4) if n_in else None,
        "recall_at_3": round(r3 / n_in, 4) if n_in else None,
        "hit_at_3": round(hit3 / n_in, 4) if n_in else None,
        "oos_accuracy": round(oos_ok / n_oos, 4) if n_oos else None,
        "in_scope_called_oos": round(in_as_oos / n_in, 4) if n_in else None,
        "multi_issue": _prf(*multi),
        "per_area": {a: _prf(*counts[a]) for a in AREA_IDS},
        "decisions": dict(decisions),
        "confusion": {k: dict(v) for k, v in confusion.items()},
    }


def breakdown(examples: list[Example], results: list[dict], key: str) -> dict:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(examples):
        groups[getattr(e, key)].append(i)
    out = {}
    for g, idx in sorted(groups.items()):
        s = score_results([examples[i] for i in idx], [results[i] for i in idx])
        out[g] = {k: s[k] for k in ("n", "top1", "recall_at_3", "oos_accuracy", "in_scope_called_oos")}
    return out


def worst_mistakes(examples: list[Example], results: list[dict], limit: int = 20) -> list[dict]:
    """In-scope inquiries whose top area is wrong (most confident first), and missed out-of-scope."""
    rows = []
    for e, r in zip(examples, results):
        ranked = r["areas"]
        gold = set(e.labels)
        if gold and (not ranked or ranked[0]["id"] not in gold):
            conf = ranked[0]["score"] if ranked else 0.0
            rows.append({"text": e.text[:120], "gold": list(e.labels), "got": [(a["id"], a["score"]) for a in ranked[:3]],
                         "decision": r["decision"], "confidence": conf})
        elif not gold and r["decision"] != "out_of_scope":
            rows.append({"text": e.text[:120], "gold": [], "got": [(a["id"], a["score"]) for a in ranked[:3]],
                         "decision": r["decision"], "confidence": ranked[0]["score"] if ranked else 0.0})
    return sorted(rows, key=lambda x: -x["confidence"])[:limit]
