"""A cap on the requests one kept-alive connection may make, so that worker processes share
the load.

uvicorn's workers share one listening socket, and a connection stays with the worker that
accepted it for as long as the client keeps it open. When many clients connect at the same
moment, the first worker to wake takes most of them and keeps them, and their requests queue
behind each other there while the other worker idles. Ending a connection after
``max_requests`` answers (with ``Connection: close`` on the last one, as nginx's
``keepalive_requests`` does) makes its client connect again; the new connection goes to
whichever worker calls ``accept`` first, which is the one less busy. So the connections
drift to the idle worker until both are equally busy. A client pays one loopback handshake
per ``max_requests`` answers.
"""
from __future__ import annotations


class KeepAliveCap:
    """Closes a connection after ``max_requests`` responses on it (0: never)."""

    # Connections the counter remembers. A client that went away without reaching the cap
    # leaves its entry behind; past this many, the counts start again (a connection then
    # lives a little longer, which is harmless).
    MAX_TRACKED = 4096

    def __init__(self, app, max_requests: int):
        self.app = app
        self.max_requests = max_requests
        self._served: dict = {}

    async def __call__(self, scope, receive, send):
        # uvicorn names each connection by its peer's address and port: unique while it is open.
        client = scope.get("client")
        if scope["type"] != "http" or self.max_requests <= 0 or client is None or scope.get("http_version") == "2":
            return await self.app(scope, receive, send)
        key = tuple(client)
        served = self._served.get(key, 0) + 1
        if served < self.max_requests:
            if len(self._served) >= self.MAX_TRACKED and key not in self._served:
                self._served.clear()
            self._served[key] = served
            return await self.app(scope, receive, send)
        self._served.pop(key, None)

        async def send_closing(message):
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"connection"]
                message = {**message, "headers": headers + [(b"connection", b"close")]}
            await send(message)

        await self.app(scope, receive, send_closing)
