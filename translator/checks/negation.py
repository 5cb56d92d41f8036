"""A negation added or lost: the cheapest way for a translation to say the opposite of its source."""

from __future__ import annotations

import re

from translator.checks._text import words
from translator.findings import Finding, Severity
from translator.languages import normalize_code

CHECK = "negation"

# Words that negate a clause, per language. "no" is not in Portuguese: there it is "em + o".
NEGATIONS = {
    "en": "not no never nothing nobody none neither nor cannot without",
    "pt": "não nunca nem nenhum nenhuma nada ninguém jamais sem",
    "es": "no nunca ni ningún ninguno ninguna nada nadie jamás tampoco sin",
    "ca": "no mai ni cap res ningú sense",
    "gl": "non nunca nin ningún ningunha nada ninguén sen",
    "fr": "ne n pas jamais rien personne aucun aucune sans ni",
    "it": "non mai niente nulla nessuno nessuna né senza",
    "ru": "не нет ни никогда ничего никто никакой нельзя без",
    "uk": "не ні немає ніколи нічого ніхто жоден без",
    "sr": "ne nije nisu nema nikada ništa niko bez ni не није нису нема никада ништа нико без ни",
}
# Phrases made of negating words that negate nothing: "sin embargo" (however), "que nunca" (than ever), "not only".
# They are taken out before counting, so a lost negation is not hidden by them, nor an added one invented.
IDIOMS = {
    "en": ("not only", "no doubt", "without doubt", "no longer than", "none other than"),
    "pt": ("do que nunca", "que nunca", "não só", "não apenas", "sem dúvida", "nem mais nem menos"),
    "es": ("sin embargo", "no obstante", "que nunca", "no solo", "no sólo", "sin duda", "ni más ni menos"),
    "ca": ("no obstant", "que mai", "no només", "sens dubte", "sense dubte"),
    "gl": ("sen embargo", "non obstante", "ca nunca", "que nunca", "non só", "sen dúbida"),
    "fr": ("non seulement", "sans doute", "que jamais"),
    "it": ("non solo", "senza dubbio", "che mai"),
}
# Verbs that say "not" without a negating word: "failed to justify" is "não justificaram", "refused to sign" may be
# "não quiseram assinar". A target negation is not "added" where the source has one.
IMPLICIT = {
    "en": frozenset({"fail", "fails", "failed", "failing", "refuse", "refuses", "refused", "refusing", "deny",
                     "denies", "denied", "denying", "lack", "lacks", "lacked", "lacking", "unable"}),
}
_IDIOM_PATTERNS = {code: re.compile(r"\b(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
                                    + r")\b", re.IGNORECASE) for code, phrases in IDIOMS.items()}
_EN_CONTRACTION = re.compile(r"\w+n[’']t\b", re.IGNORECASE)


def negations(text: str, language: str) -> int | None:
    """How many negating words a text has; None for a language without a list."""
    listed = NEGATIONS.get(normalize_code(language))
    if listed is None:
        return None
    vocabulary = set(listed.split())
    if (idioms := _IDIOM_PATTERNS.get(normalize_code(language))) is not None:
        text = idioms.sub(" ", text)
    count = sum(w.lower() in vocabulary for w in words(text))
    if normalize_code(language) == "en":
        count += len(_EN_CONTRACTION.findall(text))
    return count


def check_negation(source: str, target: str, source_language: str, target_language: str) -> list[Finding]:
    """A source with a negation and a target with none, or the other way round. Counts are not compared: "no
    chance" is "não têm nenhuma chance" in pt, two negating words for one."""
    in_source, in_target = negations(source, source_language), negations(target, target_language)
    if in_source is None or in_target is None or bool(in_source) == bool(in_target):
        return []
    implicit = IMPLICIT.get(normalize_code(source_language), frozenset())
    if not in_source and any(w.lower() in implicit for w in words(source)):
        return []
    what = "lost" if in_source else "added"
    return [Finding(CHECK, Severity.BLOCKING, f"a negation was {what}")]
