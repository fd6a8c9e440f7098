"""The app as each `nukumori serve` worker process loads it, with the garbage collector off
until the model is in.

Starting a worker allocates about a million objects (FastAPI, the knowledge base, the model's
vocabularies), and the collector walked the survivors again and again on the way: about a
sixth of the start-up. None of it is garbage worth collecting; ``web.app._settle`` collects
once, freezes what stays, and turns the collector back on before the first request.
"""
import gc

gc.disable()

from .app import app_from_env  # noqa: E402  (after the collector is off: this import is the start-up)

__all__ = ["app_from_env"]
