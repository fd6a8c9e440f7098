"""Load and validate the knowledge base under knowledge/data/.

Every problem is reported as ``file: entry: field: what is wrong`` so that a city editor
who broke a file can find the line without reading Python.
"""
from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .schema import AREA_IDS, Area, Contact, CrisisKind, CrisisModifiers, Hotline, Program

DATA_DIR = Path(__file__).parent / "data"


class KnowledgeError(ValueError):
    """A knowledge file is missing, unreadable or inconsistent."""


@dataclass(frozen=True)
class KnowledgeBase:
    areas: dict[str, Area]
    programs: dict[str, Program]
    contacts: dict[str, Contact]
    hotlines: dict[str, Hotline]
    crisis: dict[str, CrisisKind]
    modifiers: CrisisModifiers
    source_dir: Path

    def area_contacts(self, area_id: str) -> list[Contact]:
        return [self.contacts[c] for c in self.areas[area_id].contacts]

    def best_contact(self, area_id: str) -> Contact:
        """The first verified contact with a phone; the city's own line is always one."""
        for c in self.area_contacts(area_id):
            if c.verified and c.voice_phone:
                return c
        return self.contacts["city_welfare"]


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KnowledgeError(f"{path.name}: file is missing") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise KnowledgeError(f"{path.name}: not valid TOML: {e}") from None


def _describe(e: ValidationError) -> str:
    err = e.errors()[0]
    field = ".".join(str(p) for p in err["loc"]) or "(entry)"
    return f"field '{field}': {err['msg']}"


def _entries(path: Path, table: str, model: type[BaseModel]) -> dict[str, Any]:
    raw = _read_toml(path).get(table)
    if not isinstance(raw, list) or not raw:
        raise KnowledgeError(f"{path.name}: no [[{table}]] entries")
    out: dict[str, Any] = {}
    for i, entry in enumerate(raw, start=1):
        name = f"{table} #{i}" + (f" (id={entry.get('id')})" if isinstance(entry, dict) and entry.get("id") else "")
        try:
            item = model.model_validate(entry)
        except ValidationError as e:
            raise KnowledgeError(f"{path.name}: {name}: {_describe(e)}") from None
        if item.id in out:
            raise KnowledgeError(f"{path.name}: {name}: field 'id': duplicate id {item.id!r}")
        out[item.id] = item
    return out


def _hotlines(path: Path) -> dict[str, Hotline]:
    out: dict[str, Hotline] = {}
    try:
        with path.open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
    except FileNotFoundError:
        raise KnowledgeError(f"{path.name}: file is missing") from None
    for i, row in enumerate(rows, start=2):  # line 1 is the header
        name = f"line {i} (id={row.get('id')})"
        try:
            h = Hotline(id=row.get("id") or "", name=row.get("name") or "", number=row.get("number") or "",
                        purpose=row.get("for") or "", note=row.get("note") or "", checked=row.get("checked") or "")
        except ValidationError as e:
            raise KnowledgeError(f"{path.name}: {name}: {_describe(e)}") from None
        out[h.id] = h
    return out


def _check_refs(path: Path, table: str, item_id: str, field: str, refs: list[str], known: dict) -> None:
    for r in refs:
        if r not in known:
            raise KnowledgeError(f"{path.name}: {table} (id={item_id}): field '{field}': unknown id {r!r}")


def load_knowledge(data_dir: Path | str = DATA_DIR) -> KnowledgeBase:
    """Read every data file, validate each entry and the links between them."""
    d = Path(data_dir)
    programs = _entries(d / "programs.toml", "program", Program)
    contacts = _entries(d / "contacts.toml", "contact", Contact)
    hotlines = _hotlines(d / "hotlines.tsv")
    areas = _entries(d / "areas.toml", "area", Area)
    crisis_path = d / "crisis.toml"
    crisis = _entries(crisis_path, "kind", CrisisKind)
    try:
        modifiers = CrisisModifiers.model_validate(_read_toml(crisis_path).get("modifiers", {}))
    except ValidationError as e:
        raise KnowledgeError(f"{crisis_path.name}: [modifiers]: {_describe(e)}") from None

    missing = [a for a in AREA_IDS if a not in areas]
    if missing:
        raise KnowledgeError(f"areas.toml: missing areas: {', '.join(missing)}")
    with (d / "areas.tsv").open(encoding="utf-8") as f:
        tsv_ids = [row["id"] for row in csv.DictReader(f, delimiter="\t")]
    if sorted(tsv_ids) != sorted(AREA_IDS):
        raise KnowledgeError("areas.tsv: ids differ from the 21 fixed area ids")
    for a in areas.values():
        _check_refs(d / "areas.toml", "area", a.id, "programs", a.programs, programs)
        _check_refs(d / "areas.toml", "area", a.id, "contacts", a.contacts, contacts)
        _check_refs(d / "areas.toml", "area", a.id, "hotlines", a.hotlines, hotlines)
    for k in crisis.values():
        _check_refs(crisis_path, "kind", k.id, "hotlines", k.hotlines, hotlines)
        _check_refs(crisis_path, "kind", k.id, "area", [k.area], areas)
        if not (k.patterns or k.lemmas):
            raise KnowledgeError(f"{crisis_path.name}: kind (id={k.id}): field 'patterns': no patterns or lemmas")
    if "city_welfare" not in contacts or not contacts["city_welfare"].verified:
        raise KnowledgeError("contacts.toml: contact (id=city_welfare): the city's own verified contact is required")
    return KnowledgeBase(areas=areas, programs=programs, contacts=contacts, hotlines=hotlines,
                         crisis=crisis, modifiers=modifiers, source_dir=d)


GLOSSARY_LANGS = {"en", "vi", "pt", "zh", "tl", "id", "ne", "ko", "es"}


def load_glossary(path: Path | str = DATA_DIR / "glossary.tsv") -> list[tuple[str, str, str]]:
    """(term, lang, Japanese word) rows: other languages' welfare words mapped to Japanese."""
    p = Path(path)
    if not p.exists():
        return []
    rows = []
    seen: set[tuple[str, str]] = set()
    with p.open(encoding="utf-8") as f:
        for n, row in enumerate(csv.reader(f, delimiter="\t"), start=1):
            if n == 1 or not row:
                continue
            if len(row) != 3 or not all(c.strip() for c in row):
                raise KnowledgeError(f"{p.name}: line {n}: needs three non-empty columns: term, lang, ja")
            term, lang, ja = (c.strip() for c in row)
            if lang not in GLOSSARY_LANGS:
                raise KnowledgeError(f"{p.name}: line {n}: field 'lang': unknown language {lang!r}")
            if (term.lower(), lang) in seen:
                continue  # a repeated row adds nothing
            seen.add((term.lower(), lang))
            rows.append((term, lang, ja))
    return rows


@lru_cache(maxsize=1)
def default_knowledge() -> KnowledgeBase:
    return load_knowledge(DATA_DIR)
