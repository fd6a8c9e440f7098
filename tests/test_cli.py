"""The `nukumori` command as the contract describes it."""
import io
import json
import sys

import pytest

from nukumori.cli import main


@pytest.fixture()
def run(settings, router, monkeypatch, capsys):
    monkeypatch.setenv("NUKUMORI_DATA_DIR", str(settings.data_dir))

    def _run(*args, stdin: str | None = None):
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(args))
        out = capsys.readouterr()
        return code, out.out, out.err
    return _run


def test_classify_prints_one_contract_result(run):
    code, out, _ = run("classify", "介護に疲れた。母は認知症で夜も眠れない")
    r = json.loads(out)
    assert code == 0 and r["decision"] in ("route", "clarify") and r["areas"][0]["id"] == "elderly_care"


def test_classify_jsonl_keeps_order_and_passes_other_keys_through(run):
    lines = "\n".join(json.dumps(x, ensure_ascii=False) for x in [
        {"text": "こんにちは", "id": 1}, {"text": "子どもが保育園に入れない", "id": 2, "note": "x"}])
    code, out, _ = run("classify", "--jsonl", "-", stdin=lines + "\n")
    rows = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and [r["id"] for r in rows] == [1, 2] and rows[1]["note"] == "x"
    assert rows[0]["decision"] == "out_of_scope"


def test_a_bad_jsonl_line_is_reported_in_place_and_the_rest_still_run(run):
    code, out, _ = run("classify", "--jsonl", "-", stdin='{"text": "お金がない"}\nnot json\n{"text": ""}\n{"text": "こんにちは"}\n')
    rows = [json.loads(x) for x in out.splitlines()]
    assert code == 1 and len(rows) == 4
    assert rows[1]["error"].startswith("line 2:") and rows[2]["error"] == "line 3: text is empty"
    assert rows[3]["decision"] == "out_of_scope"


def test_classify_refuses_empty_text_with_a_plain_message(run):
    code, _, err = run("classify", "   ")
    assert code == 2 and "text is empty" in err


def test_models_list_json_marks_the_version_in_service(run):
    code, out, _ = run("models", "list", "--json")
    rows = json.loads(out)
    assert code == 0 and sum(r["in_service"] for r in rows) == 1
    assert {"version", "created", "in_service"} <= set(rows[0])


def test_rollback_without_history_says_so(run, tmp_path, monkeypatch):
    monkeypatch.setenv("NUKUMORI_DATA_DIR", str(tmp_path))
    code, _, err = run("models", "rollback")
    assert code == 2 and "no earlier version" in err


def test_train_rejects_a_file_with_unknown_labels_by_row(run, tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("text,labels\nお金がない,poverty\n家がない,housing\n", encoding="utf-8")
    code, _, err = run("train", "--data", str(f), "--only")
    assert code == 2 and "row 3: unknown label(s): housing" in err


def test_user_add_reads_the_password_from_stdin(run, tmp_path, monkeypatch):
    monkeypatch.setenv("NUKUMORI_DATA_DIR", str(tmp_path))
    code, out, _ = run("user", "add", "yamada", "--role", "staff", stdin="a long enough password\n")
    assert code == 0 and "created staff account yamada" in out
    code, _, err = run("user", "add", "yamada", "--role", "staff", stdin="a long enough password\n")
    assert code == 2 and "already exists" in err
    from web.accounts import Accounts
    assert Accounts(tmp_path).sign_in("yamada", "a long enough password", "127.0.0.1")


def test_models_promote_and_rollback_from_the_command_line(run, router, settings, tmp_path, monkeypatch):
    import json
    import shutil

    from training.registry import Registry

    src = Registry(settings.data_dir)
    (tmp_path / "models").mkdir()
    shutil.copytree(src.root / router.version, tmp_path / "models" / router.version)
    (tmp_path / "models" / "registry.json").write_text(json.dumps({"in_service": router.version, "history": []}))
    shutil.copytree(src.root / router.version, tmp_path / "models" / "2000-01-01T00:00:00Z-0000")
    meta = tmp_path / "models" / "2000-01-01T00:00:00Z-0000" / "meta.json"
    meta.write_text(meta.read_text().replace(router.version, "2000-01-01T00:00:00Z-0000"))
    monkeypatch.setenv("NUKUMORI_DATA_DIR", str(tmp_path))
    code, out, _ = run("models", "promote", "2000-01-01T00:00:00Z-0000")
    assert code == 0 and Registry(tmp_path).in_service() == "2000-01-01T00:00:00Z-0000"
    code, out, _ = run("models", "rollback")
    assert code == 0 and Registry(tmp_path).in_service() == router.version
    code, _, err = run("models", "promote", "no-such-version")
    assert code == 2 and "no model version" in err


def test_eval_reads_a_folder_of_files_and_reports_the_figures(run, tmp_path):
    rows = [{"text": "家賃が払えなくて困っています", "labels": ["poverty"]}, {"text": "こんにちは", "labels": []}]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("text,labels\n息子が部屋から出てこない,hikikomori\n", encoding="utf-8")
    code, out, err = run("eval", "--data", str(tmp_path), "--no-baselines", "--json")
    assert code == 0, err
    assert json.loads(out)["router"]["n"] == 3


def test_eval_on_an_empty_folder_says_what_is_missing(run, tmp_path):
    code, _, err = run("eval", "--data", str(tmp_path))
    assert code == 2 and "no .jsonl or .csv files" in err
