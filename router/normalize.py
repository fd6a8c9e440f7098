"""Text clean-up shared by every step: one place decides what 'the same text' means."""
from __future__ import annotations

import re
import unicodedata

# C0/C1 controls except tab and newline, zero-width and bidi controls: invisible characters
# that change nothing a person meant but break matching and can hide text (RTL overrides).
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_SPACES = re.compile(r"[ \t\u3000]+")
_NEWLINES = re.compile(r"\n{3,}")
# Long runs of combining marks (zalgo text) carry no meaning and cost tokenizer time.
_COMBINING_RUN = re.compile(r"([\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff\ufe20-\ufe2f]{3})[\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff\ufe20-\ufe2f]+")


def normalize(text: str) -> str:
    """NFKC (half/full width, compatibility forms), lower case, no invisible characters."""
    text = unicodedata.normalize("NFKC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _INVISIBLE.sub("", text)
    text = _COMBINING_RUN.sub(r"\1", text)
    text = _SPACES.sub(" ", text)
    text = _NEWLINES.sub("\n\n", text)
    return text.strip().lower()
