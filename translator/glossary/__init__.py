"""Term glossaries: model, file formats, matching, protection, checking and lint."""

from translator.glossary.load import load_glossaries
from translator.glossary.model import Glossary, Term

__all__ = ["Glossary", "Term", "load_glossaries"]
