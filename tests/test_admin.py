"""Admin retraining: uploads validated by row, background training, candidate report, the
promotion gate and its override, versions and rollback, hot swap, export, deletion."""
import csv
import io
import json
import re
import shutil
import threading
import time
from contextlib import contextmanager

import pytest

from training import retrain
from training.corpus import load_split
from training.registry import Registry
from training.train import train_bundle
from web.accounts import Accounts
from web.db import connect

from .conftest import make_client

PASSWORD = "correct horse battery"


@contextmanager
def request_stream(client, text: str, threads: int = 2):
    """Clients posting ``text`` until the block ends; yields (failures, versions seen)."""
    failures, versions, stop = [], set(), threading.Event()

    def stream():
        while not stop.is_set():
            r = client.post("/api/v1/route", json={"text": text})
            (versions.add(r.json()["model_version"]) if r.status_code == 200 else failures.append(r.status_code))

    workers = [threading.Thread(target=stream) for _ in range(threads)]
    for t in workers:
        t.start()
    try:
        yield failures, versions
    finally:
        stop.set()
        for t in workers:
            t.join()


def _wait_for(condition, seconds: float) -> None:
    deadline = time.time() + seconds
    while not condition() and time.time() < deadline:
        time.sleep(0.05)


def _csrf(html):
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


@pytest.fixture()
def admin(settings, router, tmp_path):
    # A data dir of its own, holding a copy of the session's model (no second training).
    src = Registry(settings.data_dir)
    dst = tmp_path / "models"
    dst.mkdir()
    shutil.copytree(src.root / router.version, dst / router.version)
    (dst / "registry.json").write_text(json.dumps({"in_service": router.version, "history": []}))
    Accounts(tmp_path).add("boss", PASSWORD, "admin")
    Accounts(tmp_path).add("sato", PASSWORD, "staff")
    client = make_client(settings, router, data_dir=str(tmp_path))
    page = client.get("/login")
    client.post("/login", data={"name": "boss", "password": PASSWORD, "csrf": _csrf(page.text)})
    return client, tmp_path


def _upload(client, name, raw):
    csrf = _csrf(client.get("/admin/").text)
    return client.post("/admin/upload", data={"csrf": csrf}, files={"file": (name, raw, "text/csv")})


GOOD = "text,labels\nお金がなくて家賃が払えない,poverty\n母が認知症で介護がつらい,elderly_care;watching\n"


@pytest.mark.parametrize("name, raw, message", [
    ("unknown.csv", (GOOD + "家がない,housing\n").encode(), "row 4: unknown label(s): housing"),
    ("empty.csv", "text,labels\n,poverty\n".encode(), "row 2: text is empty"),
    ("long.csv", ("text,labels\n" + "あ" * 5001 + ",poverty\n").encode(), "row 2: text is longer than 5000 characters"),
    ("dup.csv", (GOOD + "お金がなくて家賃が払えない,poverty\n").encode(), "row 4: duplicate of row 2"),
    ("enc.csv", b"text,labels\n\x80\x81\xff\xfe,poverty\n", "the file is neither UTF-8 nor CP932"),
    ("header.csv", "body,areas\nx,poverty\n".encode(), "row 1: the header must have the columns text,labels"),
    ("bad.jsonl", '{"text": "お金がない", "labels": ["poverty"]}\n{"text": oops}\n'.encode(), "row 2: not valid JSON"),
    ("pipes.csv", "text,labels\nお金がない,poverty|foo\n".encode(), "row 2: unknown label(s): foo"),
])
def test_a_bad_upload_is_reported_by_row_and_nothing_is_imported(admin, name, raw, message):
    client, data_dir = admin
    r = _upload(client, name, raw)
    assert r.status_code == 422 and message in r.text
    with connect(data_dir) as con:
        assert con.execute("SELECT COUNT(*) FROM upload_rows").fetchone()[0] == 0


