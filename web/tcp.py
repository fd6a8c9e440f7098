"""uvicorn's HTTP protocols (httptools, which `nukumori serve` uses, and h11) with Nagle's
algorithm off on every connection.

With several workers uvicorn binds the listening socket itself (proto 0), and asyncio then
leaves TCP_NODELAY unset on accepted connections: a response's head and body wait for the
client's delayed ACK, 40 ms per request. Setting it here makes both modes behave the same.
"""
from __future__ import annotations

import socket

from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


def _no_delay(transport) -> None:
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass


class NoDelayHttpToolsProtocol(HttpToolsProtocol):
    def connection_made(self, transport) -> None:
        _no_delay(transport)
        super().connection_made(transport)


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport) -> None:
        _no_delay(transport)
        super().connection_made(transport)
