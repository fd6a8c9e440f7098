"""`nukumori serve` as deployed: several worker processes, and a promotion that reaches all of
them without a restart and without a failed request."""
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from training.corpus import load_split

ROOT = Path(__file__).parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(port: int, text: str) -> tuple[int, dict]:
    body = json.dumps({"text": text}).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(b"POST /api/v1/route HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  b"Connection: close\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        raw = b""
        while chunk := s.recv(65536):
            raw += chunk
    head, _, payload = raw.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), json.loads(payload)


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("serve")
    small = data_dir / "small.jsonl"
    with small.open("w", encoding="utf-8") as f:
        for e in load_split("train")[::6]:
            f.write(json.dumps({"text": e.text, "labels": list(e.labels)}, ensure_ascii=False) + "\n")
    env = {**os.environ, "NUKUMORI_DATA_DIR": str(data_dir)}
    subprocess.run([sys.executable, "-m", "nukumori.cli", "train", "--only", "--data", str(small)], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    from training.registry import Registry

    # The second version is the same model registered again: the tests need two version ids,
    # not two trainings (a second one cost a minute of the CI budget).
    registry = Registry(data_dir)
    older, bundle = registry.load_bundle()
    newer = registry.register(bundle, {k: v for k, v in registry.meta(older).items() if k not in ("version", "created")})
    assert registry.in_service() == older != newer
    return data_dir, env, [newer, older]


def test_two_workers_answer_and_all_pick_up_a_promotion(two_versions):
    data_dir, env, (newer, older) = two_versions
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "nukumori.cli", "serve", "--port", str(port)], cwd=ROOT,
                            env={**env, "NUKUMORI_WORKERS": "2"}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, result = _post(port, "息子が部屋から出てこない")
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        assert status == 200 and result["model_version"] == older  # the first registered is in service
        subprocess.run([sys.executable, "-m", "nukumori.cli", "models", "promote", newer], cwd=ROOT, env=env,
                       check=True, capture_output=True)
        seen, statuses = [], []
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            status, result = _post(port, "家賃が払えない")
            statuses.append(status)
            seen.append(result.get("model_version"))
            if seen[-30:] == [newer] * 30:  # connections land on both workers
                break
        assert seen[-30:] == [newer] * 30
        assert set(statuses) == {200}
    finally:
        proc.terminate()
        proc.wait(15)


def _read_response(f) -> tuple[int, dict[str, str], bytes]:
    status = int(f.readline().split(b" ", 2)[1])
    headers = {}
    while (line := f.readline().rstrip(b"\r\n")):
        name, _, value = line.partition(b":")
        headers[name.strip().lower().decode()] = value.strip().decode()
    return status, headers, f.read(int(headers["content-length"]))


def test_a_kept_alive_connection_is_closed_after_its_cap_so_clients_spread_over_workers(two_versions):
    # web/keepalive.py: with uvicorn's shared listening socket, a connection stays with the
    # worker that took it; closing it after a few answers lets its client land on the idle one.
    _, env, _ = two_versions
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "nukumori.cli", "serve", "--port", str(port)], cwd=ROOT,
                            env={**env, "NUKUMORI_KEEPALIVE_REQUESTS": "3"}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    body = json.dumps({"text": "家賃が払えない"}).encode()
    request = (b"POST /api/v1/route HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
               b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _post(port, "家賃が払えない")
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        for _ in range(2):  # the cap counts each connection on its own
            with socket.create_connection(("127.0.0.1", port), timeout=5) as s, s.makefile("rb") as f:
                answers = []
                for _ in range(3):
                    s.sendall(request)
                    status, headers, payload = _read_response(f)
                    assert status == 200 and json.loads(payload)["areas"]
                    answers.append(headers.get("connection"))
                assert answers == [None, None, "close"]
                assert f.read() == b""  # the server ended the connection
    finally:
        proc.terminate()
        proc.wait(15)


def test_a_served_worker_starts_with_the_collector_off_and_answers_with_it_back_on(two_versions):
    # web/worker.py: the collector is off while the worker loads, and on again once the model is.
    _, env, _ = two_versions
    code = ("import gc\nimport web.worker\nassert not gc.isenabled()\n"
            "from fastapi.testclient import TestClient\n"
            "with TestClient(web.worker.app_from_env()) as client:\n"
            "    assert gc.isenabled()\n"
            "    print(client.post('/api/v1/route', json={'text': '家賃が払えない'}).status_code)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["200"]


def test_the_serve_supervisor_does_not_import_the_router_when_a_model_is_in_service(two_versions):
    # With several workers, what the supervisor imports before it starts them is start-up time.
    _, env, _ = two_versions
    code = ("import sys\nfrom nukumori.cli import main\nimport uvicorn\n"
            "uvicorn.run = lambda *a, **k: print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('router', 'knowledge', 'numpy', 'sudachipy', 'fastapi')))\n"
            "main(['serve'])\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
