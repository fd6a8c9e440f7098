"""What a crisis pattern needs of a text, read from its parse: the check of the data file and
the urgency rules' index in one pass.

The loader must reject a bad regex, and the urgency rules index each pattern by the literals
a text must hold for it to match (router/urgency.py, ``_Phrases``). Both come from re's own
parse, done here once per pattern. Compiling is left to the first text that could match: of
the ~2,300 distinct patterns (with their diacritic-free twins), routing the 3,825 inquiries of
the test split compiles about 740, and compiling them all was a quarter of a worker's start-up.
"""
from __future__ import annotations

import re
from functools import lru_cache

try:  # Python 3.11+: the regex parser lives in re._parser
    from re import _constants as sre_c
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_constants as sre_c
    import sre_parse


@lru_cache(maxsize=None)
def compiled(pattern: str) -> re.Pattern:
    """``re.compile``, once per process (re's own cache keeps only 512)."""
    return re.compile(pattern)


@lru_cache(maxsize=None)
def pattern_index(pattern: str) -> tuple[tuple[str, ...] | None, frozenset | None]:
    """Check ``pattern`` (raises ``re.error`` as ``re.compile`` would) and return the literals
    one of which every match contains, and the characters a match starts with (None: not
    known). Cached: the loader's check and both phrase sets of the urgency rules ask for the
    same patterns."""
    parsed = sre_parse.parse(pattern)
    if "(?<" in pattern:
        # Python checks that a look-behind has a fixed width when it compiles, not when it
        # parses: such a pattern is compiled now, so that the check still happens at load.
        compiled(pattern)
    try:
        required, first = _required(parsed), _first_chars(parsed)
    except Exception:  # an exotic construct: always search it
        required = first = None
    return tuple(required) if required else None, frozenset(first) if first is not None else None


def _first_chars(parsed) -> set[str] | None:
    """The characters a match must start with, or None when that is not known."""
    items = list(parsed)
    for i, (op, av) in enumerate(items):
        if op is sre_c.LITERAL:
            return {chr(av)}
        if op is sre_c.IN:
            chars: set[str] = set()
            for kind, v in av:
                if kind is sre_c.LITERAL:
                    chars.add(chr(v))
                elif kind is sre_c.RANGE and v[1] - v[0] < 200:
                    chars.update(chr(c) for c in range(v[0], v[1] + 1))
                else:
                    return None
            return chars
        if op is sre_c.SUBPATTERN:
            return _first_chars(av[-1]) if not _can_be_empty(av[-1]) else _union(_first_chars(av[-1]), _first_chars(items[i + 1:]))
        if op is sre_c.BRANCH:
            sets = [_first_chars(b) for b in av[1]]
            return None if any(x is None for x in sets) or any(_can_be_empty(b) for b in av[1]) else set().union(*sets)
        if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT):
            lo, _hi, sub = av
            first = _first_chars(sub)
            return first if lo > 0 else _union(first, _first_chars(items[i + 1:]))
        if op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
            continue  # anchors and lookarounds consume nothing
        return None
    return None


def _can_be_empty(parsed) -> bool:
    lo, _hi = parsed.getwidth() if hasattr(parsed, "getwidth") else (1, 1)
    return lo == 0


def _union(a, b):
    return None if a is None or b is None else a | b


def _required(parsed) -> list[str] | None:
    """Literal strings one of which every match must contain, or None when none is known.

    "(暑|寒)くて死にそう" gives ["くて死にそう"]; "(死に|しに)たい" gives ["しに", "死に"]. A plain
    ``in`` test on these rejects most phrases for a text in C, before the regex engine runs."""
    best: list[str] | None = None
    run: list[str] = []

    def better(cand):
        nonlocal best
        if cand and (best is None or min(map(len, cand)) > min(map(len, best))):
            best = cand

    for op, av in list(parsed):
        if op is sre_c.LITERAL:
            run.append(chr(av))
            continue
        better(["".join(run)] if run else None)
        run = []
        if op is sre_c.SUBPATTERN:
            better(_required(av[-1]))
        elif op is sre_c.BRANCH:
            alts = [_required(b) for b in av[1]]
            if all(a for a in alts):
                better(sorted({x for a in alts for x in a}))
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT) and av[0] > 0:
            better(_required(av[2]))
    better(["".join(run)] if run else None)
    return best
