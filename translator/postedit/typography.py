"""Spelling and typography a newspaper in the target language would never print, set right after the engine.

Portuguese only so far, from Bergamot's output on the reference set: "1o de dezembro" (the ordinal indicator is º),
"US $ 1,7 bilhão" (the symbol is US$, one token) and spellings the 1990 Orthographic Agreement dropped in Portugal
and Brazil alike ("projecto", "objecções": silent consonants). Words whose consonant one of the two still writes
("facto", "facção", "infecção") are not in the list.
"""

from __future__ import annotations

import re
from functools import lru_cache

from translator.languages import normalize_code

# Pre-1990 spelling -> the 1990 Agreement's, the common inflections written out.
_PT_SPELLING = {
    "acção": "ação", "acções": "ações", "reacção": "reação", "reacções": "reações", "redacção": "redação",
    "transacção": "transação", "transacções": "transações", "direcção": "direção", "direcções": "direções",
    "correcção": "correção", "correcções": "correções", "protecção": "proteção", "selecção": "seleção",
    "colecção": "coleção", "colecções": "coleções", "objecção": "objeção", "objecções": "objeções",
    "projecto": "projeto", "projectos": "projetos", "objectivo": "objetivo", "objectivos": "objetivos",
    "objectiva": "objetiva", "objectivas": "objetivas", "actual": "atual", "actuais": "atuais",
    "actualmente": "atualmente", "actualizar": "atualizar", "actualização": "atualização", "acto": "ato",
    "actos": "atos", "director": "diretor", "directora": "diretora", "directores": "diretores",
    "directoras": "diretoras", "efectivo": "efetivo", "efectivos": "efetivos", "efectiva": "efetiva",
    "efectivamente": "efetivamente", "eléctrico": "elétrico", "eléctrica": "elétrica", "eléctricos": "elétricos",
    "eléctricas": "elétricas", "electricidade": "eletricidade", "óptimo": "ótimo", "óptima": "ótima",
    "exacto": "exato", "exacta": "exata", "exactamente": "exatamente", "adoptar": "adotar", "adoptou": "adotou",
    "adopção": "adoção", "arquitecto": "arquiteto", "colectivo": "coletivo", "colectiva": "coletiva",
    "sector": "setor", "sectores": "setores", "Egipto": "Egito",
}
_PT_ORDINAL = re.compile(r"\b1o(?= de )")       # "1o de dezembro" -> "1º de dezembro"
_PT_DOLLAR = re.compile(r"\bUS \$ ?(?=\d)")     # "US $ 1,7 bilhão" -> "US$ 1,7 bilhão"
# "250 milhões de dólares", "(19.400 dólares)" for a source "$250 million", "($19,400)": CLDR's pt writes the
# symbol (US$), as the engine itself does elsewhere in the same article ("US$ 1,7 bilhão").
_PT_DOLLARS_SPELLED = re.compile(r"(?<![\w$])(\d[\d.,]*)( (?:milhões|milhão|bilhões|bilhão|mil))? de dólares\b"
                                 r"(?! (?:canadenses|australianos|neozelandeses|de Hong Kong|de Singapura))"
                                 r"|(?<=\()(\d[\d.,]*) dólares(?=\))")


@lru_cache(maxsize=1)
def _pt_words() -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(" + "|".join(sorted(_PT_SPELLING, key=len, reverse=True)) + r")(?!\w)",
                      re.IGNORECASE)


def _respell(match: re.Match[str]) -> str:
    word = match.group(0)
    new = _PT_SPELLING.get(word) or _PT_SPELLING.get(word.lower(), word)
    if word.isupper():
        return new.upper()
    return new[0].upper() + new[1:] if word[0].isupper() else new


def _symbol(match: re.Match[str]) -> str:
    amount, scale = (match.group(1), match.group(2) or "") if match.group(1) else (match.group(3), "")
    return f"US$ {amount}{scale}"


def typeset(text: str, language: str, source: str = "") -> str:
    """`text` with the language's spelling and typography set right; unchanged for other languages. `source`:
    the sentence translated (dollar amounts are written with the symbol only where it wrote "$")."""
    if normalize_code(language) != "pt":
        return text
    new = _PT_ORDINAL.sub("1º", text)
    new = _PT_DOLLAR.sub("US$ ", new)
    if re.search(r"(?<![A-Z])\$\d", source):  # US dollars ("$250"), not another dollar ("C$", "A$")
        new = _PT_DOLLARS_SPELLED.sub(_symbol, new)
    new = _pt_words().sub(_respell, new)
    return text if new == text else new  # unchanged: the engine's own text, with its score (ScoredText)
