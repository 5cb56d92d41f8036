"""Plant defects into the human reference translations (benchmarks/reference): planted.<lang>.tsv.

Every defect the publish gate must hold, one kind at a time, into copies of the references (which are good text),
so a finding on a planted unit is the plant's. Seeded: the same files on every run. Each kind is planted into at
most PER_KIND units, chosen at random among those where it applies.

    python benchmarks/labelled/plant.py        # rewrites benchmarks/labelled/planted.pt.tsv and planted.es.tsv
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
REFERENCE = ROOT / "benchmarks" / "reference"
LANGUAGES = ("pt", "es")
PER_KIND = 12
SEED = 25

MONTHS = {
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
           "novembro", "dezembro"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"],
}
# "on Tuesday" in the source, another weekday in the target.
WEEKDAY_WRONG = {"pt": " na quarta-feira", "es": " el miércoles"}
TIME_WRONG = {"pt": " às 15h", "es": " a las 15.00"}
TIME_ENGLISH = {"pt": " às 2 p.m.", "es": " a las 2 p.m."}
NEGATION = {"pt": ("não", "nunca", "nem", "nenhum", "nenhuma", "nada", "jamais"),
            "es": ("no", "nunca", "ni", "ningún", "ninguna", "nada", "jamás")}
HOWEVER = {"pt": "No entanto, ", "es": "Sin embargo, "}
THAN_EVER = {"pt": ", mais do que nunca", "es": ", más que nunca"}
# A person of the set, and a name a careless edit or engine could put in its place.
SWAPS = {"Kerry": "Kelly", "Lavrov": "Lavrenko", "Rasmussen": "Andersen", "Guterres": "Gutiérrez",
         "Erdogan": "Erdem", "Kubrakov": "Kuleba", "Shoigu": "Shoigin", "Shoigú": "Shoigin", "Markova": "Petrova",
         "Sokolov": "Sokolsky", "Bekova": "Bakieva", "Osmonov": "Osmanov", "Holm": "Holt", "Rahimov": "Rakhmonov",
         "Whitfield": "Whitman"}
CYRILLIC = "обсуждали"
# A multiword name: capitalised words (with "de", "para la" ... between), and its acronym in brackets.
_CONNECTORS = r"(?:\s+(?:de|da|do|das|dos|del|de la|para|para la|para a))?"
_CAPITALISED = r"[A-ZÁÉÍÓÚ][a-zà-ú][\w-]*(?![.\w])"
_SPAN = re.compile(r"(?<=[a-zà-ú,] )" + _CAPITALISED + "(?:" + _CONNECTORS + r"\s+" + _CAPITALISED
                   + r")+(?:\s+\([A-Z]+\))?")

Plant = Callable[[str, str, str, random.Random], tuple[str, str] | None]


def number(source, target, lang, rng):
    runs = list(re.finditer(r"\d+", target))
    if not runs:
        return None
    m = rng.choice(runs)
    value = int(m.group(0))
    return source, target[:m.start()] + str(value + rng.choice((1, 2, 10))) + target[m.end():]


def month(source, target, lang, rng):
    present = [m for m in MONTHS[lang] if re.search(rf"\b{m}\b", target)]
    if not present:
        return None
    old = rng.choice(present)
    new = rng.choice([m for m in MONTHS[lang] if m != old])
    return source, re.sub(rf"\b{old}\b", new, target, count=1)


def _append(text: str, tail: str) -> str:
    stripped = text.rstrip()
    end = stripped[-1] if stripped[-1:] in ".!?" and not stripped.endswith('."') else ""
    body = stripped[: len(stripped) - len(end)]
    return body + tail + end


def _sentence(source: str, target: str) -> bool:
    return source.rstrip().endswith(".") and not source.rstrip().endswith('."') and len(source.split()) >= 6


def _appending(source_tail: str, target_tails: dict[str, str]) -> Plant:
    """A plant that ends a sentence with `source_tail` in the source and the language's wrong rendering of it in
    the target."""

    def add_tails(source, target, lang, rng):
        if not _sentence(source, target):
            return None
        return _append(source, source_tail), _append(target, target_tails[lang])

    return add_tails


weekday = _appending(" on Tuesday", WEEKDAY_WRONG)
time_wrong = _appending(" at 2 p.m.", TIME_WRONG)
time_english = _appending(" at 2 p.m.", TIME_ENGLISH)


def name_swap(source, target, lang, rng):
    present = [n for n in SWAPS if re.search(rf"\b{n}\b", target)]
    if not present:
        return None
    old = rng.choice(present)
    return source, re.sub(rf"\b{old}\b", SWAPS[old], target, count=1)


def institution_dropped(source, target, lang, rng):
    spans = [m for m in _SPAN.finditer(target) if not any(w in m.group(0) for w in SWAPS)]
    if not spans:
        return None
    m = rng.choice(spans)
    return source, re.sub(r"\s{2,}", " ", target[:m.start()] + target[m.end():]).replace(" ,", ",")


def _negation_words(target: str, lang: str) -> list[re.Match]:
    return [m for m in re.finditer(r"\w+", target) if m.group(0).lower() in NEGATION[lang]]


def negation_lost(source, target, lang, rng):
    found = _negation_words(target, lang)
    if not found:
        return None
    kept = target
    for m in reversed(found):
        kept = kept[:m.start()] + kept[m.end():]
    return source, re.sub(r"\s{2,}", " ", kept).strip()


def negation_lost_however(source, target, lang, rng):
    # The negation goes, and a "however" made of negating words comes in: the count must not be fooled by it.
    lost = negation_lost(source, target, lang, rng)
    if lost is None or target.startswith(('"', "«")):
        return None
    return source, HOWEVER[lang] + lost[1][0].lower() + lost[1][1:]


def negation_added(source, target, lang, rng):
    if _negation_words(target, lang) or re.search(r"\b(not|never|no|n't)\b", source):
        return None
    verbs = [m for m in re.finditer(r"\b\w+(?:ou|aram|eram|iram|ó|aron|ieron|ió|a|e|am|an|en)\b", target)
             if m.start() > 0 and len(m.group(0)) > 4]
    if not verbs:
        return None
    m = rng.choice(verbs)
    word = NEGATION[lang][0]
    return source, target[:m.start()] + word + " " + target[m.start():]


def negation_added_than_ever(source, target, lang, rng):
    # An added negation next to a "than ever" that is no negation.
    added = negation_added(source, target, lang, rng)
    if added is None or not _sentence(source, target):
        return None
    return source, _append(added[1], THAN_EVER[lang])


def english_left(source, target, lang, rng):
    # One content word of the target replaced by a source word it does not have: "hubo downgraded".
    source_words = [w for w in re.findall(r"\b[a-z]{6,}\b", source) if w not in target]
    target_words = [m for m in re.finditer(r"\b[a-zà-ú]{6,}\b", target)]
    if not source_words or not target_words:
        return None
    m = rng.choice(target_words)
    return source, target[:m.start()] + rng.choice(source_words) + target[m.end():]


def english_pair(source, target, lang, rng):
    pairs = [m.group(0) for m in re.finditer(r"\b[a-z]{4,} [a-z]{4,}\b", source) if m.group(0) not in target]
    target_words = [m for m in re.finditer(r"\b[a-zà-ú]{5,}\b", target)]
    if not pairs or not target_words:
        return None
    m = rng.choice(target_words)
    return source, target[:m.start()] + rng.choice(pairs) + target[m.end():]


def repeat(source, target, lang, rng):
    found = [m for m in re.finditer(r"\b[\wà-ú]{4,}\b", target)]
    if not found:
        return None
    m = rng.choice(found)
    return source, target[:m.end()] + " " + m.group(0) + target[m.end():]


def truncated(source, target, lang, rng):
    tokens = target.split()
    if len(tokens) < 8:
        return None
    return source, " ".join(tokens[: round(len(tokens) * 0.6)])


def script(source, target, lang, rng):
    tokens = target.split()
    i = rng.randrange(1, len(tokens)) if len(tokens) > 1 else 1
    return source, " ".join(tokens[:i] + [CYRILLIC] + tokens[i:])


KINDS: dict[str, Plant] = {
    "number": number, "month": month, "weekday": weekday, "time-wrong": time_wrong, "time-english": time_english,
    "name-swap": name_swap, "institution-dropped": institution_dropped, "negation-lost": negation_lost,
    "negation-lost-however": negation_lost_however, "negation-added": negation_added,
    "negation-added-than-ever": negation_added_than_ever, "english-word": english_left,
    "english-pair": english_pair, "repeat": repeat, "truncated": truncated, "script": script,
}


def references(lang: str) -> list[tuple[str, int, str, str]]:
    """(article slug, row, source, reference) of every reference sentence, in articles.txt order."""
    rows = []
    for entry in (REFERENCE / "articles.txt").read_text(encoding="utf-8").splitlines():
        if not entry.strip() or entry.startswith("#"):
            continue
        slug = re.sub(r"\W", "-", Path(entry.strip()).stem.lower())
        lines = (REFERENCE / f"{slug}.{lang}.tsv").read_text(encoding="utf-8").splitlines()[1:]
        rows += [(slug, i + 1, *line.split("\t")) for i, line in enumerate(lines)]
    return rows


def plant(lang: str) -> list[list[str]]:
    units = references(lang)
    out = []
    for kind, function in KINDS.items():
        rng = random.Random(f"{SEED} {lang} {kind}")
        done = [(u, function(u[2], u[3], lang, rng)) for u in units]
        done = [(u, p) for u, p in done if p is not None and p[1] != u[3]]
        for (slug, row, _, _), (source, target) in sorted(rng.sample(done, min(PER_KIND, len(done))),
                                                          key=lambda d: (d[0][0], d[0][1])):
            out.append([kind, slug, str(row), source, target])
    return out


def main() -> None:
    for lang in LANGUAGES:
        rows = plant(lang)
        path = HERE / f"planted.{lang}.tsv"
        with path.open("w", encoding="utf-8") as out:
            out.write("kind\tarticle\trow\tsource\ttarget\n")
            out.writelines("\t".join(r) + "\n" for r in rows)
        print(f"{path.relative_to(ROOT)}: {len(rows)} planted defects", file=sys.stderr)


if __name__ == "__main__":
    main()
