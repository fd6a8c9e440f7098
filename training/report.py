"""`nukumori eval`: figures, breakdowns, calibration, confusion matrix, worst mistakes, baselines."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from knowledge import AREA_IDS
from router import multi_issue
from router.analysis import analyze
from router.pipeline import Router

from .baselines import KeywordBaseline, char_ngram_router
from .corpus import Example, load_split
from .evaluate import breakdown, ece, score_results, worst_mistakes
from .train import label_matrix, train_bundle

HEADLINE = ("top1", "recall_at_3", "oos_accuracy", "in_scope_called_oos")


def _route_all(router: Router, examples: list[Example]) -> tuple[list[dict], np.ndarray]:
    return router.route_analyses([analyze(e.text) for e in examples])


def cross_validate(examples: list[Example], k: int, kb) -> dict:
    rng = np.random.default_rng(0)
    folds = rng.integers(0, k, len(examples))
    top1 = []
    for f in range(k):
        tr = [e for e, g in zip(examples, folds) if g != f]
        te = [e for e, g in zip(examples, folds) if g == f]
        bundle, _ = train_bundle(tr, progress=lambda m: None)
        r = Router(kb=kb, model=bundle, version=f"cv{f}")
        top1.append(score_results(te, [r.route_analysis(analyze(e.text)) for e in te])["top1"])
    return {"k": k, "top1_mean": round(float(np.mean(top1)), 4), "top1_sd": round(float(np.std(top1)), 4), "folds": top1}


def confusion_outputs(confusion: dict, out_dir: Path) -> dict:
    out_dir.mkdir(parents=True, exist_ok=True)
    labels = list(AREA_IDS) + ["out_of_scope"]
    M = np.array([[confusion.get(g, {}).get(p, 0) for p in labels] for g in labels])
    lines = ["gold \\ predicted\t" + "\t".join(labels)] + [labels[i] + "\t" + "\t".join(map(str, M[i])) for i in range(len(labels))]
    (out_dir / "confusion.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(11, 10))
    ax.imshow(np.log1p(M), cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=8)
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    for i in range(len(labels)):
        for j in range(len(labels)):
            if M[i, j]:
                ax.text(j, i, str(M[i, j]), ha="center", va="center", fontsize=6, color="black" if i != j else "white")
    ax.set_xlabel("predicted top area")
    ax.set_ylabel("gold (the matched label, else the first)")
    fig.tight_layout()
    fig.savefig(out_dir / "confusion.png", dpi=110)
    plt.close(fig)
    return {"image": str(out_dir / "confusion.png"), "text": str(out_dir / "confusion.tsv")}


def evaluation_report(router: Router, examples: list[Example], baselines: bool = True, cv: int = 0,
                      out_dir: str | None = None) -> dict:
    results, probs = _route_all(router, examples)
    labels = router.model.labels
    area_cols = [i for i, lab in enumerate(labels) if lab in AREA_IDS]
    gold = label_matrix(examples, labels)[:, area_cols]
    report = {
        "model_version": router.version,
        "router": score_results(examples, results, router.thresholds.multi),
        "ece": round(ece(probs[:, area_cols], gold), 4),
        "by_register": breakdown(examples, results, "register"),
        "by_language": breakdown(examples, results, "lang"),
        "worst_mistakes": worst_mistakes(examples, results),
        "thresholds": router.model.thresholds,
        "multi_rule": multi_issue.explain(router.model.multi_rule) if router.model.multi_rule else None,
    }
    if out_dir:
        report["confusion_files"] = confusion_outputs(report["router"]["confusion"], Path(out_dir))
    if baselines:
        kw = KeywordBaseline(router.kb)
        report["baseline_keywords"] = {k: v for k, v in score_results(examples, [kw.route(e.text) for e in examples]).items() if k in HEADLINE}
        ch = char_ngram_router(load_split("train"), router.kb)
        report["baseline_char_ngrams"] = {k: v for k, v in score_results(examples, ch.route_many([e.text for e in examples]), ch.thresholds.multi).items() if k in HEADLINE}
    if cv:
        report["cross_validation"] = cross_validate(load_split("train"), cv, router.kb)
    return report


def print_report(r: dict) -> None:
    rows = [("router", r["router"])]
    rows += [(name, r[key]) for name, key in (("keywords", "baseline_keywords"), ("char n-grams", "baseline_char_ngrams")) if key in r]
    print(f"model {r['model_version']}  ({r['router']['n']} examples)")
    print(f"{'':14}" + "".join(f"{h:>22}" for h in HEADLINE))
    for name, s in rows:
        print(f"{name:14}" + "".join(f"{(s[h] if s[h] is not None else float('nan')):>22.3f}" for h in HEADLINE))
    m = r["router"]["multi_issue"]
    print(f"\nmulti_issue: precision {m['precision']:.3f} recall {m['recall']:.3f} (support {m['support']})")
    print(f"expected calibration error: {r['ece']:.4f}")
    print(f"decisions: {r['router']['decisions']}")
    if "cross_validation" in r:
        cv = r["cross_validation"]
        print(f"{cv['k']}-fold cross-validation top-1 on the train split: {cv['top1_mean']:.3f} ± {cv['top1_sd']:.3f}")
    print("\nper area            precision  recall     f1  support")
    for a, s in r["router"]["per_area"].items():
        print(f"{a:20}{s['precision']:>9.3f}{s['recall']:>8.3f}{s['f1']:>7.3f}{s['support']:>9}")
    for key, title in (("by_register", "register"), ("by_language", "language")):
        print(f"\nby {title:12}    n   top1  recall@3  oos_acc")
        for g, s in r[key].items():
            f = lambda v: f"{v:.3f}" if v is not None else "  -  "
            print(f"  {g:12}{s['n']:>5}  {f(s['top1'])}  {f(s['recall_at_3'])}     {f(s['oos_accuracy'])}")
    print("\nworst mistakes")
    for w in r["worst_mistakes"]:
        print(f"  {w['confidence']:.2f} gold={','.join(w['gold']) or 'out_of_scope'} got={w['got'][:2]} {w['decision']}: {w['text']}")
    if "confusion_files" in r:
        print(f"\nconfusion matrix: {r['confusion_files']['image']} and {r['confusion_files']['text']}")