def test_a_cp932_csv_from_excel_imports_masked(admin):
    client, data_dir = admin
    raw = "text,labels\r\n田中さんの母が認知症で介護がつらい,elderly_care\r\n家賃が払えない,poverty|comprehensive\r\n".encode("cp932")
    r = _upload(client, "excel.csv", raw)
    assert r.status_code == 200 and "imported 2 rows" in r.text
    with connect(data_dir) as con:
        rows = [dict(x) for x in con.execute("SELECT text, labels FROM upload_rows")]
    assert len(rows) == 2 and "田中" not in rows[0]["text"] and json.loads(rows[1]["labels"]) == ["poverty", "comprehensive"]


def test_an_upload_over_5_mb_is_refused(admin):
    client, _ = admin
    r = _upload(client, "big.csv", b"text,labels\n" + b"a" * (5 * 1024 * 1024 + 10))
    assert r.status_code == 413


def test_staff_cannot_reach_admin_actions(admin, settings, router):
    _, data_dir = admin
    staff = make_client(settings, router, data_dir=str(data_dir))
    page = staff.get("/login")
    staff.post("/login", data={"name": "sato", "password": PASSWORD, "csrf": _csrf(page.text)})
    assert staff.post("/admin/train", data={"csrf": "x"}).status_code == 403
    assert staff.get("/admin/export.csv").status_code == 403


def test_gate_refuses_a_drop_in_top1_or_area_recall():
    from knowledge import AREA_IDS
    cur = {"top1": 0.90, "per_area": {a: {"recall": 0.80} for a in AREA_IDS}}
    ok = {"top1": 0.91, "per_area": {a: {"recall": 0.78} for a in AREA_IDS}}
    bad = {"top1": 0.89, "per_area": {**{a: {"recall": 0.80} for a in AREA_IDS}, "poverty": {"recall": 0.70}}}
    assert retrain.gate({"current_scores": cur, "candidate_scores": ok}) == []
    reasons = retrain.gate({"current_scores": cur, "candidate_scores": bad})
    assert any("top-1 drops" in r for r in reasons) and any(r.startswith("poverty") for r in reasons)


@pytest.fixture()
def worse_candidate(admin):
    """A deliberately weak model (trained on 300 examples), registered with its report."""
    client, data_dir = admin
    bundle, info = train_bundle(load_split("train")[::18], progress=lambda m: None)
    reg = Registry(data_dir)
    version = reg.register(bundle, {**info, "data_sha256": "0" * 64, "sources": {"test": 1}})
    retrain.write_report(reg, version)
    return client, data_dir, version


def test_promotion_is_refused_without_a_reason_and_allowed_with_one_then_rolled_back(worse_candidate):
    client, data_dir, version = worse_candidate
    reg = Registry(data_dir)
    before = reg.in_service()
    page = client.get(f"/admin/models/{version}")
    assert page.status_code == 200 and "昇格の条件を満たしていません" in page.text and "top-1 drops" in page.text
    csrf = _csrf(page.text)
    r = client.post(f"/admin/models/{version}/promote", data={"csrf": csrf})
    assert r.status_code == 422 and reg.in_service() == before
    r = client.post(f"/admin/models/{version}/promote", data={"csrf": csrf, "reason": "試験運用のため"})
    assert r.status_code == 200 and reg.in_service() == version
    with connect(data_dir) as con:
        detail = con.execute("SELECT detail FROM audit WHERE action = 'model.promote'").fetchone()[0]
    assert "override: 試験運用のため" in detail
    client.post("/admin/models/rollback", data={"csrf": csrf})
    assert reg.in_service() == before
    assert client.get(f"/admin/models/{version}/confusion.png").headers["content-type"] == "image/png"


