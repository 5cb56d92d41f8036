"""Desk rules for the blocks no engine should write: a lead's dateline and an agency credit line.

prepare() runs once per article as it is read (before its units exist) and returns the article the run
translates beside the desk's text of each block (DeskText), the article read being left as it was: where every
target language has the dateline place (glossary or city table), the dateline leaves the lead's first sentence
and each edition gets it from the table; where every target has a credit template, the credit line is no unit at
all. A target without a template still gets the machine translation of the credit, with a `credit` finding
(credit_findings). DeskText.edition_text() puts the desk's text into an edition block.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from translator.article import Article, Block, BlockKind
from translator.desk import credits
from translator.desk.dateline import place_in
from translator.findings import Finding, Severity
from translator.glossary.match import Matcher


@dataclass(frozen=True)
class DeskText:
    """The desk's own text of one block, per edition language, never an engine's: a whole credit line or the
    dateline before a lead's translation."""

    texts: Mapping[str, str] = field(default_factory=dict)     # language -> the whole block (a credit line)
    lead_ins: Mapping[str, str] = field(default_factory=dict)  # language -> what precedes the translation

    def edition_text(self, language: str, target: str) -> str:
        """The edition's text of the block: the desk's own where it has one, the dateline before the translation."""
        if language in self.texts:
            return self.texts[language]
        if language in self.lead_ins and target:
            return self.lead_ins[language] + target
        return target


Desk = tuple[DeskText | None, ...]  # one per block of an article, in order


def prepare(article: Article, targets: Sequence[str], templates: Mapping[str, str],
            matcher: Matcher | None = None) -> tuple[Article, Desk, list[str]]:
    """The article as the run translates it (a lead without the dateline the desk writes; a credit line every
    target has a template for, without sentences), the desk's text of each block, and warnings for the run. The
    article read is left as it was."""
    warnings: list[str] = []
    blocks, desk = [], []
    for block in article.blocks:
        decided: tuple[Block, DeskText | None] = (block, None)
        if block.kind is BlockKind.LEAD and block.dateline:
            decided, said = _dateline(article, block, targets, matcher)
            warnings += said
        elif block.kind is BlockKind.CREDIT:
            decided = _credit(article, block, targets, templates)
        blocks.append(decided[0])
        desk.append(decided[1])
    return dataclasses.replace(article, blocks=blocks), tuple(desk), warnings


def _dateline(article: Article, block: Block, targets: Sequence[str], matcher: Matcher | None
              ) -> tuple[tuple[Block, DeskText | None], list[str]]:
    prefix = block.dateline
    place = prefix.rstrip().rstrip("-—–").rstrip()
    place = place[: place.index(" (")] if " (" in place else place  # "KYIV (Reuters) -": the agency stays
    forms = {lang: place_in(place.rstrip(","), lang, article.language, matcher) for lang in targets}
    missing = [lang for lang, form in forms.items() if form is None]
    first = block.sentences[0] if block.sentences else ""
    if missing or not first.startswith(prefix) or not first[len(prefix):].strip():
        if missing:
            return (block, None), [
                f"{article.path}:{block.line}: dateline {place!r} is not in the city table nor the glossary "
                f"for {', '.join(missing)}; the engine translates it with the sentence: add it to the glossary"]
        return (block, None), []
    lead_ins = {lang: form + prefix[len(place):] if lang != article.language else prefix
                for lang, form in forms.items() if form is not None}
    return (dataclasses.replace(block, sentences=[first[len(prefix):], *block.sentences[1:]]),
            DeskText(lead_ins=lead_ins)), []


def _credit(article: Article, block: Block, targets: Sequence[str], templates: Mapping[str, str]
            ) -> tuple[Block, DeskText | None]:
    names = credits.agencies(block.text, article.language)
    if not names:
        return block, None
    lines = {lang: credits.credit_line(names, lang, templates) for lang in targets if lang != article.language}
    texts = {lang: credits.wrapped_like(block.text, line) for lang, line in lines.items() if line is not None}
    if article.language in targets:
        texts[article.language] = block.text
    if len(texts) == len(lines) + (article.language in targets):
        block = dataclasses.replace(block, sentences=[])  # every edition has its template: nothing to translate
    return block, DeskText(texts=texts)


def credit_findings(source: str, source_language: str | None, language: str,
                    templates: Mapping[str, str]) -> list[Finding]:
    """A credit line the engine translated because `language` has no credit template (prepare() left it a unit)."""
    names = credits.agencies(source, source_language) if language != source_language else None
    if names and credits.credit_line(names, language, templates) is None:
        return [Finding("credit", Severity.WARNING,
                        f"no credit template for {language}: the credit line was machine-translated; add "
                        f'[credits] {language} = "... {{agencies}}" to the job')]
    return []
