"""Glossary enforcement around any engine: protect, translate, restore, verify, recover, flag.

Languages that inflect names (ru, uk, ...) are first translated unprotected, so a correct inflected form the
engine chose ("Расмуссена") is kept; only sentences that lack a term are retranslated with placeholders.
Elsewhere terms are protected first; a sentence whose placeholder the engine lost is retranslated unprotected
and the engine's own rendering of the term (the term translated alone) is replaced by the glossary form.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from translator.glossary.check import INFLECTING, find_term
from translator.glossary.match import Match, Matcher
from translator.glossary.protect import protect, restore

Translate = Callable[[list[str]], dict[str, str]]


@dataclass
class Verdict:
    """What the glossary check found in one translated unit."""

    hits: list[tuple[str, str]] = field(default_factory=list)     # (source term, form found)
    misses: list[tuple[str, str]] = field(default_factory=list)   # (source term, expected form)


def _expected(match: Match, language: str) -> str | None:
    form = match.term.target(language)
    if form is not None and form == match.term.source:
        return match.text
    return form


def verify(source: str, translation: str, matcher: Matcher, language: str) -> Verdict:
    verdict = Verdict()
    for match in matcher.find(source):
        form = _expected(match, language)
        if form is None:
            continue
        found = find_term(translation, form, language)
        if found is None:
            verdict.misses.append((match.term.source, form))
        else:
            verdict.hits.append((match.term.source, found))
    return verdict


def _substitute_rendering(text: str, rendering: str, form: str) -> str | None:
    if not rendering.strip():
        return None
    pattern = re.compile(r"(?<!\w)" + re.escape(rendering.strip().rstrip(".")) + r"(?!\w)", re.IGNORECASE)
    replaced, count = pattern.subn(form, text, count=1)
    return replaced if count else None


def enforce(sentences: Sequence[str], language: str, matcher: Matcher, translate: Translate
            ) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Translate `sentences` keeping glossary terms; return translations and review notes per sentence."""
    matches = {s: [m for m in matcher.find(s) if _expected(m, language) is not None] for s in sentences}
    protected = {s: protect(s, matches[s], language) for s in sentences if matches[s]}
    notes: dict[str, list[str]] = {}
    out: dict[str, str] = {}

    if language in INFLECTING:
        out.update(translate(list(sentences)))
        redo = [s for s in protected if verify(s, out[s], matcher, language).misses]
        if redo:
            again = translate([protected[s].text for s in redo])
            for s in redo:
                text, lost = restore(again[protected[s].text], protected[s])
                out[s] = text
                notes[s] = ["glossary: term forced into its glossary form (check the case ending)"]
                if lost:
                    notes[s].append("glossary miss: engine lost " + ", ".join(protected[s].slots[i][1] for i in lost))
        return out, notes

    batch = [protected[s].text if s in protected else s for s in sentences]
    first = translate(batch)
    lost_terms: dict[str, list[Match]] = {}
    for s, sent in zip(sentences, batch):
        if s not in protected:
            out[s] = first[sent]
            continue
        text, lost = restore(first[sent], protected[s])
        out[s] = text
        if lost:
            lost_terms[s] = [matches[s][i] for i in lost]  # slots follow the matches one to one
    if lost_terms:
        # Engines drop a placeholder now and then (Bergamot merges two that stand close); translate again
        # protecting only the terms that survived, and put the engine's own rendering of the others right.
        second = {s: protect(s, [m for m in matches[s] if m not in lost_terms[s]], language) for s in lost_terms}
        again = translate([p.text for p in second.values()])
        renderings = translate(sorted({m.text for ms in lost_terms.values() for m in ms}))
        for s, prot in second.items():
            text, _ = restore(again[prot.text], prot)
            for match in lost_terms[s]:
                form = _expected(match, language)
                if form and find_term(text, form, language) is None:
                    text = _substitute_rendering(text, renderings.get(match.text, ""), form) or text
            out[s] = text
            notes[s] = ["glossary: the engine lost a protected term; retranslated and the term substituted"]
            missing = verify(s, text, matcher, language).misses
            if missing:
                notes[s].append("glossary miss: " + ", ".join(f"{t} → {f}" for t, f in missing))
    return out, notes

