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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

from translator.findings import Finding, Severity
from translator.text import commonmark

_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_MARKUP_HINT = re.compile(r"[*_`\[\\<&]")
# Apertium may mark a marker as an unknown word inside ("X*S1X"): the mark is allowed where it puts it.
_X = r"X\s?[*#@~]?\s?"
_MARKER = re.compile(rf"(\s*{_X}([SEC])\s?(\d+)\s?X\s*)", re.IGNORECASE)
_CLOSERS = tuple(".,;:!?)»”")
# What a span the source wrote glued to its neighbour stays glued to in a translation (quotes, apostrophes, brackets).
_GLUE_BEFORE = "'’\"“„«([/-"
_GLUE_AFTER = "'’\"”»)/-"
_DELIMITERS = {"em": ("*", "*"), "strong": ("**", "**")}
# A hard break inside a sentence while it is split and restored (a character no text holds and no split cuts at).
HARD_BREAK = "\ue000"


@dataclass(frozen=True)
class Span:
    """One inline span of a sentence: its kind (em, strong, link, image, code, break) and, for a link or image,
    its url. An atomic span (code, a hard break, a link or image with no words) goes to the engine as one token."""

    kind: str
    url: str = ""
    code: str = ""  # a code span's text, never translated
    title: str = ""  # a link's or image's title, kept as written
    before: str = ""  # the character the source wrote right before the span ("" after a space): l'*Europe*
    after: str = ""  # the character right after it: *Guardian*'s

    @property
    def atomic(self) -> bool:
        return self.kind in ("code", "break", "empty-link", "empty-image")


@dataclass(frozen=True)
class Marked:
    """A sentence as an engine gets it: plain text with numbered markers, and the span each number stands for."""

    text: str
    spans: tuple[Span, ...]
    plain: str = ""  # the sentence without markup, for an engine that lost a marker
    brackets: bool = False  # the spans went as [brackets] (the engines here keep them best), not numbered markers


def escape(text: str) -> str:
    """Literal text as Markdown inline syntax: the characters that would open markup get a backslash (an "&" only
    where it would read as an entity)."""
    return _ENTITY.sub(r"\\&", _SPECIAL.sub(r"\\\1", text))


def bang_before_link(out: list[str]) -> None:
    """A "!" written right before a link would make it an image: it gets a backslash."""
    if out and out[-1].endswith("!") and not out[-1].endswith("\\!"):
        out[-1] = out[-1][:-1] + "\\!"


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
    if not any(t.type.endswith("_open") or t.type in ("code_inline", "image", "hardbreak") for t in tokens):
        bare = plain(text)  # escaped characters only ("5 \\* 3"): the engine gets them bare
        return Marked(bare, (), bare) if bare != text else None
    out: list[str] = []
    spans: list[Span] = []
    stack: list[int] = []
    nested = False
    for at, token in enumerate(tokens):
        kind = token.type.rsplit("_", 1)[0]
        before, after = _neighbours(tokens, at)
        if token.type == "link_open" and at + 1 < len(tokens) and tokens[at + 1].type == "link_close":
            spans.append(Span("empty-link", url=_attr(token, "href"), title=_attr(token, "title"), before=before,
                              after=_neighbours(tokens, at + 1)[1]))
            out.append(f" XC{len(spans)}X ")  # a link with no words: nothing to translate, kept whole
        elif token.type == "link_close" and at and tokens[at - 1].type == "link_open":
            continue
        elif token.type in ("em_open", "strong_open", "link_open"):
            spans.append(Span(kind, url=_attr(token, "href"), title=_attr(token, "title"), before=before))
            nested = nested or bool(stack)
            stack.append(len(spans))
            out.append(f" XS{len(spans)}X ")
        elif token.type in ("em_close", "strong_close", "link_close") and stack:
            number = stack.pop()
            spans[number - 1] = replace(spans[number - 1], after=after)
            out.append(f" XE{number}X ")
        elif token.type == "image" and token.content.strip():
            spans.append(Span("image", url=_attr(token, "src"), title=_attr(token, "title"), before=before,
                              after=after))
            nested = True  # an image's alt text is not a span brackets can stand for
            out.append(f" XS{len(spans)}X {token.content} XE{len(spans)}X ")
        elif token.type == "image":
            spans.append(Span("empty-image", url=_attr(token, "src"), title=_attr(token, "title"), before=before,
                              after=after))
            out.append(f" XC{len(spans)}X ")
        elif token.type == "code_inline":
            spans.append(Span("code", code=token.content, before=before, after=after))
            out.append(f" XC{len(spans)}X ")
        elif token.type == "hardbreak":
            spans.append(Span("break", before=before, after=after))
            out.append(f" XC{len(spans)}X ")
        elif token.type == "softbreak":
            out.append(" ")
        else:  # text, inline html: what a reader sees
            out.append(token.content)
    engine = " ".join("".join(out).split())
    engine = re.sub(r"(XE\d+X) (?=[.,;:!?)»”])", r"\1", engine)  # "*useful*," keeps its comma close
    bare = plain(text)
    if _bracketable(spans, nested, bare):
        engine = re.sub(r"\s*XE\d+X", "]", re.sub(r"XS\d+X\s*", "[", engine))
        return Marked(engine, tuple(spans), bare, brackets=True)
    return Marked(engine, tuple(spans), bare)


