"""The sentence-level signals of every unit of the labelled set, as a run would have them: signals.<lang>.tsv.

For each distinct target of the set (human references, engine output, planted defects): its back-translation by
the reverse route a run would use (Bergamot pt->en, Apertium es->en: what a run stores as the `back-translation:`
note), and, for engine output only, the engine's confidence in it (what a run stores as `engine confidence:`):
Apertium's share of words it did not mark unknown; none where the engine gives no score (Bergamot) or where the
edition's text is not the engine's own (glossary protection, post-editing: a run stores none there either).

    python benchmarks/labelled/signals.py        # rewrites benchmarks/labelled/signals.pt.tsv and signals.es.tsv
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
REFERENCE = ROOT / "benchmarks" / "reference"
# The route a run takes each way for the language (the shipped engines' order).
ENGINES = {"pt": "bergamot", "es": "apertium"}


def read_tsv(path: Path) -> list[dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def targets(language: str) -> tuple[list[str], dict[str, str]]:
    """Every distinct target of the set; engine target -> its source."""
    engine = read_tsv(HERE / f"engine.{language}.tsv")
    found = [r["target"] for r in engine]
    for slug in sorted({r["article"] for r in engine}):
        found += [r["reference"] for r in read_tsv(REFERENCE / f"{slug}.{language}.tsv")]
    found += [r["target"] for r in read_tsv(HERE / f"planted.{language}.tsv")]
    return list(dict.fromkeys(found)), {r["target"]: r["source"] for r in engine}


def main() -> None:
    from translator.engines import create_engine
    from translator.engines.base import confidence_of

    for language, name in ENGINES.items():
        engine = create_engine(name)
        texts, engine_sources = targets(language)
        backs = [" ".join(str(b).split()) for b in engine.translate(texts, language, "en")]
        sources = list(engine_sources.values())
        forward = dict(zip(sources, engine.translate(sources, "en", language)))
        rows = ["target\tback\tconfidence"]
        for text, back in zip(texts, backs):
            made = forward.get(engine_sources.get(text, ""))
            score = confidence_of(made) if made is not None and str(made) == text else None
            rows.append(f"{text}\t{back}\t{'' if score is None else f'{score:.2f}'}")
        (HERE / f"signals.{language}.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        print(f"{language}: {len(texts)} targets, {sum(1 for r in rows[1:] if not r.endswith(chr(9)))} with an "
              "engine confidence")


if __name__ == "__main__":
    main()
