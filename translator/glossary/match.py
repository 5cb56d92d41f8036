"""Finding glossary terms in text: an Aho-Corasick automaton, longest match first, whole words only."""

from __future__ import annotations

from dataclasses import dataclass

from translator.glossary.model import Glossary, Term


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    term: Term
    text: str  # the term as it stands in the source


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class Matcher:
    """Matches every term of a glossary in one pass over a text."""

    def __init__(self, glossary: Glossary) -> None:
        import ahocorasick

        self.glossary = glossary
        # What the matcher was built from: equal identities match the same terms the same way (a cache key).
        self.identity = (glossary.source_language, glossary.compute_checksum())
        self._automaton = ahocorasick.Automaton()
        keys: dict[str, list[Term]] = {}
        for term in glossary.terms:
            keys.setdefault(term.source.lower(), []).append(term)
        for key, terms in keys.items():
            self._automaton.add_word(key, (len(key), tuple(terms)))
        self._empty = not keys
        if keys:
            self._automaton.make_automaton()

    @staticmethod
    def _case_ok(term: Term, surface: str, all_caps: bool) -> bool:
        if term.case == "insensitive":
            return True
        if surface == term.source:
            return True
        # A name in an ALL-CAPS headline ("LAVROV SAYS ...") is still the name; an acronym stays exact.
        return term.case == "sensitive" and all_caps and surface == term.source.upper()

    def find(self, text: str) -> list[Match]:
        """Non-overlapping matches, leftmost first; at one position the longest term wins."""
        chosen: list[Match] = []
        for match in self.find_all(text):
            if not chosen or match.start >= chosen[-1].end:
                chosen.append(match)
        return chosen

    def find_all(self, text: str) -> list[Match]:
        """Every match, overlapping ones too, sorted by start and then longest first."""
        if self._empty or not text:
            return []
        lowered = text.lower()
        if len(lowered) != len(text):  # a few characters change length when lowered; match as written
            lowered = text
        all_caps = any(c.isupper() for c in text) and not any(c.islower() for c in text)
        candidates = []
        for end_index, (length, terms) in self._automaton.iter(lowered):
            start, end = end_index - length + 1, end_index + 1
            if start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
                continue
            if end < len(text) and _is_word_char(text[end]) and _is_word_char(text[end - 1]):
                continue  # "NATO's" and "NATO-led" match NATO; "NATOs" does not
            surface = text[start:end]
            for term in terms:
                if self._case_ok(term, surface, all_caps):
                    candidates.append(Match(start, end, term, surface))
                    break
        candidates.sort(key=lambda m: (m.start, -(m.end - m.start)))
        return candidates


def merge_split_terms(sentences: list[str], matcher: Matcher) -> list[str]:
    """Re-join sentences that the splitter cut inside a glossary term ("U.S. Secretary" split after "U.S.")."""
    if len(sentences) < 2:
        return sentences
    joined, bounds, position = "", [], 0
    for sentence in sentences:
        if joined:
            joined += " "
            position += 1
        joined += sentence
        position += len(sentence)
        bounds.append(position)
    cuts = set(bounds[:-1])
    for match in matcher.find(joined):
        for cut in list(cuts):
            if match.start < cut < match.end:
                cuts.discard(cut)
    out, begin = [], 0
    for bound in bounds:
        if bound in cuts or bound == bounds[-1]:
            out.append(joined[begin:bound].strip())
            begin = bound + 1
    return out
