"""HTTP API: routes, clear errors, limits, headers."""
import json

import pytest

from nukumori.settings import Settings
from starlette.testclient import TestClient

from .conftest import make_client


def test_route_returns_a_contract_result(client):
    r = client.post("/api/v1/route", json={"text": "お金がなくて家賃が払えない"})
    assert r.status_code == 200 and r.json()["areas"][0]["id"] == "poverty"


@pytest.mark.parametrize("body, message", [
    ({"text": ""}, "text is empty"),
    ({"text": "   "}, "text is empty"),
    ({}, "text is required"),
    ({"text": 5}, "text: Input should be a valid string"),
    ({"text": "あ" * 5001}, "text is longer than the maximum of 5000 characters"),
    ({"text": "a\x00b"}, "text contains a NUL character"),
])
def test_bad_input_gets_422_with_a_clear_message(client, body, message):
    r = client.post("/api/v1/route", json=body)
    assert r.status_code == 422 and r.json() == {"error": message}


def test_a_body_that_is_not_json_says_so(client):
    r = client.post("/api/v1/route", content=b"\xff\xfe not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and "not valid JSON" in r.json()["error"]


def test_a_body_over_64kb_gets_413(client):
    r = client.post("/api/v1/route", content=b'{"text": "' + b"a" * 70000 + b'"}', headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_areas_lists_the_knowledge_base(client):
    data = client.get("/api/v1/areas").json()
    assert len(data["areas"]) == 21 and data["areas"][0]["programs"]


def test_healthz_is_200_with_the_model_version(client, router):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json()["model_version"] == router.version


@pytest.mark.parametrize("path", ["/", "/api/v1/areas", "/healthz", "/no-such-page"])
def test_security_headers_on_every_response(client, path):
    h = client.get(path).headers
    assert "script-src 'self'" in h["content-security-policy"] and "frame-ancestors 'none'" in h["content-security-policy"]
    assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "DENY" and h["referrer-policy"] == "no-referrer"


def test_unknown_hosts_are_refused(settings, router):
    c = make_client(settings, router, allowed_hosts="nukumori.example")
    assert c.get("/healthz").status_code == 400


def test_serving_turns_nagle_off_on_each_connection():
    """With several workers, accepted sockets kept Nagle on: every response waited 40 ms for
    the client's delayed ACK."""
    import socket

    from web.tcp import _no_delay

    class Transport:
        def __init__(self, sock):
            self.sock = sock

        def get_extra_info(self, key):
            return self.sock if key == "socket" else None

    with socket.create_server(("127.0.0.1", 0)) as server:
        with socket.create_connection(server.getsockname()) as _client:
            conn, _ = server.accept()
            with conn:
                assert conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
                _no_delay(Transport(conn))
                assert conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1


def test_keepalive_cap_closes_only_the_capped_answer_and_zero_never_closes(settings, router):
    capped = make_client(settings, router, keepalive_requests=2)
    closes = [capped.post("/api/v1/route", json={"text": "家賃が払えない"}).headers.get("connection") for _ in range(4)]
    assert closes == [None, "close", None, "close"]
    never = make_client(settings, router, keepalive_requests=0)
    assert all(never.get("/healthz").headers.get("connection") is None for _ in range(5))


def _without_fast_route(settings, router):
    from web.app import create_app
    from web.fast_route import FastRoute

    app = create_app(Settings.from_env(env={}, data_dir=str(settings.data_dir)), router=router)
    app.user_middleware = [m for m in app.user_middleware if m.cls is not FastRoute]  # before the stack is built
    return TestClient(app, raise_server_exceptions=False)


BODIES = [
    json.dumps({"text": "息子が部屋から出てこない。年金だけでは家賃が払えない"}, ensure_ascii=False).encode(),
    json.dumps({"text": "My husband took my passport", "lang": "en"}).encode(),  # extra keys are allowed
    json.dumps({"text": "死にたい"}, ensure_ascii=False).encode(),
    json.dumps({"text": "母の介護と仕事の両立が難しい。" * 80}, ensure_ascii=False).encode(),  # over 1,000 characters
    b"not json", b'{"text": 5}', b'{"text": ""}', b'{"text": "   "}', b"[]", b'{"txt": "x"}',
    json.dumps({"text": "a\x00b"}).encode(), json.dumps({"text": "x" * 5001}).encode(), b'{"text": "\xff\xfe"}',
    b'{"text": "ok"', b"",
]


@pytest.mark.parametrize("body", BODIES)
def test_the_fast_path_answers_exactly_as_the_fastapi_endpoint(settings, router, body):
    # web/fast_route.py takes well-formed requests before FastAPI; every answer, good or bad,
    # must be the same bytes the endpoint gives.
    from web.fast_route import FastRoute

    fast = make_client(settings, router)
    reference = _without_fast_route(settings, router)
    assert [m.cls for m in fast.app.user_middleware].count(FastRoute) == 1
    assert FastRoute not in [m.cls for m in reference.app.user_middleware]
    headers = {"content-type": "application/json"}
    a = fast.post("/api/v1/route", content=body, headers=headers)
    b = reference.post("/api/v1/route", content=body, headers=headers)
    assert (a.status_code, a.content) == (b.status_code, b.content)
    assert a.headers["content-type"] == b.headers["content-type"]
    assert a.headers["content-security-policy"] == b.headers["content-security-policy"]