def _attr(token, name: str) -> str:
    return str(token.attrs.get(name) or "")


def _neighbours(tokens, at: int) -> tuple[str, str]:
    """The characters the source wrote right before and right after tokens[at] ("" where a space or nothing)."""
    before = tokens[at - 1].content[-1:] if at and tokens[at - 1].type == "text" else ""
    after = tokens[at + 1].content[:1] if at + 1 < len(tokens) and tokens[at + 1].type == "text" else ""
    return before.strip(), after.strip()


def _bracketable(spans: list[Span], nested: bool, bare: str) -> bool:
    """Whether the spans can go as plain [brackets]: none nested, no bracket in the text, and their order cannot
    matter (one span, or spans alike and no link), since a bracket says only where a span is, not which."""
    paired = [s for s in spans if not s.atomic]
    if nested or not paired or "[" in bare or "]" in bare:
        return False
    return len(paired) == 1 or (len({s.kind for s in paired}) == 1 and paired[0].kind != "link")


def _numbered(translation: str, marked: Marked) -> str | None:
    """A bracketed translation in numbered markers again; None when its brackets are not the spans' pairs."""
    numbers = iter([n for n, s in enumerate(marked.spans, 1) if not s.atomic])
    pairs = re.findall(r"\[[^\[\]]*\]", translation)
    if len(pairs) != sum(1 for s in marked.spans if not s.atomic) or translation.count("[") != len(pairs) \
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
    expected = sorted([("S", n) for n, s in enumerate(marked.spans, 1) if not s.atomic]
                      + [("E", n) for n, s in enumerate(marked.spans, 1) if not s.atomic]
                      + [("C", n) for n, s in enumerate(marked.spans, 1) if s.atomic])
    intact = sorted(found) == expected and all(found.index(("S", n)) < found.index(("E", n))
                                               and _has_words(translation, n) for side, n in found if side == "S")
    pieces = _MARKER.split(translation)  # text, (marker, side, number, trailing space), text, ...
    out = [escape(pieces[0]) if intact else pieces[0]]
    for at in range(1, len(pieces), 4):
        whole, side, number, text = pieces[at], pieces[at + 1].upper(), int(pieces[at + 2]), pieces[at + 3]
        span = marked.spans[number - 1] if 0 < number <= len(marked.spans) else None
        lead = " " if whole[:1].isspace() else ""
        trail = " " if whole[-1:].isspace() else ""
        if span is not None and intact:
            previous = pieces[at - 1][-1:]
            if side in "SC" and span.before and previous and (previous == span.before or previous in _GLUE_BEFORE):
                lead = ""  # l'*Europe*, "*this*": glued where the source glued it
            if side in "EC" and (text[:1] in _CLOSERS or span.after and text[:1]
                                 and (text[:1] == span.after or text[:1] in _GLUE_AFTER)):
                trail = ""  # *Guardian*'s, *useful*,
        if span is not None and intact and not text.strip():
            following = pieces[at + 5].upper() if at + 5 < len(pieces) else "E"
            trail = "" if side == "E" and following == "E" else trail  # "**[title](url)**", not "...) **"
        if span is not None and intact and side == "S" and at > 1 and not pieces[at - 1].strip() \
                and pieces[at - 3].upper() == "S":
            lead = ""  # an opener right after an opener: "**[title", not "** [title"
        if span is None or not intact:
            gap = "" if text[:1] in _CLOSERS else lead or trail
            out.append(span.code if span is not None and side == "C" else gap)
        elif side == "C":
            out.append(f"{lead}{_atomic(span)}{trail}")
        elif side == "S":
            if span.kind == "link" and not lead:
                bang_before_link(out)
            out.append(lead + {"link": "[", "image": "!["}.get(span.kind, _DELIMITERS.get(span.kind, ("",))[0]))
        else:
            out.append(_closing(span) + trail)
        out.append(escape(text) if intact else text)
    restored = " ".join("".join(out).split())
    return re.sub(rf"\s*{HARD_BREAK}\s*", "\\\\\n", restored), intact


def _atomic(span: Span) -> str:
    """The Markdown of a span that went to the engine as one token."""
    if span.kind == "break":
        return HARD_BREAK
    if span.kind == "code":
        return code_span(span.code)
    return f"{'!' if span.kind == 'empty-image' else ''}[]({destination(span.url, span.title)})"


def _closing(span: Span) -> str:
    if span.kind in ("link", "image"):
        return f"]({destination(span.url, span.title)})"
    return _DELIMITERS[span.kind][1]


