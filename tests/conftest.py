"""Shared fixtures: one model trained on the bundled train split per test session."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from knowledge import default_knowledge
from nukumori.settings import Settings

DATA = Path(__file__).parent / "data"


def read_jsonl(name: str) -> list[dict]:
    return [json.loads(x) for x in (DATA / name).read_text(encoding="utf-8").splitlines() if x.strip()]


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("nukumori-data")


@pytest.fixture(scope="session")
def settings(data_dir) -> Settings:
    return Settings.from_env(env={}, data_dir=str(data_dir))


@pytest.fixture(scope="session")
def router(settings):
    from nukumori.service import load_router

    return load_router(settings)  # trains the bundled model into the session's data dir


@pytest.fixture(scope="session")
def kb():
    return default_knowledge()


def make_client(settings: Settings, router, **overrides) -> TestClient:
    from web.app import create_app

    s = Settings.from_env(env={}, **{"data_dir": str(settings.data_dir), **overrides})
    return TestClient(create_app(s, router=router), raise_server_exceptions=False)


@pytest.fixture()
def client(settings, router) -> TestClient:
    return make_client(settings, router)
