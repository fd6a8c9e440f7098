"""The router in service: the registry's current model, trained from the bundled corpus if none."""
from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor

from knowledge import default_knowledge
from router.pipeline import Router
from router.urgency import UrgencyRules
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
        print("nukumori: no model yet; training the bundled model (about 20–30 s)…", file=sys.stderr, flush=True)
        train_and_register(settings)


def load_router(settings: Settings) -> Router:
    """The model in service; trains and registers the bundled one first if there is none."""
    ensure_model(settings)
    # Reading the model (its SHA-256, numpy's decompression and sorting) mostly releases the
    # GIL, while compiling the crisis phrases is pure Python: side by side, start-up waits for
    # the longer of the two instead of their sum.
    with ThreadPoolExecutor(max_workers=1) as pool:
        loading = pool.submit(Registry(settings.data_dir).load)
        kb = default_knowledge()
        rules = UrgencyRules(kb)
        version, model = loading.result()
    return Router(kb=kb, model=model, version=version, rules=rules)