def test_the_service_swaps_models_without_a_restart_or_a_failed_request(worse_candidate, monkeypatch):
    client, data_dir, version = worse_candidate
    from web.app import RouterHolder
    monkeypatch.setattr(RouterHolder, "CHECK_SECONDS", 0.05)
    reg = Registry(data_dir)
    holder = client.app.state.router
    with request_stream(client, "お金がなくて家賃が払えない", threads=3) as (failures, versions):
        time.sleep(0.5)
        rules = holder.get().rules
        reg.promote(version)
        _wait_for(lambda: version in versions, 10)
    assert failures == [] and version in versions
    # The new model is served with the crisis phrases already compiled, not compiled again
    # (~0.3 s of one core, in the middle of the load).
    assert holder.get().version == version and holder.get().rules is rules


def test_background_training_reports_progress_and_registers_a_candidate(admin, monkeypatch):
    client, data_dir = admin
    small = load_split("train")[::6]
    monkeypatch.setattr(retrain, "load_split", lambda split: small if split == "train" else load_split("test")[::4])
    csrf = _csrf(client.get("/admin/").text)
    assert client.post("/admin/train", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    page = client.get("/admin/")
    assert '<meta http-equiv="refresh"' in page.text or "完了" in page.text  # progress survives a reload
    assert client.post("/admin/train", data={"csrf": csrf}).status_code in (409, 303)  # one at a time
    deadline = time.time() + 120
    while (job := retrain.job(data_dir))["status"] == "running" and time.time() < deadline:
        time.sleep(0.2)
    assert job["status"] == "done", job["message"]
    assert retrain.read_report(Registry(data_dir), job["result"])["candidate_scores"]["top1"] > 0.5
    assert Registry(data_dir).in_service() != job["result"]  # a candidate, not yet in service


def test_export_is_safe_against_formula_injection_and_deleted_feedback_is_gone(admin):
    client, data_dir = admin
    _upload(client, "f.csv", "text,labels\n=HYPERLINK(\"x\") お金がない,poverty\n".encode())
    with connect(data_dir) as con:
        uid = con.execute("SELECT id FROM users WHERE name='sato'").fetchone()[0]
        fid = con.execute("INSERT INTO feedback (staff_id, masked_text, labels, urgent, predicted, model_version, status) "
                          "VALUES (?, '介護がつらい 目印X', '[\"elderly_care\"]', 0, '[]', 'v', 'accepted')", (uid,)).lastrowid
    text = client.get("/admin/export.csv").text
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert any(r[0].startswith("'=HYPERLINK") for r in rows)
    assert any("目印X" in r[0] for r in rows)
    csrf = _csrf(client.get("/admin/").text)
    client.post(f"/admin/feedback/{fid}/delete", data={"csrf": csrf})
    assert "目印X" not in client.get("/admin/export.csv").text
    examples, _ = retrain.training_examples(data_dir)
    assert not any("目印X" in e.text for e in examples)


@pytest.mark.parametrize("version", ["..", ".", "../models", "a/../../etc", "/etc", ""])
def test_a_version_name_can_never_be_a_path(admin, version):
    from router.model import ModelError

    _, data_dir = admin
    with pytest.raises(ModelError, match="no model version"):
        Registry(data_dir).meta(version)


def test_retraining_and_promoting_during_a_request_stream_fail_no_request(admin, monkeypatch):
    client, data_dir = admin
    from web.app import RouterHolder
    monkeypatch.setattr(RouterHolder, "CHECK_SECONDS", 0.05)
    small = load_split("train")[::12]
    monkeypatch.setattr(retrain, "load_split", lambda split: small if split == "train" else load_split("test")[::8])
    with request_stream(client, "夫に怒鳴られて眠れない。お金もない") as (failures, versions):
        job_id = retrain.start(data_dir, "boss")
        _wait_for(lambda: retrain.job(data_dir, job_id)["status"] != "running", 120)
        new = retrain.job(data_dir, job_id)["result"]
        Registry(data_dir).promote(new)
        _wait_for(lambda: new in versions, 10)
    assert failures == [] and new in versions and len(versions) == 2
