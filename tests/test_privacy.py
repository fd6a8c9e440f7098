"""Nothing a resident types is written to disk or to any log."""
import json
import logging
import sys
import io

from nukumori.cli import main

MARKER = "ZQXMARKER7731田中"


def _files_containing(root, marker):
    hits = []
    for p in root.rglob("*"):
        if p.is_file() and marker.encode() in p.read_bytes():
            hits.append(p)
    return hits


def test_inquiry_text_leaves_no_trace_in_files_or_logs(client, settings, monkeypatch, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    client.post("/api/v1/route", json={"text": f"{MARKER} お金がない"})
    client.post("/", data={"text": f"{MARKER} 死にたい"})
    client.post("/api/v1/route", json={"text": MARKER * 2000})  # too long: error path
    monkeypatch.setenv("NUKUMORI_DATA_DIR", str(settings.data_dir))
    main(["classify", f"{MARKER} 介護がつらい"])
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps({"text": MARKER}) + "\nnot json " + MARKER + "\n"))
    main(["classify", "--jsonl", "-"])
    out = capsys.readouterr()
    assert _files_containing(settings.data_dir, MARKER) == []
    assert MARKER not in caplog.text
    assert MARKER not in out.err


def test_error_responses_do_not_echo_the_inquiry(client):
    r = client.post("/api/v1/route", json={"text": MARKER * 2000})
    assert r.status_code == 422 and MARKER not in r.text
