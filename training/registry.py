"""Model versions under NUKUMORI_DATA_DIR/models: register, list, promote, roll back, load.

Each version is a folder holding model.skops (the trained scikit-learn objects), model.npz
(the same model compiled to plain arrays: what serving loads, without scikit-learn) and
meta.json (both files' SHA-256, the training data's hash, code and library versions, scores).
registry.json names the version in service and the ones before it; it is replaced atomically,
so a crash never leaves it half-written.
"""
from __future__ import annotations

import json
import os
import re
import platform
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from router.compiled import CompiledModel
    from router.model import ModelBundle

# The model code (numpy, Sudachi) is imported only where a model is read or written:
# `nukumori serve` asks the registry which version is in service before it starts its
# workers, and with two workers that question was 0.4 s of the start-up.


_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z:._-]{0,63}")  # names a folder under models/, never a path


def library_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in ("nukumori", "scikit-learn", "sudachipy", "sudachidict-core", "skops", "numpy", "scipy"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def _write_json(path: Path, data) -> None:
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


@dataclass
class Registry:
    data_dir: Path

    @property
    def root(self) -> Path:
        return Path(self.data_dir) / "models"

    def _state(self) -> dict:
        p = self.root / "registry.json"
        if not p.exists():
            return {"in_service": None, "history": []}
        return json.loads(p.read_text(encoding="utf-8"))

    def _save_state(self, state: dict) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        _write_json(self.root / "registry.json", state)

    def register(self, bundle: ModelBundle, meta: dict) -> str:
        """Save a new version; it goes in service only if none is yet."""
        now = datetime.now(timezone.utc)
        version = now.strftime("%Y-%m-%dT%H:%M:%SZ") + "-" + secrets.token_hex(2)
        folder = self.root / version
        from router.compiled import CompiledModel
        from router.model import save_bundle

        sha = save_bundle(bundle, folder / "model.skops")
        compiled_sha = CompiledModel.from_bundle(bundle).save(folder / "model.npz")
        meta = {**meta, "version": version, "created": now.isoformat(timespec="seconds"), "sha256": sha,
                "compiled_sha256": compiled_sha, "libraries": library_versions()}
        _write_json(folder / "meta.json", meta)
        state = self._state()
        if state["in_service"] is None:
            state["in_service"] = version
            self._save_state(state)
        return version

    def versions(self) -> list[dict]:
        """Every registered version, newest first, with ``in_service`` set."""
        if not self.root.exists():
            return []
        current = self._state()["in_service"]
        out = []
        for meta_path in self.root.glob("*/meta.json"):
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            meta["in_service"] = meta["version"] == current
            out.append(meta)
        return sorted(out, key=lambda m: m["created"], reverse=True)

    def in_service(self) -> str | None:
        return self._state()["in_service"]

    def meta(self, version: str) -> dict:
        from router.model import ModelError

        if not _VERSION.fullmatch(version or ""):
            raise ModelError(f"no model version {version!r}")
        p = self.root / version / "meta.json"
        if not p.exists():
            raise ModelError(f"no model version {version!r}")
        return json.loads(p.read_text(encoding="utf-8"))

    def promote(self, version: str) -> None:
        self.meta(version)  # raises for an unknown version
        state = self._state()
        if state["in_service"] == version:
            return
        if state["in_service"]:
            state["history"].append(state["in_service"])
        state["in_service"] = version
        self._save_state(state)

    def rollback(self) -> str:
        state = self._state()
        if not state["history"]:
            from router.model import ModelError

            raise ModelError("there is no earlier version to roll back to")
        state["in_service"] = state["history"].pop()
        self._save_state(state)
        return state["in_service"]

    def load(self, version: str | None = None) -> tuple[str, CompiledModel]:
        """The model to serve. A version registered before model.npz existed is compiled from
        its skops file (slower, and it needs scikit-learn), so rollback to it still works."""
        from router.compiled import CompiledModel
        from router.model import ModelError, load_bundle

        version = version or self.in_service()
        if not version:
            raise ModelError("no model in service yet")
        meta = self.meta(version)
        if meta.get("compiled_sha256"):
            return version, CompiledModel.load(self.root / version / "model.npz", meta["compiled_sha256"])
        return version, CompiledModel.from_bundle(load_bundle(self.root / version / "model.skops", meta["sha256"]))

    def load_bundle(self, version: str | None = None) -> tuple[str, ModelBundle]:
        """The full trained bundle (scikit-learn objects), for inspection and tests."""
        from router.model import ModelError, load_bundle

        version = version or self.in_service()
        if not version:
            raise ModelError("no model in service yet")
        meta = self.meta(version)
        return version, load_bundle(self.root / version / "model.skops", meta["sha256"])
