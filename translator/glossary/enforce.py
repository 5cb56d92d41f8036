"""Glossary enforcement around any engine: verify, fix in place, protect, restore, recover, flag.

Every sentence is first translated as it is: an engine that keeps a name gets the grammar around it right
(articles and contractions agree with "Síria", not with a placeholder; Russian takes "Расмуссена" in the genitive).
A term missing only by its letter case ("otan") is fixed where it stands. Then, per engine (STRATEGIES, measured in
the README), the engine's own rendering of a missing term is replaced by the glossary form ("replace": "a
Iniciativa Grão" -> "a Iniciativa de Grãos", the article still agreeing), and only what is still missing is
translated again with the terms protected by placeholders. A protected translation that lost a placeholder, or a
number or a name the first one had ("2 p.m."), is not used: the first is kept and the rendering replaced there.
Whatever is still missing is flagged for review.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from translator.findings import Note, NoteKind
from translator.glossary.check import find_term, without_forms
from translator.glossary.match import Match, Matcher
from translator.glossary.protect import protect, restore
from translator.text.segment import starts_clause

Translate = Callable[[list[str]], dict[str, str]]
Alternatives = Callable[[list[str]], dict[str, list[str]]]  # n-best translations, best first


@dataclass
class Verdict:
    """What the glossary check found in one translated unit."""

    hits: list[tuple[str, str]] = field(default_factory=list)     # (source term, form found)
    misses: list[tuple[str, str]] = field(default_factory=list)   # (source term, expected form)
    # (source term, forbidden form found): a deprecated or superseded form the terminologists banned
    forbidden: list[tuple[str, str]] = field(default_factory=list)


def _expected(match: Match, language: str) -> str | None:
    form = match.term.target(language)
    if form is not None and form == match.term.source:
        return match.text  # "=": the source exactly as written
    return form


def _find(translation: str, match: Match, language: str) -> str | None:
    """The accepted form of the term as it stands in `translation`: the preferred form, else an admitted synonym
    (the terminologists accept it, so it is neither a miss nor a reason to translate again)."""
    exact = match.term.case == "exact"
    found = find_term(translation, _expected(match, language) or "", language, exact=exact)
    if found is None and _expected(match, language) is not None:
        found = next((hit for form in match.term.alternatives(language)
                      if (hit := find_term(translation, form, language, exact=exact)) is not None), None)
    return found


def verify(source: str, translation: str, matcher: Matcher, language: str) -> Verdict:
    verdict = Verdict()
    for match in matcher.find(source):
        if (banned := forbidden_form(translation, match, language)) is not None:
            verdict.forbidden.append((match.term.source, banned))
        form = _expected(match, language)
        if form is None:
            continue
        found = _find(translation, match, language)
        if found is None:
            verdict.misses.append((match.term.source, form))
        else:
            verdict.hits.append((match.term.source, found))
    return verdict


def forbidden_form(translation: str, match: Match, language: str) -> str | None:
    """A deprecated or superseded form of the term as it stands in `translation`, or None. Accepted forms are
    blanked out first, so a forbidden form inside an accepted one is not counted; the longest is looked for first."""
    banned = match.term.forbidden_forms(language)
    if not banned:
        return None
    accepted = [_expected(match, language) or "", *match.term.alternatives(language)]
    text = without_forms(translation, accepted, language)
    for form in sorted(banned, key=len, reverse=True):
        if (found := find_term(text, form, language, exact=match.term.case == "exact")) is not None:
            return found
    return None


def _substitute_rendering(text: str, rendering: str, form: str, term: str = "") -> str | None:
    """Replace the engine's rendering of a term by the glossary form, where that rendering is plausibly the
    term's: at least half as many words as the term ("Secretario" alone for "U.S. Secretary of State" is not),
    found exactly once."""
    rendering = rendering.strip().rstrip(".")
    if not rendering or len(rendering.split()) * 2 < len(term.split()):
        return None
    pattern = re.compile(r"(?<!\w)" + re.escape(rendering) + r"(?!\w)", re.IGNORECASE)
    replaced, count = pattern.subn(form, text)
    return replaced if count == 1 else None


def fix_case(text: str, match: Match, language: str) -> str | None:
    """The term is there but in the wrong letter case ("otan" for OTAN): set the case in place, or None."""
    form = _expected(match, language)
    if not form or match.term.case != "exact":
        return None
    found = find_term(text, form, language)
    if found is None:
        return None
    return text.replace(found, form, 1)


def _fix_cases(text: str, matches: Sequence[Match], language: str) -> str:
    for match in matches:
        if _find(text, match, language) is None:
            text = fix_case(text, match, language) or text
        else:
            text = _fix_other_cases(text, match, language)
    return text


def _fix_other_cases(text: str, match: Match, language: str) -> str:
    """The term stands in another letter case than the glossary's: "la otan ... Consejo OTAN-Rusia" (a source with
    NATO twice), "do Mar Negro" for "mar Negro". Every whole occurrence is set to the glossary's case; one that
    starts a sentence keeps its capital unless the term is an acronym."""
    form = _expected(match, language)
    if not form or (match.term.case != "exact" and form[:1].isupper()):
        return text  # a capitalised name: the engine's case can only differ at the start, which is right

    def recase(found: re.Match[str]) -> str:
        starts = starts_clause(text, found.start())
        wanted = form[0].upper() + form[1:] if starts and match.term.case != "exact" else form
        return wanted if found.group(0).lower() == form.lower() else found.group(0)

    return re.sub(r"(?<!\w)" + re.escape(form) + r"(?!\w)", recase, text, flags=re.IGNORECASE)


_NUMBER = re.compile(r"\d+")
_NAME = re.compile(r"[^\W\d_]+")


def lost_content(source: str, first: str, second: str, terms: Sequence[Match]) -> set[str]:
    """Numbers and names of the first translation missing from the second: names are capitalised words the
    engine copied from the source, less the protected terms' own words (those are replaced on purpose)."""
    replaced = {w for m in terms for w in _NAME.findall(m.text)}
    source_words = set(_NAME.findall(source))
    names = {w for w in _NAME.findall(first) if w[0].isupper() and w in source_words and w not in replaced}
    return (set(_NUMBER.findall(first)) - set(_NUMBER.findall(second))) | (names - set(_NAME.findall(second)))


