"""Constructions the target language's grammar does not have and a rule-based engine writes word for word from
English: "ha nunca negado" (has never denied: Spanish never splits haber from its participle), "tienen firmó"
(have signed: tener is no auxiliary), "Todavía," opening a sentence (Still,), "estuvo arrestado" (was arrested:
an event's passive takes ser, not estar). An editor rewrites the sentence; the gate holds it.

Written from the grammar, one pattern per construction; measured on the labelled set (benchmarks/judgement.py):
none of the human references draws one. Languages without patterns are not checked.
"""

from __future__ import annotations

import re

from translator.findings import Finding, Severity
from translator.languages import normalize_code

CHECK = "grammar"
# Participles that name a state, with which estar is right Spanish ("estuvo detenido dos años").
_STATES = "cerrad|abiert|detenid|ocupad|casad|sentad|dispuest|encarcelad|prohibid|presente|preocupad|situad"
PATTERNS: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    "es": (
        ("an adverb between haber and its participle (English word order)",
         re.compile(r"\b(?:ha|han|he|has|hemos|había|habían|habrá|habría)\s+(?:nunca|siempre|jamás|también)\s",
                    re.IGNORECASE)),
        ("tener used as the auxiliary of a past tense",
         re.compile(r"\b(?:tiene|tienen|tenía|tenían)\s+[a-záéíóúñ]+(?:ó|aron|ieron)\b", re.IGNORECASE)),
        ('"Todavía," opening a sentence (English "Still,": "Aun así,")',
         re.compile(r"(?:^|[.!?]\s+|--\s+)Todavía,")),
        ("estar in the preterite for an event's passive (ser: \"fue arrestado\")",
         re.compile(r"\b(?:estuvo|estuvieron)\s+(?!(?:" + _STATES + r"))[a-záéíóúñ]+(?:ad|id)(?:o|a|os|as)\b",
                    re.IGNORECASE)),
    ),
}


def check_grammar(source: str, target: str, source_language: str, target_language: str) -> list[Finding]:
    """A blocking finding per construction of PATTERNS[target language] the target holds, with the words."""
    findings = []
    for what, pattern in PATTERNS.get(normalize_code(target_language), ()):
        if (match := pattern.search(target)) is not None:
            findings.append(Finding(CHECK, Severity.BLOCKING, f"{what}: \"{match.group(0).strip()}\""))
    return findings
