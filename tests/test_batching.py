"""Inquiries that arrive together are routed together, with the same answers as alone."""
import asyncio

import httpx
import pytest

from web.batching import RouteBatcher

TEXTS = ["お金がなくて家賃が払えない", "母が認知症で通帳をなくす", "息子が二十年部屋から出てこない",
         "もう死にたい", "I lost my job and cannot pay rent", "子どもの発達が気になる"]


class FakeRouter:
    """Records each call; fails on the texts it is told to."""

    def __init__(self, fail_on=()):
        self.batches: list[list[str]] = []
        self.fail_on = set(fail_on)

    def route(self, text):
        if text in self.fail_on:
            raise RuntimeError("broken")
        return {"text": text}

    def route_many(self, texts):
        self.batches.append(list(texts))
        return [self.route(t) for t in texts]


async def _submit_together(batcher, router, texts):
    return await asyncio.gather(*(batcher.route(router, t) for t in texts), return_exceptions=True)


def test_texts_that_arrive_together_are_routed_in_one_call_each_with_its_own_answer():
    router = FakeRouter()
    results = asyncio.run(_submit_together(RouteBatcher(), router, TEXTS))
    assert router.batches == [TEXTS]
    assert results == [{"text": t} for t in TEXTS]


def test_a_lone_inquiry_does_not_wait_for_company():
    router = FakeRouter()

    async def one_then_another():
        batcher = RouteBatcher()
        first = await asyncio.wait_for(batcher.route(router, "a"), timeout=1)
        second = await asyncio.wait_for(batcher.route(router, "b"), timeout=1)
        return first, second

    assert asyncio.run(one_then_another()) == ({"text": "a"}, {"text": "b"})
    assert router.batches == [["a"], ["b"]]


def test_one_inquiry_that_breaks_the_router_fails_alone():
    router = FakeRouter(fail_on={TEXTS[2]})
    results = asyncio.run(_submit_together(RouteBatcher(), router, TEXTS))
    assert isinstance(results[2], RuntimeError)
    assert [r for i, r in enumerate(results) if i != 2] == [{"text": t} for i, t in enumerate(TEXTS) if i != 2]


def test_a_crowd_larger_than_one_batch_is_split_and_all_are_answered():
    router = FakeRouter()
    texts = [f"t{i}" for i in range(RouteBatcher.MAX_BATCH * 2 + 5)]
    results = asyncio.run(_submit_together(RouteBatcher(), router, texts))
    assert results == [{"text": t} for t in texts]
    assert [len(b) for b in router.batches] == [RouteBatcher.MAX_BATCH, RouteBatcher.MAX_BATCH, 5]
    assert [t for b in router.batches for t in b] == texts  # first come, first routed


def test_a_request_whose_client_left_is_not_routed():
    router = FakeRouter()

    async def one_leaves():
        batcher = RouteBatcher()
        tasks = [asyncio.ensure_future(batcher.route(router, t)) for t in ("stay", "leave")]
        await asyncio.sleep(0)  # both are queued, the batch is scheduled
        tasks[1].cancel()
        return await tasks[0]

    assert asyncio.run(one_leaves()) == {"text": "stay"}
    assert router.batches == [["stay"]]


def test_concurrent_api_requests_get_the_same_results_as_routing_alone(settings, router):
    from web.app import create_app

    app = create_app(settings, router=router)
    app.state.router.get()  # as the lifespan does: loaded and checked, so requests stay on the loop
    calls = []
    real = router.route_many

    def spy(texts):
        calls.append(len(texts))
        return real(texts)

    async def all_at_once():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as c:
            return await asyncio.gather(*(c.post("/api/v1/route", json={"text": t}) for t in TEXTS))

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(router, "route_many", spy)
        responses = asyncio.run(all_at_once())
    assert [r.status_code for r in responses] == [200] * len(TEXTS)
    assert [r.json() for r in responses] == [router.route(t) for t in TEXTS]
    assert max(calls) > 1  # they were batched, not routed one by one


def test_start_up_freezes_what_is_loaded_so_full_collections_do_not_pause_requests(settings, router):
    import gc

    from .conftest import make_client

    gc.unfreeze()
    with make_client(settings, router):
        assert gc.get_freeze_count() > 10_000


def test_requests_on_several_event_loops_at_once_each_get_their_answer():
    """A test client runs one event loop per request thread. With one queue for all loops, a
    request arriving while another loop's batch was scheduled joined that batch, and its own
    loop waited for ever: the admin test that swaps models under load hung."""
    router, batcher = FakeRouter(), RouteBatcher()
    loop_a = asyncio.new_event_loop()
    try:
        task_a = loop_a.create_task(batcher.route(router, "a"))
        loop_a.call_soon(loop_a.stop)
        loop_a.run_forever()  # loop A's request is queued and its batch scheduled, not yet run
        assert asyncio.run(asyncio.wait_for(batcher.route(router, "b"), timeout=2)) == {"text": "b"}
        assert loop_a.run_until_complete(task_a) == {"text": "a"}
    finally:
        loop_a.close()
    assert router.batches == [["b"], ["a"]]
