"""From scores and urgency matches to the contract's result: decision, areas, referrals, hotlines.

The rules, in order:
1. Urgent (any crisis match) → decision ``route``; its numbers come first in ``hotlines``.
2. Top score below the out-of-scope floor, or the "no welfare area" score above its floor and
   not more than a margin below the top area → ``out_of_scope`` (no areas).
3. Top score below the route floor, or the top two within the ambiguity gap while neither is
   confident and the second is not a second issue → ``clarify``.
4. Otherwise ``route``. ``multi_issue`` when the multi-issue rule (router/multi_issue.py)
   gives at least its cut; then 包括的相談支援・多機関協働 is referred first, with every area
   at or above the multi-issue floor (at least the top two). A single issue is referred to its
   top area only: a second area that scores high on context words is shown to staff, not
   put on the referral slip. (Model files from before the rule: two or more areas at or above
   the floor, or 包括的相談支援 above the route floor.)
An inquiry not in Japanese always carries 外国人への支援 among its areas and referrals.
An inquiry in a language the model cannot read at all (a script it has no words for, such as
Thai or Burmese) is not scored: scores of an empty feature row say nothing, and the learned
urgency signal called every such message a medical emergency. It is referred to 外国人への支援,
the desk for people who do not read Japanese; the phrase rules still apply. ``readable`` is
false and, unless a rule found danger, ``hotlines`` holds the police and ambulance numbers as a
precaution (``urgent`` stays false: nothing was found).
"""
from __future__ import annotations

from knowledge import KnowledgeBase

from .model import Thresholds
from .urgency import CrisisMatch

COMPREHENSIVE = "comprehensive"
FOREIGN = "foreign_residents"
MAX_AREAS = 6
MIN_CANDIDATES = 3  # a routed result always ranks at least this many areas
PRECAUTION_HOTLINES = ("police", "ambulance")  # shown first when an inquiry cannot be read


def _contact(kb: KnowledgeBase, area_id: str) -> dict:
    c = kb.best_contact(area_id)
    phone = c.voice_phone
    return {"id": c.id, "name": c.name, "phone": phone.number if phone else None,
            "verified": c.verified, "source": c.source}


def referral(kb: KnowledgeBase, area_id: str) -> dict:
    area = kb.areas[area_id]
    program = kb.programs[area.programs[0]]
    return {"area": area_id, "program": program.name, "program_id": program.id, "contact": _contact(kb, area_id)}


def hotline_entry(kb: KnowledgeBase, hotline_id: str, kind: str | None) -> dict:
    h = kb.hotlines[hotline_id]
    return {"id": h.id, "name": h.name, "number": h.number, "for": h.purpose, "note": h.note, "kind": kind}


def decide(kb: KnowledgeBase, scores: dict[str, float], lang: str,
           matches: list[CrisisMatch], th: Thresholds, none_score: float = 0.0,
           multi_score: float | None = None, multi_cut: float = 0.5, readable: bool = True) -> dict:
    """The contract result; each area's ``evidence`` is left empty for the caller to fill."""
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    top_id, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    urgent = bool(matches)
    unreadable = not readable  # Router.readable: Japanese is always readable

    if urgent or unreadable:
        decision = "route"
    elif top < th.out_of_scope or (none_score >= th.none and none_score >= top - th.none_margin):
        decision = "out_of_scope"
    elif top < th.route or (top < th.confident and top - second < th.gap and second < th.multi):
        decision = "clarify"
    else:
        decision = "route"

    shown: list[str] = []
    if unreadable:
        shown = list(dict.fromkeys([kb.crisis[m.kind].area for m in matches] + [FOREIGN]))
    elif decision != "out_of_scope":
        shown = [a for a, s in ranked if s >= th.show][:MAX_AREAS]
        if len(shown) < MIN_CANDIDATES and not urgent:
            shown = [a for a, _ in ranked[:MIN_CANDIDATES]]
        # Urgent: only areas the model shows on its own, plus the danger's own area, by score.
        for m in matches:
            area = kb.crisis[m.kind].area
            if area not in shown:
                shown.append(area)
        if urgent:
            shown.sort(key=lambda a: -scores[a])
        if lang != "ja" and FOREIGN not in shown:
            shown.append(FOREIGN)

    if unreadable:
        multi = False
    elif multi_score is None:  # a model file from before the rule
        issues = [a for a in shown if a != COMPREHENSIVE and scores[a] >= th.multi]
        multi = decision == "route" and (len(issues) >= 2 or scores.get(COMPREHENSIVE, 0.0) >= th.route)
    else:
        multi = decision == "route" and multi_score >= multi_cut

    referred: list[str] = []
    if unreadable:
        referred = list(shown)
    elif decision == "route":
        if multi or multi_score is None:
            referred = [a for a in shown if scores[a] >= th.multi or a == top_id]
            others = [a for a in shown if a not in referred and a != COMPREHENSIVE]
            if multi and len([a for a in referred if a != COMPREHENSIVE]) < 2 and others:
                referred.append(others[0])  # several problems: at least two desks
        else:
            referred = [a for a in shown if a == top_id]
        referred += [kb.crisis[m.kind].area for m in matches]
        if lang != "ja":
            referred.append(FOREIGN)
        if multi:
            referred.insert(0, COMPREHENSIVE)
        referred = list(dict.fromkeys(referred))

    hotlines: list[dict] = []
    for m in matches:
        for h in kb.crisis[m.kind].hotlines:
            if all(x["id"] != h for x in hotlines):
                hotlines.append(hotline_entry(kb, h, m.kind))

    if unreadable and not hotlines:
        # We cannot tell whether it is urgent: the numbers for danger now come first anyway.
        hotlines = [hotline_entry(kb, h, None) for h in PRECAUTION_HOTLINES if h in kb.hotlines]

    helplines: list[dict] = []
    for a in referred:
        for h in kb.areas[a].hotlines:
            if all(x["id"] != h for x in hotlines + helplines):
                helplines.append(hotline_entry(kb, h, None))

    return {
        "decision": decision,
        "urgent": urgent,
        "areas": [{"id": a, "name": kb.areas[a].name, "score": round(float(scores[a]), 3), "evidence": []}
                  for a in shown],
        "multi_issue": multi,
        # p(several problems) from the multi-issue rule, for staff; only when the result routes.
        "multi_issue_score": (round(float(multi_score), 3) if multi_score is not None and decision == "route"
                              and not unreadable else None),
        "referrals": [referral(kb, a) for a in referred],
        "hotlines": hotlines,
        "urgency": [{"kind": m.kind, "label": kb.crisis[m.kind].label, "phrase": m.phrase, "source": m.source,
                     "advice": {"ja": kb.crisis[m.kind].advice, "easy": kb.crisis[m.kind].advice_easy,
                                "en": kb.crisis[m.kind].advice_en}} for m in matches],
        "helplines": helplines,
        "language": lang,
        "readable": not unreadable,
    }
