"""Desk rules for the blocks no engine should write: a lead's dateline and an agency credit line.

prepare() runs once per article as it is read (before its units exist): where every target language has the
dateline place (glossary or city table), the dateline leaves the lead's first sentence and each edition gets it
from the table; where every target has a credit template, the credit line is no unit at all. A target without
a template still gets the machine translation of the credit, with a `credit` finding (credit_findings).
edition_text() puts the desk's text into an edition block.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from translator.article import Article, Block, BlockKind
from translator.desk import credits
from translator.desk.dateline import place_in
from translator.findings import Finding, Severity
from translator.glossary.match import Matcher


def prepare(article: Article, targets: Sequence[str], templates: Mapping[str, str],
            matcher: Matcher | None = None) -> list[str]:
    """Set the datelines and credit lines of `article` for `targets`, in place; return warnings for the run."""
    warnings: list[str] = []
    for block in article.blocks:
        if block.kind is BlockKind.LEAD and block.dateline:
            warnings += _dateline(article, block, targets, matcher)
        elif block.kind is BlockKind.CREDIT:
            _credit(article, block, targets, templates)
    return warnings


def _dateline(article: Article, block: Block, targets: Sequence[str], matcher: Matcher | None) -> list[str]:
    prefix = block.dateline
    place = prefix.rstrip().rstrip("-—–").rstrip()
    place = place[: place.index(" (")] if " (" in place else place  # "KYIV (Reuters) -": the agency stays
    forms = {lang: place_in(place.rstrip(","), lang, article.language, matcher) for lang in targets}
    missing = [lang for lang, form in forms.items() if form is None]
    first = block.sentences[0] if block.sentences else ""
    if missing or not first.startswith(prefix) or not first[len(prefix):].strip():
        if missing:
            return [f"{article.path}:{block.line}: dateline {place!r} is not in the city table nor the glossary "
                    f"for {', '.join(missing)}; the engine translates it with the sentence: add it to the glossary"]
        return []
    block.sentences[0] = first[len(prefix):]
    block.lead_ins = {lang: form + prefix[len(place):] if lang != article.language else prefix
                      for lang, form in forms.items() if form is not None}
    return []


def _credit(article: Article, block: Block, targets: Sequence[str], templates: Mapping[str, str]) -> None:
    names = credits.agencies(block.text, article.language)
    if not names:
        return
    lines = {lang: credits.credit_line(names, lang, templates) for lang in targets if lang != article.language}
    block.texts = {lang: credits.wrapped_like(block.text, line) for lang, line in lines.items() if line is not None}
    if article.language in targets:
        block.texts[article.language] = block.text
    if len(block.texts) == len(lines) + (article.language in targets):
        block.sentences = []  # every edition has its template: nothing for an engine or a catalog


def edition_text(block: Block, language: str, target: str) -> str:
    """The edition's text of a block: the desk's own where it has one, the dateline before the translation."""
    if language in block.texts:
        return block.texts[language]
    if language in block.lead_ins and target:
        return block.lead_ins[language] + target
    return target


def credit_findings(source: str, source_language: str | None, language: str,
                    templates: Mapping[str, str]) -> list[Finding]:
    """A credit line the engine translated because `language` has no credit template (prepare() left it a unit)."""
    if language != source_language and credits.agencies(source, source_language) \
            and credits.template(language, templates) is None:
        return [Finding("credit", Severity.WARNING,
                        f"no credit template for {language}: the credit line was machine-translated; add "
                        f'[credits] {language} = "... {{agencies}}" to the job')]
    return []
