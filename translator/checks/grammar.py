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


TERM_CHECK = "term-agreement"
# Articles and article contractions by gender. An engine that is handed a glossary term (protection) chooses the
# article before it without knowing the term's gender: "o Iniciativa", "el original Iniciativa".
_ARTICLES = {
    "pt": {"m": ("o", "os", "do", "dos", "no", "nos", "ao", "aos", "um", "pelo", "pelos"),
           "f": ("a", "as", "da", "das", "na", "nas", "à", "às", "uma", "pela", "pelas")},
    "es": {"m": ("el", "los", "del", "al", "un"), "f": ("la", "las", "una")},
}
# A term's gender from the first of its words that ends the way only one gender's nouns and adjectives do
# ("Corte Europeia": Europeia; "Conselho OTAN-Rússia": Conselho); None when no word tells.
_ENDINGS = {
    "pt": {"f": ("ia", "ção", "dade", "agem", "ora", "ina", "ana", "eia", "iva", "ica"),
           "m": ("io", "eu", "ado", "ento", "elho", "ino", "ano", "ivo", "ico", "or")},
    "es": {"f": ("ia", "ión", "dad", "tud", "ora", "ina", "ana", "iva", "ica", "ada"),
           "m": ("io", "eo", "ado", "ento", "ejo", "ino", "ano", "ivo", "ico", "or", "al")},
}
_LINKS = {"de", "da", "do", "das", "dos", "del", "y", "e", "para"}


def term_gender(form: str, language: str) -> str | None:
    """"f" or "m" for a glossary form in `language`, read from its words' endings; None if they do not tell."""
    endings = _ENDINGS.get(normalize_code(language))
    if endings is None:
        return None
    for word in form.split():
        if word.lower() in _LINKS:
            break  # "Programa Mundial de Alimentos": the words after "de" are another noun's
        lower = word.lower()
        found = [gender for gender, ends in endings.items() if lower.endswith(ends)]
        if len(found) == 1:
            return found[0]
    return None


def check_term_agreement(target: str, forms: list[str], target_language: str) -> list[Finding]:
    """A blocking finding where an article of one gender stands before a glossary form of the other, next to it or
    one word away ("o Iniciativa", "el original Iniciativa"). `forms` are the target forms of the glossary terms
    the unit's source holds."""
    articles = _ARTICLES.get(normalize_code(target_language))
    if articles is None:
        return []
    wrong = []
    for form in dict.fromkeys(forms):
        gender = term_gender(form, target_language)
        if gender is None or form.isupper():
            continue
        other = articles["m" if gender == "f" else "f"]
        # the article in any case ("O Iniciativa" opening a sentence), the form as the glossary writes it
        before = r"(?i:\b(?:" + "|".join(other) + r")\s+(?:[a-záéíóúâêôãõç]+\s+)?)"
        if (match := re.search(before + re.escape(form) + r"\b", target)) is not None:
            wrong.append(match.group(0))
    return [Finding(TERM_CHECK, Severity.BLOCKING, f"article of the other gender before a glossary term: "
                                                    f"{', '.join(repr(w) for w in wrong)}")] if wrong else []
