"""Schemathesis against the app's own OpenAPI schema: no generated request gets a 5xx."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

schemathesis = pytest.importorskip("schemathesis")


@pytest.fixture(scope="module")
def operations(settings, router):
    from nukumori.settings import Settings
    from web.app import create_app

    s = Settings.from_env(env={}, data_dir=str(settings.data_dir))
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(s, router=router))
    return [r.ok() for r in schema.get_all_operations()]


def test_no_generated_request_gets_a_server_error(operations):
    assert {f"{op.method.upper()} {op.path}" for op in operations} >= {"POST /api/v1/route", "GET /api/v1/areas", "GET /healthz"}

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def check(data):
        op = data.draw(st.sampled_from(operations))
        case = data.draw(op.as_strategy())
        response = case.call()
        assert response.status_code < 500, (case.method, case.path, response.status_code)

    check()
