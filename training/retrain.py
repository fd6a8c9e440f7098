"""Retraining from the web: what data goes in, one background job at a time, the candidate
report against the model in service, and the promotion gate."""
from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from knowledge import AREA_IDS, default_knowledge
from router.analysis import analyze
from router.pipeline import Router

from .corpus import Example, data_hash, load_split
from .evaluate import score_results
from .registry import Registry

STALE_SECONDS = 30 * 60  # a "running" job older than this died with its process
RECALL_DROP = 0.05


class Busy(RuntimeError):
    """A training is already running."""


def training_examples(data_dir: Path) -> tuple[list[Example], dict[str, int]]:
    """The bundled train split, every upload, and the staff feedback an admin accepted."""
    from web.db import connect

    examples = load_split("train")
    sources = {"bundled corpus": len(examples), "uploads": 0, "staff feedback (accepted)": 0}
    with connect(data_dir) as con:
        for r in con.execute("SELECT text, labels FROM upload_rows"):
            examples.append(Example(r["text"], tuple(json.loads(r["labels"])), source="upload"))
            sources["uploads"] += 1
        for r in con.execute("SELECT masked_text, labels FROM feedback WHERE status = 'accepted'"):
            examples.append(Example(r["masked_text"], tuple(json.loads(r["labels"])), source="feedback"))
            sources["staff feedback (accepted)"] += 1
    return examples, sources


def start(data_dir: Path, actor: str, on_done=None) -> int:
    """Start a background training; Busy if one is running (in any worker process)."""
    from web.db import audit, connect

    now = time.time()
    with connect(data_dir) as con:
        running = con.execute("SELECT id FROM jobs WHERE status = 'running' AND started > ?", (now - STALE_SECONDS,)).fetchone()
        if running:
            raise Busy(f"training #{running['id']} is still running")
        con.execute("UPDATE jobs SET status = 'failed', message = 'the process stopped' WHERE status = 'running'")
        job_id = con.execute("INSERT INTO jobs (kind, status, started, actor, message) VALUES ('train', 'running', ?, ?, ?)",
                             (now, actor, "starting")).lastrowid
        audit(con, actor, "train.start", f"job #{job_id}")
    threading.Thread(target=_run, args=(Path(data_dir), job_id, actor, on_done), daemon=True, name=f"train-{job_id}").start()
    return job_id


def _progress(data_dir: Path, job_id: int, value: float, message: str) -> None:
    from web.db import connect

    with connect(data_dir) as con:
        con.execute("UPDATE jobs SET progress = ?, message = ? WHERE id = ?", (value, message, job_id))


def _run(data_dir: Path, job_id: int, actor: str, on_done) -> None:
    from web.db import audit, connect

    try:
        examples, sources = training_examples(data_dir)
        _progress(data_dir, job_id, 0.05, f"{len(examples)} examples")
        steps = iter([0.15, 0.4, 0.75])

        def progress(message: str) -> None:
            _progress(data_dir, job_id, next(steps, 0.8), message.replace("nukumori: ", ""))

        from .train import train_bundle  # scikit-learn: imported only when a job runs

        bundle, info = train_bundle(examples, progress=progress)
        from nukumori import __version__

        registry = Registry(data_dir)
        version = registry.register(bundle, {**info, "data_sha256": data_hash(examples), "code_version": __version__,
                                             "sources": sources})
        _progress(data_dir, job_id, 0.85, "comparing with the model in service")
        write_report(registry, version)
        with connect(data_dir) as con:
            con.execute("UPDATE jobs SET status = 'done', progress = 1, finished = ?, result = ?, message = 'done' WHERE id = ?",
                        (time.time(), version, job_id))
            audit(con, actor, "train.done", f"job #{job_id} → {version}")
    except Exception as e:  # the job row must say it failed; the message names the kind only
        with connect(data_dir) as con:
            con.execute("UPDATE jobs SET status = 'failed', finished = ?, message = ? WHERE id = ?",
                        (time.time(), f"training failed: {type(e).__name__}: {e}"[:300], job_id))
    if on_done:
        on_done(job_id)


def job(data_dir: Path, job_id: int | None = None) -> dict | None:
    from web.db import connect

    with connect(data_dir) as con:
        row = (con.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)) if job_id else
               con.execute("SELECT * FROM jobs ORDER BY id DESC LIMIT 1")).fetchone()
    return dict(row) if row else None


def write_report(registry: Registry, version: str) -> dict:
    """Candidate vs the model in service on the held-out split; saved beside the candidate."""
    kb = default_knowledge()
    test = load_split("test")
    analyses = [analyze(e.text) for e in test]
    _, cand_bundle = registry.load(version)
    candidate = Router(kb, cand_bundle, version)
    current_version = registry.in_service()
    cand_results = [candidate.route_analysis(a) for a in analyses]
    report = {"candidate": version, "current": current_version, "n": len(test),
              "candidate_scores": score_results(test, cand_results, candidate.thresholds.multi)}
    folder = registry.root / version
    from .report import confusion_outputs

    confusion_outputs(report["candidate_scores"]["confusion"], folder)
    changed = []
    if current_version and current_version != version:
        _, cur_bundle = registry.load(current_version)
        current = Router(kb, cur_bundle, current_version)
        cur_results = [current.route_analysis(a) for a in analyses]
        report["current_scores"] = score_results(test, cur_results, current.thresholds.multi)
        for e, c, n in zip(test, cur_results, cand_results):
            top_c = c["areas"][0]["id"] if c["areas"] else "out_of_scope"
            top_n = n["areas"][0]["id"] if n["areas"] else "out_of_scope"
            if top_c != top_n:
                changed.append({"text": e.text[:160], "gold": list(e.labels) or ["out_of_scope"], "before": top_c, "after": top_n})
    report["changed"] = changed[:200]
    report["n_changed"] = len(changed)
    (folder / "report.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return report


def read_report(registry: Registry, version: str) -> dict | None:
    p = registry.root / version / "report.json"
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else None


def gate(report: dict) -> list[str]:
    """Reasons to refuse promotion: top-1 drops, or an area's recall drops by more than 5 points."""
    if not report or "current_scores" not in report:
        return []
    cand, cur = report["candidate_scores"], report["current_scores"]
    reasons = []
    if cand["top1"] < cur["top1"]:
        reasons.append(f"top-1 drops from {cur['top1']:.3f} to {cand['top1']:.3f}")
    for a in AREA_IDS:
        before, after = cur["per_area"][a]["recall"], cand["per_area"][a]["recall"]
        if before - after > RECALL_DROP:
            reasons.append(f"{a}: recall drops from {before:.3f} to {after:.3f}")
    return reasons
