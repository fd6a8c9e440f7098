"""Admin pages: for now the audit log (retraining and versions come with their issue)."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from .auth import require
from .db import connect
from .i18n import page_context

router = APIRouter()


@router.get("/admin/")
def admin_home(request: Request):
    session = require(request, "admin")
    with connect(request.app.state.settings.data_dir) as con:
        rows = con.execute("SELECT at, actor, action, detail FROM audit ORDER BY id DESC LIMIT 200").fetchall()
    return request.app.state.templates.TemplateResponse(
        request, "admin.html", {**page_context(request), "session": session, "audit": [dict(r) for r in rows]})


@router.get("/admin")
def admin_slash():
    return RedirectResponse("/admin/", status_code=307)
