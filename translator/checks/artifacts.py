"""Engine debris: Apertium's `parquote` and its `*`, `#`, `@` marks, glossary placeholders left in, unbalanced
quotes and brackets."""

from __future__ import annotations

import re

from translator.findings import Finding, Severity

CHECK = "artifacts"

# Apertium en->sr writes the name of its quote tag instead of the quote, glued to the next or last word
# ("parquotetvrditi", "dijalogparquote"); no language has "parquote" inside a word.
_TAG_WORDS = re.compile(r"parquote|\b(?:apos|quot|ltquote|rtquote)\b", re.IGNORECASE)
# Apertium's marks on a word: '*' unknown, '#' generation gap, '@' transfer gap.
_MARKS = re.compile(r"(?<![\w#@*/.])[*#@](?=\w)|(?<=\w)[#@](?!\w)")
# Glossary placeholders (translator.glossary.protect writes "XT1X"; engines add spaces) and other templates.
_PLACEHOLDERS = re.compile(r"\bX\s?T\s?\d+\s?X\b|\{\d+\}|__\w+__|⟦[^⟧]*⟧|\bT\d+⟧|⟦T\d+", re.IGNORECASE)
_PAIRS = {"(": ")", "[": "]", "{": "}", "«": "»", "“": "”", "„": "“"}
_DOUBLE_QUOTES = '"“”«»„'


def _balanced(text: str) -> bool:
    """Brackets close in order and double quotes come in pairs."""
    stack: list[str] = []
    for ch in text:
        if ch in "([{":
            stack.append(_PAIRS[ch])
        elif ch in ")]}" and (not stack or stack.pop() != ch):
            return False
    return not stack and sum(text.count(q) for q in _DOUBLE_QUOTES) % 2 == 0


def _without_emphasis(text: str) -> str:
    """The text with Markdown emphasis taken off ("*anticonstitucional*" is emphasis, not Apertium's unknown-word
    mark): a '*' that CommonMark pairs is markup; a lone one before a word stays for the marks to find."""
    if "*" not in text and "_" not in text:
        return text
    from translator.text.inline import spans  # lazy: the CommonMark parser

    plain, found = spans(text)
    return plain if any(s.kind in ("em", "strong") for s in found) else text


def check_artifacts(source: str, target: str, source_language: str, target_language: str) -> list[Finding]:
    """Debris not in the source: tag words and marks hold the edition; unbalanced punctuation is a warning."""
    findings: list[Finding] = []
    tags = [m for m in _TAG_WORDS.findall(target) if m.lower() not in source.lower()]
    if tags:
        findings.append(Finding(CHECK, Severity.BLOCKING, f"engine tag word left in: {tags[0]}"))
    source_text, target_text = _without_emphasis(source), _without_emphasis(target)
    source_marks = {m.group(0) + source_text[m.end():m.end() + 1] for m in _MARKS.finditer(source_text)}
    marks = [target_text[m.start():m.end() + 12].split()[0] for m in _MARKS.finditer(target_text)
             if m.group(0) + target_text[m.end():m.end() + 1] not in source_marks]
    if marks:
        findings.append(Finding(CHECK, Severity.BLOCKING, f"engine marks left in: {' '.join(marks[:3])}"))
    placeholders = [p for p in _PLACEHOLDERS.findall(target) if p not in source]
    if placeholders:
        findings.append(Finding(CHECK, Severity.BLOCKING, f"placeholder left in: {placeholders[0]}"))
    if _balanced(source) and not _balanced(target):
        findings.append(Finding(CHECK, Severity.WARNING, "quotes or brackets do not balance"))
    return findings
