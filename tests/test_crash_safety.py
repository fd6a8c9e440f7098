"""Killing the process (SIGKILL) during training, promotion or a feedback write leaves no
half-written model, a readable registry and an intact database."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from training.corpus import load_split
from training.registry import Registry

ROOT = Path(__file__).parents[1]


def _spawn(code: str, data_dir: Path) -> subprocess.Popen:
    env = {**os.environ, "NUKUMORI_DATA_DIR": str(data_dir)}
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _kill_after(proc: subprocess.Popen, seconds: float) -> None:
    try:
        proc.wait(seconds)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()


@pytest.fixture(scope="module")
def small_data(tmp_path_factory):
    path = tmp_path_factory.mktemp("crash") / "small.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for e in load_split("train")[::25]:
            f.write(json.dumps({"text": e.text, "labels": list(e.labels)}, ensure_ascii=False) + "\n")
    return path


def test_killing_training_never_leaves_a_broken_version(tmp_path, small_data):
    code = f"from nukumori.cli import main; main(['train', '--only', '--data', {str(small_data)!r}])"
    for delay in (1.0, 2.0, 3.0, 4.0, 5.0, 6.0):
        _kill_after(_spawn(code, tmp_path), delay)
        reg = Registry(tmp_path)
        for meta in reg.versions():  # every listed version loads and matches its SHA-256
            reg.load(meta["version"])
        if reg.in_service():
            reg.load()
    # A model file still named *.tmp was never finished: it is never registered.
    assert all(not (p.parent / "meta.json").exists() for p in (tmp_path / "models").glob("*/*.tmp"))


def test_killing_promotion_keeps_the_registry_readable(tmp_path, small_data):
    subprocess.run([sys.executable, "-m", "nukumori.cli", "train", "--only", "--data", str(small_data)], cwd=ROOT,
                   env={**os.environ, "NUKUMORI_DATA_DIR": str(tmp_path)}, check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "nukumori.cli", "train", "--only", "--data", str(small_data)], cwd=ROOT,
                   env={**os.environ, "NUKUMORI_DATA_DIR": str(tmp_path)}, check=True, capture_output=True)
    versions = [m["version"] for m in Registry(tmp_path).versions()]
    code = ("from training.registry import Registry\nimport os\nr = Registry(os.environ['NUKUMORI_DATA_DIR'])\n"
            f"vs = {versions!r}\nwhile True:\n    for v in vs:\n        r.promote(v)\n")
    for delay in (0.3, 0.6, 0.9):
        _kill_after(_spawn(code, tmp_path), delay)
        state = json.loads((tmp_path / "models" / "registry.json").read_text())
        assert state["in_service"] in versions
        Registry(tmp_path).load()


def test_killing_a_feedback_write_leaves_an_intact_database(tmp_path):
    from web.accounts import Accounts
    from web.db import connect

    Accounts(tmp_path).add("sato", "correct horse battery", "staff")
    code = ("import os\nfrom web.db import connect\nd = os.environ['NUKUMORI_DATA_DIR']\nwhile True:\n"
            "    with connect(d) as con:\n"
            "        con.execute(\"INSERT INTO feedback (staff_id, masked_text, labels, urgent, predicted, model_version) "
            "VALUES (1, 'x', '[]', 0, '[]', 'v')\")\n")
    for delay in (0.5, 1.0, 1.5):
        _kill_after(_spawn(code, tmp_path), delay)
        con = sqlite3.connect(tmp_path / "nukumori.sqlite3")
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
    with connect(tmp_path) as con:
        assert con.execute("SELECT COUNT(*) FROM feedback").fetchone()[0] > 0
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
