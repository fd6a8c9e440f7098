"""The SQLite database under NUKUMORI_DATA_DIR: one connection per use, WAL, versioned migrations."""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path

# Each entry is one schema version; never edit a released one, append a new one.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE users (
        id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, role TEXT NOT NULL CHECK (role IN ('staff', 'admin')),
        password_hash TEXT NOT NULL, created TEXT NOT NULL DEFAULT (datetime('now')));
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), csrf TEXT NOT NULL,
        created REAL NOT NULL, last_seen REAL NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE login_failures (key TEXT NOT NULL, at REAL NOT NULL);
    CREATE INDEX login_failures_key ON login_failures(key, at);
    CREATE TABLE feedback (
        id INTEGER PRIMARY KEY, created TEXT NOT NULL DEFAULT (datetime('now')), staff_id INTEGER NOT NULL REFERENCES users(id),
        masked_text TEXT NOT NULL, labels TEXT NOT NULL, urgent INTEGER NOT NULL, predicted TEXT NOT NULL,
        model_version TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'new');
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY, at TEXT NOT NULL DEFAULT (datetime('now')), actor TEXT NOT NULL,
        action TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '');
    """,
    """
    CREATE TABLE uploads (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL, created TEXT NOT NULL DEFAULT (datetime('now')),
        actor TEXT NOT NULL, n_rows INTEGER NOT NULL);
    CREATE TABLE upload_rows (
        upload_id INTEGER NOT NULL REFERENCES uploads(id) ON DELETE CASCADE, text TEXT NOT NULL, labels TEXT NOT NULL);
    CREATE TABLE jobs (
        id INTEGER PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL, progress REAL NOT NULL DEFAULT 0,
        message TEXT NOT NULL DEFAULT '', started REAL NOT NULL, finished REAL, result TEXT NOT NULL DEFAULT '', actor TEXT NOT NULL);
    """,
]


def database_path(data_dir: Path) -> Path:
    return Path(data_dir) / "nukumori.sqlite3"


@contextmanager
def connect(data_dir: Path):
    """A connection with the schema up to date; commits on success, rolls back on error."""
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(database_path(data_dir), timeout=10, isolation_level=None)
    con.row_factory = sqlite3.Row
    try:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA foreign_keys=ON")
        con.execute("PRAGMA synchronous=NORMAL")
        _migrate(con)
        con.execute("BEGIN IMMEDIATE")
        yield con
        con.execute("COMMIT")
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise
    finally:
        con.close()


def _migrate(con: sqlite3.Connection) -> None:
    version = con.execute("PRAGMA user_version").fetchone()[0]
    for i in range(version, len(MIGRATIONS)):
        con.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the lock.
            if con.execute("PRAGMA user_version").fetchone()[0] > i:
                con.execute("COMMIT")
                continue
            for statement in MIGRATIONS[i].split(";"):
                if statement.strip():
                    con.execute(statement)
            con.execute(f"PRAGMA user_version = {i + 1}")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise


def audit(con: sqlite3.Connection, actor: str, action: str, detail: str = "") -> None:
    """Record who did what; never inquiry text."""
    con.execute("INSERT INTO audit (actor, action, detail) VALUES (?, ?, ?)", (actor, action, detail))
