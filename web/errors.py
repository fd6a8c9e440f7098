"""A few exceptions that carry their status; handled in one place (web/app.py)."""
from __future__ import annotations


# The one message a client gets for an error of ours (web/app.py, web/fast_route.py): never a
# traceback or the inquiry.
UNEXPECTED = "something went wrong on our side; please try again"


class WebError(Exception):
    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class BadInput(WebError):
    status = 422


class TooLarge(WebError):
    status = 413


class NotFound(WebError):
    status = 404


class NotReady(WebError):
    status = 503
