"""The trained model: featurizer + classifier + labels + decision thresholds, saved with skops.

A model file is loaded only when its SHA-256 matches the one recorded at training time and
skops finds no types beyond the ones listed here; anything else is an error, never a silent
fallback to another model.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # scikit-learn and skops are imported only to train or to read a .skops file
    from .classifier import MultiLabelLinear
    from .features import Analysis, Featurizer

NONE_LABEL = "_none"  # internal column: "no welfare area" (out of scope)

# Our own classes that a model file may contain; skops lists them as untrusted by default.
TRUSTED_TYPES = {
    "router.features.Featurizer",
    "router.classifier.MultiLabelLinear",
    "router.model.ModelBundle",
}


class ModelError(RuntimeError):
    """A model file is missing, tampered with or holds types we do not trust."""


@dataclass
class Thresholds:
    """Decision thresholds on calibrated scores, chosen from out-of-fold scores in training."""

    route: float = 0.5  # top area at or above this: route
    out_of_scope: float = 0.2  # top area below this: out of scope
    none: float = 0.5  # the "_none" score at or above this...
    none_margin: float = 0.0  # ...and at least the top area's score minus this: out of scope
    gap: float = 0.1  # top two closer than this while top < confident: clarify
    confident: float = 0.7
    multi: float = 0.5  # a second area at or above this: multi-issue
    show: float = 0.15  # areas listed in a result


@dataclass
class ModelBundle:
    featurizer: Featurizer
    classifier: MultiLabelLinear
    labels: list[str]
    thresholds: dict = field(default_factory=lambda: asdict(Thresholds()))
    # The learned urgency signal (router/urgency_signal.py): numpy arrays and numbers only.
    urgency: dict | None = None
    # The multi-issue rule (router/multi_issue.py): names and numbers only. None in model files
    # from before it, which keep the single floor ``thresholds["multi"]``.
    multi_rule: dict | None = None
    # The rule's text signal: one weight per feature (its intercept is in ``multi_rule``). None
    # in model files from before it, whose rule does not read it.
    multi_text_coef: np.ndarray | None = None

    def scores(self, analyses: list[Analysis]) -> np.ndarray:
        return self.classifier.predict_proba(self.featurizer.transform(analyses))


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def save_bundle(bundle: ModelBundle, path: Path) -> str:
    """Write atomically (temp file + rename) and return the file's SHA-256."""
    import skops.io as sio

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    sio.dump(bundle, tmp)
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return sha256_of(path)


def load_bundle(path: Path, expected_sha256: str) -> ModelBundle:
    import skops.io as sio

    import router.classifier  # noqa: F401  (the classes skops rebuilds)
    import router.features  # noqa: F401

    if not path.exists():
        raise ModelError(f"model file not found: {path}")
    actual = sha256_of(path)
    if actual != expected_sha256:
        raise ModelError(f"model file {path.name} does not match its recorded SHA-256 (tampered or corrupt)")
    untrusted = sio.get_untrusted_types(file=path)
    unexpected = sorted(set(untrusted) - TRUSTED_TYPES)
    if unexpected:
        raise ModelError(f"model file {path.name} holds untrusted types: {', '.join(unexpected)}")
    bundle = sio.load(path, trusted=sorted(set(untrusted)))
    if not isinstance(bundle, ModelBundle):
        raise ModelError(f"model file {path.name} does not hold a nukumori model")
    return bundle


def read_meta(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
