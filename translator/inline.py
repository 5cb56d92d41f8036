"""Inline markup through the engines: emphasis, strong, links and code spans of a sentence.

Sentences hold their inline markup as CommonMark inline syntax (*em*, **strong**, [text](url), `code`): the
Markdown reader keeps it as written, the HTML and JSON readers turn <em>, <strong>, <a href> and <code> into it.
An engine gets plain text with paired markers around each span, "XS1X words XE1X" (measured in the README: the
engines here keep them where they drop brackets), and a code span as one "XC1X" token it passes through.
The markers come back as the markup; where one is lost the plain translation is kept and the unit gets a
`markup` finding. The edition writers render the markup per format (spans() gives it as data).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from translator import commonmark
from translator.findings import Finding, Severity

_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_MARKUP_HINT = re.compile(r"[*_`\[\\<]")
# Apertium may mark a marker as an unknown word inside ("X*S1X"): the mark is allowed where it puts it.
_X = r"X\s?[*#@~]?\s?"
_MARKER = re.compile(rf"(\s*{_X}([SEC])\s?(\d+)\s?X\s*)", re.IGNORECASE)
_CLOSERS = tuple(".,;:!?)»”")
_DELIMITERS = {"em": ("*", "*"), "strong": ("**", "**")}


@dataclass(frozen=True)
class Span:
    """One inline span of a sentence: its kind (em, strong, link, code) and, for a link, its url."""

    kind: str
    url: str = ""
    code: str = ""  # a code span's text, never translated


@dataclass(frozen=True)
class Marked:
    """A sentence as an engine gets it: plain text with numbered markers, and the span each number stands for."""

    text: str
    spans: tuple[Span, ...]
    plain: str = ""  # the sentence without markup, for an engine that lost a marker
    brackets: bool = False  # the spans went as [brackets] (the engines here keep them best), not numbered markers


def escape(text: str) -> str:
    """Literal text as Markdown inline syntax: the characters that would open markup get a backslash."""
    return _SPECIAL.sub(r"\\\1", text)


def markdown_tokens(text: str):
    """The CommonMark inline tokens of a text, or None when it holds nothing that could be markup."""
    if not _MARKUP_HINT.search(text):
        return None  # most sentences: no parse needed
    return commonmark.parser().parseInline(text)[0].children or []


def to_engine(text: str) -> Marked | None:
    """The engine text of a sentence with inline markup, or None when it has none."""
    tokens = markdown_tokens(text)
    if not tokens:
        return None
    if not any(t.type.endswith("_open") or t.type == "code_inline" for t in tokens):
        bare = plain(text)  # escaped characters only ("5 \\* 3"): the engine gets them bare
        return Marked(bare, (), bare) if bare != text else None
    out: list[str] = []
    spans: list[Span] = []
    stack: list[int] = []
    nested = False
    for token in tokens:
        kind = token.type.rsplit("_", 1)[0]
        if token.type in ("em_open", "strong_open", "link_open"):
            spans.append(Span(kind, url=str(token.attrs.get("href", "")) if kind == "link" else ""))
            nested = nested or bool(stack)
            stack.append(len(spans))
            out.append(f" XS{len(spans)}X ")
        elif token.type in ("em_close", "strong_close", "link_close") and stack:
            out.append(f" XE{stack.pop()}X ")
        elif token.type == "code_inline":
            spans.append(Span("code", code=token.content))
            out.append(f" XC{len(spans)}X ")
        elif token.type in ("softbreak", "hardbreak"):
            out.append(" ")
        else:  # text, an image's words, inline html: what a reader sees
            out.append(token.content)
    engine = " ".join("".join(out).split())
    engine = re.sub(r"(XE\d+X) (?=[.,;:!?)»”])", r"\1", engine)  # "*useful*," keeps its comma close
    bare = plain(text)
    if _bracketable(spans, nested, bare):
        engine = re.sub(r"\s*XE\d+X", "]", re.sub(r"XS\d+X\s*", "[", engine))
        return Marked(engine, tuple(spans), bare, brackets=True)
    return Marked(engine, tuple(spans), bare)


def _bracketable(spans: list[Span], nested: bool, bare: str) -> bool:
    """Whether the spans can go as plain [brackets]: none nested, no bracket in the text, and their order cannot
    matter (one span, or spans alike and no link), since a bracket says only where a span is, not which."""
    paired = [s for s in spans if s.kind != "code"]
    if nested or not paired or "[" in bare or "]" in bare:
        return False
    return len(paired) == 1 or (len({s.kind for s in paired}) == 1 and paired[0].kind != "link")


def _numbered(translation: str, marked: Marked) -> str | None:
    """A bracketed translation in numbered markers again; None when its brackets are not the spans' pairs."""
    numbers = iter([n for n, s in enumerate(marked.spans, 1) if s.kind != "code"])
    pairs = re.findall(r"\[[^\[\]]*\]", translation)
    if len(pairs) != sum(1 for s in marked.spans if s.kind != "code") or translation.count("[") != len(pairs) \
            or translation.count("]") != len(pairs):
        return None
    return re.sub(r"\[([^\[\]]*)\]", lambda m: f"XS{(n := next(numbers))}X {m.group(1)} XE{n}X", translation)


