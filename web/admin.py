"""Admin pages: the dataset, the feedback queue, uploads, retraining, candidate reports, the
promotion gate, versions and rollback, export, and the audit log."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, RedirectResponse, Response

from knowledge import AREA_IDS
from router.mask import mask
from router.model import ModelError
from training import retrain
from training.corpus import DataError, parse_data
from training.registry import Registry

from .auth import check_csrf, require
from .db import audit, connect
from .errors import BadInput, NotFound
from .i18n import page_context

router = APIRouter()
MAX_UPLOAD = 5 * 1024 * 1024


def _registry(request: Request) -> Registry:
    return Registry(request.app.state.settings.data_dir)


def _dashboard(request: Request, session, status: int = 200, **extra):
    data_dir = request.app.state.settings.data_dir
    examples, sources = retrain.training_examples(data_dir)
    counts = Counter(lab for e in examples for lab in e.labels)
    counts["out_of_scope"] = sum(1 for e in examples if not e.labels)
    kb = request.app.state.kb
    bars = [(a, kb.areas[a].name, counts[a]) for a in AREA_IDS] + [("out_of_scope", "対象外", counts["out_of_scope"])]
    with connect(data_dir) as con:
        queue = [dict(r) for r in con.execute(
            "SELECT f.id, f.created, f.masked_text, f.labels, f.urgent, f.status, u.name AS staff FROM feedback f "
            "JOIN users u ON u.id = f.staff_id ORDER BY f.id DESC LIMIT 100")]
        uploads = [dict(r) for r in con.execute("SELECT * FROM uploads ORDER BY id DESC LIMIT 20")]
        log = [dict(r) for r in con.execute("SELECT at, actor, action, detail FROM audit ORDER BY id DESC LIMIT 100")]
    for q in queue:
        q["areas"] = [kb.areas[a].name for a in json.loads(q["labels"]) if a in kb.areas]
    job = retrain.job(data_dir)
    return request.app.state.templates.TemplateResponse(request, "admin.html", {
        **page_context(request), "session": session, "bars": bars, "max_count": max(c for _, _, c in bars) or 1,
        "sources": sources, "queue": queue, "uploads": uploads, "audit": log, "job": job,
        "versions": _registry(request).versions(), **extra}, status_code=status)


@router.get("/admin/")
def admin_home(request: Request, msg: str = ""):
    session = require(request, "admin")
    return _dashboard(request, session, message=msg)


@router.get("/admin")
def admin_slash():
    return RedirectResponse("/admin/", status_code=307)


@router.post("/admin/upload")
def upload(request: Request, file: UploadFile = File(...), csrf: str = Form("")):
    session = require(request, "admin")
    check_csrf(request, session, csrf)
    raw = file.file.read(MAX_UPLOAD + 1)
    if len(raw) > MAX_UPLOAD:
        return _dashboard(request, session, status=413, upload_errors=[f"the file is larger than {MAX_UPLOAD // (1024 * 1024)} MB"])
    name = file.filename or "upload"
    try:
        examples = parse_data(raw, name, source="upload")
    except DataError as e:
        return _dashboard(request, session, status=422, upload_errors=e.problems[:100], upload_name=name)
    with connect(request.app.state.settings.data_dir) as con:
        uid = con.execute("INSERT INTO uploads (name, actor, n_rows) VALUES (?, ?, ?)", (name, session.user.name, len(examples))).lastrowid
        # Uploaded text is masked like staff notes: training data must not identify anyone.
        con.executemany("INSERT INTO upload_rows (upload_id, text, labels) VALUES (?, ?, ?)",
                        [(uid, mask(e.text), json.dumps(list(e.labels))) for e in examples])
        audit(con, session.user.name, "upload", f"{name}: {len(examples)} rows")
    return RedirectResponse(f"/admin/?msg=imported+{len(examples)}+rows", status_code=303)


@router.post("/admin/feedback/{item}/{action}")
def feedback_action(request: Request, item: int, action: str, csrf: str = Form("")):
    session = require(request, "admin")
    check_csrf(request, session, csrf)
    if action not in ("accept", "reject", "delete"):
        raise NotFound("unknown action")
    with connect(request.app.state.settings.data_dir) as con:
        if action == "delete":
            n = con.execute("DELETE FROM feedback WHERE id = ?", (item,)).rowcount
        else:
            n = con.execute("UPDATE feedback SET status = ? WHERE id = ?", ({"accept": "accepted", "reject": "rejected"}[action], item)).rowcount
        if not n:
            raise NotFound("no such feedback item")
        audit(con, session.user.name, f"feedback.{action}", f"feedback #{item}")
    return RedirectResponse("/admin/#queue", status_code=303)


@router.post("/admin/train")
def train(request: Request, csrf: str = Form("")):
    session = require(request, "admin")
    check_csrf(request, session, csrf)
    try:
        retrain.start(request.app.state.settings.data_dir, session.user.name)
    except retrain.Busy as e:
        return _dashboard(request, session, status=409, message=str(e))
    return RedirectResponse("/admin/#training", status_code=303)


@router.get("/admin/models/{version}")
def model_report(request: Request, version: str):
    session = require(request, "admin")
    reg = _registry(request)
    try:
        meta = reg.meta(version)
    except ModelError as e:
        raise NotFound(str(e)) from None
    report = retrain.read_report(reg, version)
    if report is not None and report.get("current") != reg.in_service() and version != reg.in_service():
        report = retrain.write_report(reg, version)  # the model in service changed since: compare again
    kb = request.app.state.kb
    return request.app.state.templates.TemplateResponse(request, "admin_report.html", {
        **page_context(request), "session": session, "meta": meta, "report": report,
        "gate": retrain.gate(report) if report else [], "in_service": reg.in_service(),
        "areas": [(a, kb.areas[a].name) for a in AREA_IDS]})


@router.get("/admin/models/{version}/confusion.png")
def confusion_image(request: Request, version: str):
    require(request, "admin")
    reg = _registry(request)
    path = reg.root / version / "confusion.png"
    if version not in {m["version"] for m in reg.versions()} or not path.exists():
        raise NotFound("no confusion matrix for this version")
    return FileResponse(path, media_type="image/png")


@router.post("/admin/models/{version}/promote")
def promote(request: Request, version: str, reason: str = Form(""), csrf: str = Form("")):
    session = require(request, "admin")
    check_csrf(request, session, csrf)
    reg = _registry(request)
    try:
        reg.meta(version)
    except ModelError as e:
        raise NotFound(str(e)) from None
    report = retrain.read_report(reg, version)
    refused = retrain.gate(report) if report else []
    if refused and not reason.strip():
        raise BadInput("昇格できません（" + "; ".join(refused) + "）。理由を書けば上書きできます。")
    reg.promote(version)
    with connect(request.app.state.settings.data_dir) as con:
        detail = version + (f" (override: {reason.strip()[:500]}; gate: {'; '.join(refused)})" if refused else "")
        audit(con, session.user.name, "model.promote", detail)
    return RedirectResponse("/admin/#versions", status_code=303)


@router.post("/admin/models/rollback")
def rollback(request: Request, csrf: str = Form("")):
    session = require(request, "admin")
    check_csrf(request, session, csrf)
    try:
        version = _registry(request).rollback()
    except ModelError as e:
        raise BadInput(str(e)) from None
    with connect(request.app.state.settings.data_dir) as con:
        audit(con, session.user.name, "model.rollback", version)
    return RedirectResponse("/admin/#versions", status_code=303)


def _safe_cell(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ (or tab/CR) as formulas: neutralise them."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@router.get("/admin/export.csv")
def export(request: Request):
    session = require(request, "admin")
    examples, _ = retrain.training_examples(request.app.state.settings.data_dir)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["text", "labels", "source"])
    for e in examples:
        w.writerow([_safe_cell(e.text), ";".join(e.labels), e.source])
    with connect(request.app.state.settings.data_dir) as con:
        audit(con, session.user.name, "export", f"{len(examples)} rows")
    return Response("\ufeff" + buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": 'attachment; filename="nukumori-training-data.csv"'})
