"""Inquiries that arrive together are routed together.

Under load, many requests are waiting in a worker's event loop at the same moment. Routing
them one by one pays numpy's fixed cost per call for every inquiry (it is about half of a
short inquiry's time); ``Router.route_many`` cuts all their feature rows in one pass and
gives the same results (tests/test_batching.py checks). Nothing waits for a batch to fill:
the first request schedules the batch for the next turn of the event loop, and whatever has
arrived by then goes with it, so a lone request is routed at once and a busy worker does
less work per request.
"""
from __future__ import annotations

import asyncio
import logging
import weakref

log = logging.getLogger("nukumori.web")


class _Queue:
    """The texts waiting on one event loop, and whether their batch is scheduled."""

    __slots__ = ("pending", "scheduled")

    def __init__(self):
        self.pending: list[tuple[str, asyncio.Future]] = []
        self.scheduled = False


class RouteBatcher:
    """Collects the texts routed on an event loop until its next turn, then routes them in one
    ``route_many`` call. One per app. uvicorn runs one loop per worker; a test client may run
    several loops in several threads, so each loop keeps its own queue (a future must be
    completed by the loop that awaits it)."""

    # An upper bound on one batch, so one turn of the loop never holds more than this many
    # inquiries' work (each at most api.INLINE_CHARS characters).
    MAX_BATCH = 32

    def __init__(self):
        self._queues: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    async def route(self, router, text: str) -> dict:
        """``router``'s result for ``text``. A batch is routed by the router its first request
        brought: a version swapped in meanwhile serves the next batch."""
        loop = asyncio.get_running_loop()
        queue = self._queues.get(loop)
        if queue is None:
            queue = self._queues[loop] = _Queue()
        future = loop.create_future()
        queue.pending.append((text, future))
        if not queue.scheduled:
            queue.scheduled = True
            loop.call_soon(self._flush, queue, router)
        return await future

    def _flush(self, queue: _Queue, router) -> None:
        batch, queue.pending = queue.pending[:self.MAX_BATCH], queue.pending[self.MAX_BATCH:]
        try:
            self._route(router, batch)
        finally:
            # The rest (more than one batch had arrived) goes on the next turn, and only after
            # the answers just set: their requests' tasks were scheduled first, so they send
            # their responses before the next batch holds the loop.
            if queue.pending:
                asyncio.get_running_loop().call_soon(self._flush, queue, router)
            else:
                queue.scheduled = False

    @staticmethod
    def _route(router, batch: list[tuple[str, asyncio.Future]]) -> None:
        batch = [(text, f) for text, f in batch if not f.cancelled()]  # the client went away
        if not batch:
            return
        try:
            results = router.route_many([text for text, _ in batch])
        except Exception as e:
            # One inquiry that breaks the router must not fail the others: route them alone,
            # and only the one that fails gets the error. The log names the error's type only:
            # a traceback could carry the inquiry's text.
            log.error("unexpected %s in a batch of %d; routing them one by one", type(e).__name__, len(batch))
            for text, f in batch:
                try:
                    result = router.route(text)
                except Exception as e1:  # answered as a 500 by the app's handler
                    f.set_exception(e1)
                else:
                    f.set_result(result)
            return
        for (_, f), result in zip(batch, results):
            f.set_result(result)
