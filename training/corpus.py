"""The labelled corpus: reading, validating, and the train/test split kept apart on disk.

Files: training/corpus/train/*.jsonl and training/corpus/test/*.jsonl. The test split is never
read by training (``load_split("train")`` is all ``nukumori train`` uses).
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from knowledge import AREA_IDS

CORPUS_DIR = Path(__file__).parent / "corpus"
MAX_TEXT = 5000


@dataclass(frozen=True)
class Example:
    text: str
    labels: tuple[str, ...]
    register: str = "plain"
    lang: str = "ja"
    source: str = "corpus"


@dataclass
class DataError(ValueError):
    """A data file has problems; ``problems`` lists them by row number."""

    file: str
    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        head = f"{self.file}: {len(self.problems)} problem(s)"
        return "\n".join([head] + [f"  {p}" for p in self.problems[:50]])


def _parse_labels(value) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    if isinstance(value, str):
        for sep in (";", "|"):
            if sep in value:
                return [v.strip() for v in value.split(sep) if v.strip()]
        return [value.strip()] if value.strip() else []
    raise TypeError("labels must be a list or a string")


def _validate(rows: list[tuple[int, dict]], name: str, source: str) -> list[Example]:
    problems: list[str] = []
    out: list[Example] = []
    seen: dict[str, int] = {}
    for n, row in rows:
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            problems.append(f"row {n}: text is empty")
            continue
        if len(text) > MAX_TEXT:
            problems.append(f"row {n}: text is longer than {MAX_TEXT} characters")
            continue
        try:
            labels = _parse_labels(row.get("labels", []))
        except TypeError as e:
            problems.append(f"row {n}: {e}")
            continue
        unknown = [lab for lab in labels if lab not in AREA_IDS]
        if unknown:
            problems.append(f"row {n}: unknown label(s): {', '.join(unknown)}")
            continue
        key = text.strip()
        if key in seen:
            problems.append(f"row {n}: duplicate of row {seen[key]}")
            continue
        seen[key] = n
        out.append(Example(text=text, labels=tuple(dict.fromkeys(labels)), register=str(row.get("register") or "plain"),
                           lang=str(row.get("lang") or "ja"), source=source))
    if problems:
        raise DataError(name, problems)
    return out


def _decode(raw: bytes, name: str) -> str:
    for enc in ("utf-8-sig", "cp932"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise DataError(name, ["the file is neither UTF-8 nor CP932 (Shift_JIS) text"])


def parse_data(raw: bytes, name: str, source: str = "upload") -> list[Example]:
    """CSV (columns text,labels) or JSON lines; nothing is returned unless every row is valid."""
    text = _decode(raw, name)
    stripped = text.lstrip()
    rows: list[tuple[int, dict]] = []
    if name.lower().endswith((".jsonl", ".json", ".ndjson")) or stripped.startswith("{"):
        problems = []
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                problems.append(f"row {n}: not valid JSON ({e.msg})")
                continue
            if not isinstance(obj, dict):
                problems.append(f"row {n}: not a JSON object")
                continue
            rows.append((n, obj))
        if problems:
            raise DataError(name, problems)
    else:
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "text" not in reader.fieldnames or "labels" not in reader.fieldnames:
            raise DataError(name, ["row 1: the header must have the columns text,labels"])
        rows = [(n, r) for n, r in enumerate(reader, start=2)]
    if not rows:
        raise DataError(name, ["the file has no rows"])
    return _validate(rows, name, source)


def read_file(path: Path | str, source: str = "file") -> list[Example]:
    p = Path(path)
    return parse_data(p.read_bytes(), p.name, source)


def load_split(split: str, corpus_dir: Path = CORPUS_DIR) -> list[Example]:
    """All examples of one split ('train' or 'test'), in a stable order; a fresh list each call."""
    return list(_read_split(split, Path(corpus_dir)))


@lru_cache(maxsize=4)
def _read_split(split: str, corpus_dir: Path) -> tuple[Example, ...]:
    # The bundled corpus ships with the code and does not change while a process runs; the
    # admin dashboard, exports and retraining would otherwise parse it on every request.
    out: list[Example] = []
    for p in sorted((corpus_dir / split).glob("*.jsonl")):
        out.extend(read_file(p, source=f"corpus/{split}"))
    return tuple(out)


def data_hash(examples: list[Example]) -> str:
    h = hashlib.sha256()
    for e in examples:
        h.update(json.dumps([e.text, list(e.labels)], ensure_ascii=False).encode())
    return h.hexdigest()


def shingles(text: str, n: int = 3) -> set[str]:
    t = "".join(text.lower().split())
    return {t[i:i + n] for i in range(max(1, len(t) - n + 1))}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
