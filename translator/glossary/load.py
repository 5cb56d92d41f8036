"""Which reader or writer a glossary file takes, by its suffix; the job's glossaries loaded and merged."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from translator.errors import GlossaryError
from translator.glossary.formats import read_csv, read_tsv, write_csv, write_tsv
from translator.glossary.model import Glossary, Term
from translator.glossary.tbx import read_tbx, write_tbx, write_tbx_basic_2008, write_tbx_dca, write_tbx_dct

READERS = {".tsv": read_tsv, ".csv": read_csv, ".tbx": read_tbx}

WRITERS = {".tsv": write_tsv, ".csv": write_csv, ".tbx": write_tbx}

# `translator glossary export --format NAME`; deepl is written by write_deepl_csv (it needs a target language)
FORMATS = {"tbx": write_tbx, "tbx-dca": write_tbx_dca, "tbx-dct": write_tbx_dct, "tbx2008": write_tbx_basic_2008,
           "csv": write_csv, "tsv": write_tsv}


def read_glossary(path: Path) -> Glossary:
    reader = READERS.get(Path(path).suffix.lower())
    if reader is None:
        raise GlossaryError(f"{path}: unknown glossary format; use .tsv, .csv or .tbx")
    return reader(Path(path))


def load_glossaries(paths: Iterable[Path]) -> Glossary:
    """Merge glossary files in order: a later file wins, with a warning when it contradicts an earlier one."""
    merged: Glossary | None = None
    by_source: dict[str, Term] = {}
    for path in paths:
        glossary = read_glossary(path)
        if merged is None:
            merged = Glossary(source_language=glossary.source_language, source_tag=glossary.source_tag,
                              style=glossary.style)
        elif glossary.source_language != merged.source_language:
            raise GlossaryError(f"{path}: source language {glossary.source_language} differs from "
                                f"{merged.source_language} of the other glossaries")
        merged.languages += [c for c in glossary.languages if c not in merged.languages]
        merged.warnings += glossary.warnings
        for term in glossary.terms:
            earlier = by_source.get(term.source)
            if earlier is None:
                by_source[term.source] = term
                merged.terms.append(term)
                continue
            for language, form in term.targets.items():
                if form and earlier.targets.get(language) and earlier.targets[language] != form:
                    merged.warnings.append(f"{term.origin}: {term.source!r} [{language}] {form!r} overrides "
                                           f"{earlier.targets[language]!r} from {earlier.origin}")
                if form:
                    earlier.targets[language] = form
                    earlier.synonyms[language] = term.synonyms.get(language, [])
            for language, banned in term.forbidden.items():
                earlier.forbidden[language] = list(dict.fromkeys([*earlier.forbidden.get(language, []), *banned]))
            earlier.fields = term.fields or earlier.fields
            earlier.note = term.note or earlier.note
            earlier.origin = term.origin
    merged = merged or Glossary(source_language="en")
    merged.compute_checksum()
    return merged