# How misses are repaired; each engine declares the one measured best for it on benchmarks/reference (its
# traits.glossary_strategy; README, Glossaries):
#   "placeholder": the missed terms protected by placeholders in a second pass, renderings replaced where a
#                  placeholder is lost;
#   "replace":     the engine's own rendering of the term (the term translated alone) replaced in the first
#                  translation; a placeholder pass only for what that leaves missing.
STRATEGIES = ("placeholder", "replace")
DEFAULT_STRATEGY = "placeholder"


def enforce(sentences: Sequence[str], language: str, matcher: Matcher, translate: Translate,
            alternatives: Alternatives | None = None, strategy: str = DEFAULT_STRATEGY
            ) -> tuple[dict[str, str], dict[str, Note]]:
    """Translate `sentences` keeping glossary terms; return translations, and how protection changed a sentence.

    A term missing only by its letter case is fixed in place first. With `alternatives` (engines with n-best
    output, like Argos) the protected pass takes the best hypothesis that kept every placeholder. A protected
    translation that lost a number or a name of the first one is not used. Terms still missing afterwards are the
    caller's to find (verify()).
    """
    out = dict(translate(list(sentences)))
    matches = {s: [m for m in matcher.find(s) if _expected(m, language) is not None] for s in sentences}
    notes: dict[str, Note] = {}
    for s in sentences:
        out[s] = _fix_cases(out[s], matches[s], language)
    # Protect only the terms the engine missed: fewer placeholders, fewer lost (Bergamot merges close ones).
    missed = {s: [m for m in matches[s] if _find(out[s], m, language) is None] for s in sentences}
    first_missed = missed  # a second translation starts from the source again: it needs every one protected
    if strategy == "replace":
        _replace_renderings([s for s in sentences if missed[s]], out, matches, language, translate, notes,
                            tried=False)
        missed = {s: [m for m in matches[s] if _find(out[s], m, language) is None] for s in sentences}
    redo = [s for s in sentences if missed[s]]
    if not redo:
        return out, notes
    protected = {s: protect(s, first_missed[s], language) for s in redo}
    texts = [p.text for p in protected.values()]
    if alternatives is not None:
        hypotheses = alternatives(texts)
    else:
        hypotheses = {text: [translation] for text, translation in translate(texts).items()}
    unprotected: list[str] = []  # sentences whose protected translation lost a term
    for s in redo:
        for hypothesis in hypotheses[protected[s].text]:
            text, lost = restore(hypothesis, protected[s])
            text = _fix_cases(text, matches[s], language)
            if not lost:
                break
        if lost:
            unprotected.append(s)
        elif lost_content(s, out[s], text, first_missed[s]):
            unprotected.append(s)  # "2 p.m." gone with the placeholders: keep the first, fix the term in place
        else:
            out[s] = text
            notes[s] = Note(NoteKind.FORCED)
    if unprotected:
        _replace_renderings(unprotected, out, matches, language, translate, notes)
    return out, notes


def _replace_renderings(sentences: Sequence[str], out: dict[str, str], matches: dict[str, list[Match]],
                        language: str, translate: Translate, notes: dict[str, Note], tried: bool = True) -> None:
    """Replace, in `out`, the engine's own rendering of each missing term (the term translated alone); note the
    sentences changed, and with `tried` also those where it failed."""
    if not sentences:
        return
    renderings = translate(sorted({m.text for s in sentences for m in matches[s]
                                   if _find(out[s], m, language) is None}))
    for s in sentences:
        text = out[s]
        for match in matches[s]:
            form = _expected(match, language)
            if form and _find(text, match, language) is None:
                text = _substitute_rendering(text, renderings.get(match.text, ""), form, match.text) or text
        if text != out[s] or tried:
            notes[s] = Note(NoteKind.RECOVERED)
        out[s] = text
