"""Every setting in one declared table: name, default, help. The README lists them all."""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path


def _default_data_dir() -> str:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "nukumori")


# (name, default, help). Environment variable: NUKUMORI_<NAME upper-case>.
SETTINGS: list[tuple[str, object, str]] = [
    ("data_dir", _default_data_dir(), "Folder for everything the service writes: SQLite database, model versions."),
    ("host", "127.0.0.1", "Address `nukumori serve` listens on."),
    ("port", 8000, "Port `nukumori serve` listens on."),
    ("workers", 1, "Worker processes for `nukumori serve`."),
    ("threads", 4, "Threads per worker for the pages and for API inquiries over 1,000 characters (each holds a Sudachi tokenizer); shorter API inquiries are routed on the event loop."),
    ("max_chars", 5000, "Longest inquiry accepted, in characters; longer text gets a 422 that says so."),
    ("max_body_bytes", 65536, "Largest API request body; larger gets a 413."),
    ("keepalive_requests", 25, "Answers one kept-alive connection gets before it is closed (its client reconnects), so that the workers share the clients; 0: never closed."),
    ("allowed_hosts", "127.0.0.1,localhost,testserver", "Host headers accepted (comma-separated; * for any)."),
    ("log_level", "warning", "Server log level. Inquiry text is never logged at any level."),
    ("access_log", False, "Write an access log line per request (method, path, status; never bodies)."),
    ("session_idle_minutes", 30, "Staff/admin sessions end after this long without a request."),
    ("session_max_hours", 12, "Staff/admin sessions end this long after sign-in, whatever happens."),
    ("secure_cookies", "auto", "Mark cookies Secure: auto (when the request came over HTTPS), true or false."),
]


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    host: str
    port: int
    workers: int
    threads: int
    max_chars: int
    max_body_bytes: int
    keepalive_requests: int
    allowed_hosts: tuple[str, ...]
    log_level: str
    access_log: bool
    session_idle_minutes: int
    session_max_hours: int
    secure_cookies: str

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides) -> "Settings":
        env = os.environ if env is None else env
        values = {}
        for name, default, _ in SETTINGS:
            raw = overrides.get(name, env.get(f"NUKUMORI_{name.upper()}", default))
            values[name] = _coerce(name, raw, default)
        return cls(**values)


def _coerce(name: str, raw, default):
    if name == "data_dir":
        return Path(raw).expanduser()
    if name == "allowed_hosts":
        return tuple(h.strip() for h in raw.split(",") if h.strip()) if isinstance(raw, str) else tuple(raw)
    if isinstance(default, bool):
        return raw if isinstance(raw, bool) else str(raw).lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise SystemExit(f"NUKUMORI_{name.upper()} must be a whole number, not {raw!r}") from None
    return str(raw)


assert [f.name for f in fields(Settings)] == [s[0] for s in SETTINGS]