def from_engine(translation: str, marked: Marked) -> tuple[str, bool]:
    """The translation with its markup back, and whether every span came back. Where a marker was lost, the
    plain translation (markers removed, no markup) is returned with False."""
    if marked.brackets:
        numbered = _numbered(translation, marked)
        if numbered is None:
            return " ".join(_MARKER.sub(" ", translation.replace("[", "").replace("]", "")).split()), False
        translation = numbered
    found = [(m.group(2).upper(), int(m.group(3))) for m in _MARKER.finditer(translation)]
    expected = sorted([("S", n) for n, s in enumerate(marked.spans, 1) if s.kind != "code"]
                      + [("E", n) for n, s in enumerate(marked.spans, 1) if s.kind != "code"]
                      + [("C", n) for n, s in enumerate(marked.spans, 1) if s.kind == "code"])
    intact = sorted(found) == expected and all(found.index(("S", n)) < found.index(("E", n))
                                               and _has_words(translation, n) for side, n in found if side == "S")
    pieces = _MARKER.split(translation)  # text, (marker, side, number, trailing space), text, ...
    out = [escape(pieces[0]) if intact else pieces[0]]
    for at in range(1, len(pieces), 4):
        whole, side, number, text = pieces[at], pieces[at + 1].upper(), int(pieces[at + 2]), pieces[at + 3]
        span = marked.spans[number - 1] if 0 < number <= len(marked.spans) else None
        lead = " " if whole[:1].isspace() else ""
        trail = " " if whole[-1:].isspace() else ""
        if span is None or not intact:
            gap = "" if text[:1] in _CLOSERS else lead or trail
            out.append(span.code if span is not None and side == "C" else gap)
        elif side == "C":
            out.append(f"{lead}`{span.code}`{trail}")
        elif side == "S":
            out.append(lead + ("[" if span.kind == "link" else _DELIMITERS[span.kind][0]))
        else:
            out.append((f"]({span.url})" if span.kind == "link" else _DELIMITERS[span.kind][1]) + trail)
        out.append(escape(text) if intact else text)
    return " ".join("".join(out).split()), intact


def _has_words(translation: str, number: int) -> bool:
    """Whether the engine left any words between a span's markers (an empty span lost its words)."""
    inside = re.search(rf"{_X}S\s?{number}\s?X(.*?){_X}E\s?{number}\s?X", translation, re.IGNORECASE | re.DOTALL)
    return bool(inside and re.search(r"\w", _MARKER.sub("", inside.group(1))))


def engine_texts(given: Mapping[str, str]) -> tuple[dict[str, str], dict[str, Marked]]:
    """Source sentence -> what the engine gets, markers in place of markup; source sentence -> its spans.

    The spans are the source sentence's own: two sentences that read the same apart from their links or code
    share one engine text (and one engine call), never each other's markup."""
    out: dict[str, str] = {}
    marked: dict[str, Marked] = {}
    for source, text in given.items():
        found = to_engine(text)
        out[source] = found.text if found else text
        if found:
            marked[source] = found
    return out, marked


def restore_texts(texts: Mapping[str, str], marked: Mapping[str, Marked]) -> tuple[dict[str, str], dict[str, str]]:
    """Each source sentence's translation with its own markup back; and the sentences whose markers the engine
    lost, each with its plain text (no markers) to translate again: their markup is dropped, the words kept."""
    out = dict(texts)
    lost: dict[str, str] = {}
    for source, translation in texts.items():
        if translation and (spans := marked.get(source)) is not None:
            out[source], intact = from_engine(translation, spans)
            if not intact:
                lost[source] = spans.plain
    return out, lost


# ── the markup as data, for the writers and the checks ──────────────────────────────────────────────────────

@dataclass(frozen=True)
class TextSpan:
    """A span of a plain text: [start, end) in characters, its kind, and a link's url."""

    start: int
    end: int
    kind: str
    url: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "kind": self.kind, **({"url": self.url} if self.url else {})}


def spans(text: str) -> tuple[str, list[TextSpan]]:
    """The plain text of a sentence or block with inline markup, and its spans over that plain text."""
    tokens = markdown_tokens(text)
    if tokens is None:
        return text, []
    plain: list[str] = []
    found: list[TextSpan] = []
    stack: list[tuple[str, int, str]] = []
    size = 0
    for token in tokens:
        if token.type in ("em_open", "strong_open", "link_open"):
            stack.append((token.type[:-5], size, str(token.attrs.get("href", ""))))
        elif token.type in ("em_close", "strong_close", "link_close") and stack:
            kind, start, url = stack.pop()
            found.append(TextSpan(start, size, kind, url))
        else:
            piece = " " if token.type in ("softbreak", "hardbreak") else token.content
            if token.type == "code_inline":
                found.append(TextSpan(size, size + len(piece), "code"))
            plain.append(piece)
            size += len(piece)
    return "".join(plain), sorted(found, key=lambda s: (s.start, -s.end))


def plain(text: str) -> str:
    return spans(text)[0]


def count(text: str) -> int:
    """How many inline spans a sentence holds."""
    return len(spans(text)[1])


def markup_finding(source: str, target: str) -> Finding | None:
    """A warning when a translation holds fewer inline spans than its source: the reviewer puts them back."""
    wanted = count(source)
    if not wanted or not target.strip():
        return None
    kept = count(target)
    if kept >= wanted:
        return None
    return Finding("markup", Severity.WARNING,
                   f"{wanted - kept} of {wanted} inline spans (emphasis, links, code) lost in translation; the "
                   "plain translation is kept: put the markup back by hand")
