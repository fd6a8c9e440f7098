"""Staff and admin accounts: Argon2id passwords, server-side sessions, sign-in throttling."""
from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .db import audit, connect

MAX_FAILURES = 10
LOCK_SECONDS = 15 * 60
_hasher = PasswordHasher()  # argon2id with the library's current defaults


class AccountError(ValueError):
    """Bad account data, or a refused sign-in; the message is safe to show."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str


@dataclass(frozen=True)
class Session:
    user: User
    csrf: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Accounts:
    def __init__(self, data_dir: Path, idle_seconds: int = 30 * 60, max_seconds: int = 12 * 3600):
        self.data_dir = Path(data_dir)
        self.idle_seconds = idle_seconds
        self.max_seconds = max_seconds

    def add(self, name: str, password: str, role: str) -> None:
        name = name.strip()
        if not name or len(name) > 64:
            raise AccountError("the account name must be 1 to 64 characters")
        if role not in ("staff", "admin"):
            raise AccountError("the role must be staff or admin")
        if len(password) < 10:
            raise AccountError("the password must be at least 10 characters")
        with connect(self.data_dir) as con:
            if con.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
                raise AccountError(f"an account named {name!r} already exists")
            con.execute("INSERT INTO users (name, role, password_hash) VALUES (?, ?, ?)", (name, role, _hasher.hash(password)))
            audit(con, "cli", "user.add", f"{name} ({role})")

    def _locked(self, con, keys: list[str], now: float) -> bool:
        since = now - LOCK_SECONDS
        return any(con.execute("SELECT COUNT(*) FROM login_failures WHERE key = ? AND at > ?", (k, since)).fetchone()[0]
                   >= MAX_FAILURES for k in keys)

    def sign_in(self, name: str, password: str, address: str) -> str:
        """A new session token, or AccountError with a message for the person signing in."""
        now = time.time()
        keys = [f"user:{name.strip().lower()}", f"addr:{address}"]
        # Failures are committed before the error is raised: a refused sign-in must still count.
        refusal = None
        token = None
        with connect(self.data_dir) as con:
            if self._locked(con, keys, now):
                audit(con, name[:64] or "?", "signin.locked", address)
                refusal = "サインインの失敗が続いたため、15分間ロックしています。時間をおいてお試しください。"
            else:
                token, refusal = self._check(con, name, password, keys, address, now)
        if refusal:
            raise AccountError(refusal)
        return token

    def _check(self, con, name: str, password: str, keys: list[str], address: str, now: float):
        row = con.execute("SELECT id, name, role, password_hash FROM users WHERE name = ?", (name.strip(),)).fetchone()
        ok = False
        if row is not None:
            try:
                ok = _hasher.verify(row["password_hash"], password)
            except (VerificationError, InvalidHashError):
                ok = False
        else:
            _hasher.hash(password)  # same cost whether or not the account exists
        if not ok:
            for k in keys:
                con.execute("INSERT INTO login_failures (key, at) VALUES (?, ?)", (k, now))
            audit(con, name[:64] or "?", "signin.failed", address)
            return None, "アカウント名かパスワードが違います。"
        con.execute("DELETE FROM login_failures WHERE key = ?", (keys[0],))
        token = secrets.token_urlsafe(32)
        con.execute("INSERT INTO sessions (token_hash, user_id, csrf, created, last_seen) VALUES (?, ?, ?, ?, ?)",
                    (_digest(token), row["id"], secrets.token_urlsafe(24), now, now))
        audit(con, row["name"], "signin", address)
        return token, None

    def session(self, token: str | None) -> Session | None:
        if not token:
            return None
        now = time.time()
        with connect(self.data_dir) as con:
            row = con.execute(
                "SELECT s.csrf, s.created, s.last_seen, s.revoked, u.id, u.name, u.role FROM sessions s "
                "JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?", (_digest(token),)).fetchone()
            if row is None or row["revoked"]:
                return None
            if now - row["last_seen"] > self.idle_seconds or now - row["created"] > self.max_seconds:
                con.execute("UPDATE sessions SET revoked = 1 WHERE token_hash = ?", (_digest(token),))
                return None
            con.execute("UPDATE sessions SET last_seen = ? WHERE token_hash = ?", (now, _digest(token)))
            return Session(User(row["id"], row["name"], row["role"]), row["csrf"])

    def sign_out(self, token: str, actor: str) -> None:
        with connect(self.data_dir) as con:
            con.execute("UPDATE sessions SET revoked = 1 WHERE token_hash = ?", (_digest(token),))
            audit(con, actor, "signout")

    def change_password(self, user: User, old: str, new: str) -> None:
        if len(new) < 10:
            raise AccountError("the password must be at least 10 characters")
        with connect(self.data_dir) as con:
            row = con.execute("SELECT password_hash FROM users WHERE id = ?", (user.id,)).fetchone()
            try:
                _hasher.verify(row["password_hash"], old)
            except (VerificationError, InvalidHashError):
                raise AccountError("the current password is wrong") from None
            con.execute("UPDATE users SET password_hash = ? WHERE id = ?", (_hasher.hash(new), user.id))
            # A new password ends every session of the account, this one included.
            con.execute("UPDATE sessions SET revoked = 1 WHERE user_id = ?", (user.id,))
            audit(con, user.name, "password.change")
