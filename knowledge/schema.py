"""Pydantic models of the knowledge base: what each data file may hold."""
from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from .patterns import pattern_index

AREA_IDS = (
    "comprehensive", "hikikomori", "abuse_dv", "poverty", "foreign_residents", "guardianship",
    "reoffending", "elderly_care", "disability", "childcare", "complaints", "minsei_iin",
    "volunteer", "community", "welfare_education", "mobility", "barrier_free", "environment",
    "disaster", "crime_prevention", "watching",
)

# A phone number is either a national short code (#9110), a 3-digit emergency number, or a
# hyphenated Japanese number. Anything else is a typo the loader should catch.
_PHONE = re.compile(r"^(#\d{4}|1\d\d|0\d{1,4}-\d{1,4}-\d{3,4}|0\d{3}-\d{6})$")


def _phone(v: str) -> str:
    if not _PHONE.match(v):
        raise ValueError(f"not a phone number: {v!r}")
    return v


def _regex(v: str) -> str:
    try:
        pattern_index(v)  # re's parse checks it; the urgency rules reuse what it finds
    except re.error as e:
        raise ValueError(f"bad regex {v!r}: {e}") from e
    return v


PhoneNumber = Annotated[str, AfterValidator(_phone)]
Regex = Annotated[str, AfterValidator(_regex)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Phone(Strict):
    number: PhoneNumber
    type: Literal["voice", "fax", "text", "sms", "tty"] = "voice"
    description: str = ""
    languages: list[str] = Field(default_factory=lambda: ["ja"])


class Contact(Strict):
    id: str
    name: str = Field(min_length=1)
    organization: str = ""
    address: str = ""
    url: str = ""
    source: str = Field(min_length=1)
    verified: bool
    schedule: str = ""
    phones: list[Phone] = Field(default_factory=list)

    @property
    def voice_phone(self) -> Phone | None:
        return next((p for p in self.phones if p.type == "voice"), None)


class Described(Strict):
    """Something from the plan, described in plain Japanese, やさしい日本語 and English."""

    id: str
    name: str = Field(min_length=1)
    plan_ref: str = Field(min_length=1)
    description: str = Field(min_length=1)
    easy: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Program(Described):
    pass


class Area(Described):
    programs: list[str] = Field(min_length=1)
    contacts: list[str] = Field(min_length=1)
    hotlines: list[str] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _known_id(cls, v: str) -> str:
        if v not in AREA_IDS:
            raise ValueError(f"unknown area id {v!r} (see areas.tsv)")
        return v


class Hotline(Strict):
    id: str
    name: str = Field(min_length=1)
    number: PhoneNumber
    purpose: str = Field(min_length=1)
    note: str = ""
    checked: str


class CrisisKind(Strict):
    """One kind of danger-now: its phrases, the numbers to call, what to say."""

    id: str
    label: str = Field(min_length=1)
    severity: int = Field(ge=1, le=9)  # lower is more urgent: its numbers come first
    area: str
    hotlines: list[str] = Field(min_length=1)
    advice: str = Field(min_length=1)
    advice_easy: str = Field(min_length=1)
    advice_en: str = Field(min_length=1)
    patterns: list[Regex] = Field(default_factory=list)  # regexes over the normalized text
    lemmas: list[str] = Field(default_factory=list)  # space-separated Sudachi normalized forms



class CrisisModifiers(Strict):
    """Phrases that take the sting out of a match: idioms, awareness work, the resolved past."""

    defuse: list[Regex]  # regexes blanked out before matching (死ぬほど笑った, 自殺対策...)
    past: list[Regex]  # the sentence speaks of the past (昔, 以前...)
    resolved: list[Regex]  # ...and says it is over now (今は元気...)
    topic: list[Regex] = Field(default_factory=list)  # talk about the subject (研修, チラシ...)
    personal: list[Regex] = Field(default_factory=list)  # ...unless the sentence is about me, now
    fiction: list[Regex] = Field(default_factory=list)  # dreams, dramas, lyrics: never danger now
    long_ago: list[Regex] = Field(default_factory=list)  # years ago, told as over (子どものころ...)
    but: list[Regex] = Field(default_factory=list)  # ...unless a "but" follows it (けど, but...)
    now_or_still: list[Regex] = Field(default_factory=list)  # ...or now, lately, still is said (今, まだ...)

