"""The router in service: the registry's current model, trained from the bundled corpus if none."""
from __future__ import annotations

import sys

from knowledge import default_knowledge
from router.pipeline import Router
from training.corpus import data_hash, load_split
from training.registry import Registry

from . import __version__
from .settings import Settings


def train_and_register(settings: Settings, examples=None, extra_meta: dict | None = None, progress=None) -> str:
    from training.train import train_bundle  # scikit-learn: needed to train, never to serve

    examples = load_split("train") if examples is None else examples
    kwargs = {"progress": progress} if progress else {}
    bundle, info = train_bundle(examples, **kwargs)
    meta = {**info, "data_sha256": data_hash(examples), "code_version": __version__, **(extra_meta or {})}
    return Registry(settings.data_dir).register(bundle, meta)


def ensure_model(settings: Settings) -> None:
    """Train and register the bundled model if no version is in service yet."""
    if Registry(settings.data_dir).in_service() is None:
        print("nukumori: no model yet; training the bundled model (about two minutes)…", file=sys.stderr, flush=True)
        train_and_register(settings)


def load_router(settings: Settings) -> Router:
    """The model in service; trains and registers the bundled one first if there is none."""
    ensure_model(settings)
    version, model = Registry(settings.data_dir).load()
    return Router(kb=default_knowledge(), model=model, version=version)
