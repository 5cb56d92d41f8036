"""output/glossary-matrix.{md,json}: every glossary term used in a run against every language, as published."""

from __future__ import annotations

import json
from pathlib import Path

from translator.fsutil import write_if_changed
from translator.text.escape import markdown_text


def _cell(cell: dict) -> str:
    # Terms and forms come from glossaries and editions: escaped, so none becomes HTML, a link or a column break.
    text = ", ".join(markdown_text(form) for form in cell["found"])
    if cell["missed"]:
        text = (text + " " if text else "") + f"✗ missing {markdown_text(str(cell['expected']))}"
    return text or "—"


def write_matrix(cells: dict[str, dict[str, dict]], languages: list[str], output: Path, checksum: str) -> None:
    """`cells`: term -> language -> {"expected", "found" (forms seen in the editions), "missed"}."""
    output = Path(output)
    write_if_changed(output / "glossary-matrix.json",
                     json.dumps({"checksum": checksum, "terms": cells}, ensure_ascii=False, indent=2) + "\n")
    lines = ["| term | " + " | ".join(languages) + " |", "|---|" + "---|" * len(languages)]
    for term, row in cells.items():
        lines.append(f"| {markdown_text(term)} | " + " | ".join(_cell(row[language]) for language in languages) + " |")
    write_if_changed(output / "glossary-matrix.md",
                     f"# Glossary terms in this run's editions\n\nGlossary {checksum}. —: no unit used the term in "
                     "that language; ✗: a unit lacks the glossary form (see report.json qa).\n\n"
                     + "\n".join(lines) + "\n")
