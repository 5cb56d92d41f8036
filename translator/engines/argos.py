"""Argos Translate packages run on CTranslate2 + SentencePiece (placeholder until the model store lands)."""

from __future__ import annotations


class ArgosEngine:
    name = "argos"

    def __init__(self, **options) -> None:
        self.options = options

    def unavailable_reason(self) -> str | None:
        return "no Argos packages installed (translator models install)"

    def pairs(self) -> set[tuple[str, str]]:
        return set()

    def model_name(self, source: str, target: str) -> str:
        return f"argos {source}-{target}"

    def translate(self, sentences, source, target):
        raise NotImplementedError