def code_span(content: str) -> str:
    """A code span holding `content` as written: a fence longer than any run of backticks inside, padded where
    the content starts or ends with a backtick or a space."""
    fence = "`" * (max((len(run) for run in re.findall("`+", content)), default=0) + 1)
    padded = content[:1] in ("`", " ") and content[-1:] in ("`", " ") and content.strip(" ")
    pad = " " if padded or content[:1] == "`" or content[-1:] == "`" else ""
    return f"{fence}{pad}{content}{pad}{fence}"


_URL_UNSAFE = {" ": "%20", "(": "\\(", ")": "\\)", "<": "%3C", ">": "%3E", "\\": "%5C"}


def destination(url: str, title: str = "") -> str:
    """A link's or image's destination and title as Markdown writes them inside the parentheses."""
    written = "".join(_URL_UNSAFE.get(ch, ch) for ch in url)
    if title:
        written += ' "' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return written


def _as_written(content: str) -> str:
    return content


def write_tokens(tokens, text: Callable[[str], str] = escape, url: Callable[[str], str | None] = _as_written,
                 html: Callable[[str], str] = _as_written) -> str:
    """CommonMark inline tokens written back as inline syntax, links and images inline. `text` escapes literal
    text and an image's alt; `url` vets a destination (None: the link's or image's words are kept without it);
    `html` writes inline HTML and any other token."""
    out: list[str] = []
    links: list[tuple[str, str] | None] = []
    for token in tokens:
        if token.type == "text":
            out.append(text(token.content))
        elif token.type == "softbreak":
            out.append(" ")
        elif token.type == "hardbreak":
            out.append("\\\n")
        elif token.type in ("em_open", "em_close", "strong_open", "strong_close"):
            out.append(token.markup)
        elif token.type == "code_inline":  # a code span renders its content as text: nothing in it runs
            out.append(code_span(token.content))
        elif token.type == "link_open":
            href = _attr(token, "href")
            where = url(href) if href else ""  # [text]() links nowhere, as written
            links.append(None if where is None else (where, _attr(token, "title")))
            if where is not None:
                bang_before_link(out)
                out.append("[")
        elif token.type == "link_close":
            link = links.pop() if links else None
            if link is not None:
                out.append(f"]({destination(*link)})")
        elif token.type == "image":
            where = url(_attr(token, "src"))
            alt = text(token.content)
            out.append(alt if where is None else f"![{alt}]({destination(where, _attr(token, 'title'))})")
        else:
            out.append(html(token.content))
    return "".join(out)


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
    plain, found = _spans(text)
    return plain, list(found)


# A block's text is read without markup by several reader rules, the writers and the checks: parsed once. The
# cache holds a few texts: a parse costs most on a long block (100k spans: seconds), where it matters.
@lru_cache(maxsize=64)
def _spans(text: str) -> tuple[str, tuple[TextSpan, ...]]:
    tokens = markdown_tokens(text)
    if tokens is None:
        return text, ()
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
            elif token.type == "image":
                found.append(TextSpan(size, size + len(piece), "image", str(token.attrs.get("src", ""))))
            plain.append(piece)
            size += len(piece)
    return "".join(plain), tuple(sorted(found, key=lambda s: (s.start, -s.end)))


def whole_spans(text: str, sentences: list[str]) -> list[str]:
    """The sentences of `text` joined again where the splitter cut inside an inline span ("*Editor's note: ...
    Monday. An earlier version ...*") or at a hard break; a cut just before a span's closing delimiter moves past
    it. A span is never cut in two."""
    if len(sentences) < 2 or not (_MARKUP_HINT.search(text) or HARD_BREAK in text):
        return sentences
    cuts, at = [], 0
    for sentence in sentences[:-1]:
        found = text.find(sentence, at)
        if found < 0:
            return sentences  # the splitter changed the text: leave its answer alone
        at = found + len(sentence)
        cuts.append(at)
    whole = _span_kinds(text)
    kept = [0]
    for cut in cuts:
        closing = len(text[cut:]) - len(text[cut:].lstrip("*_"))  # "... otherwise.* Next": cut after the *
        for place in (cut, cut + closing) if closing else (cut,):
            if _clean_cut(text, place, whole):
                kept.append(place)
                break
    kept.append(len(text))
    return [piece for start, end in zip(kept, kept[1:]) if (piece := text[start:end].strip())]


def _clean_cut(text: str, place: int, whole: tuple) -> bool:
    """Whether cutting `text` at `place` leaves every span whole: both halves hold the spans the whole text holds
    (a cut after the "!" of an image would leave a link)."""
    if text[:place].rstrip().endswith(HARD_BREAK) or text[place:].lstrip().startswith(HARD_BREAK):
        return False
    return _span_kinds(text[:place]) + _span_kinds(text[place:]) == whole


def _span_kinds(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((span.kind, span.url) for span in spans(text)[1])


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
