"""Language codes the tool accepts, and which of them are written right to left."""

from __future__ import annotations

from translator.errors import UnknownLanguage

# ISO 639-1, plus the ISO 639-3 codes a broadcaster's desks use that have no two-letter code.
_ISO_639_1 = (
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy "
    "da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu "
    "hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb "
    "lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om "
    "or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw "
    "ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu"
)
_ISO_639_3_EXTRA = "prs ckb crh tat bak sah ast fil hbs zt"

KNOWN_CODES = frozenset((_ISO_639_1 + " " + _ISO_639_3_EXTRA).split())

RTL_CODES = frozenset({"ar", "fa", "prs", "ps", "ur", "he", "yi", "ckb", "sd", "ug", "dv", "ku"})

# Languages written without spaces between sentences.
NO_SPACE_CODES = frozenset({"zh", "zt", "ja", "th", "lo", "km", "my"})


def normalize_code(code: str) -> str:
    """Lower-case a code and drop a region part (pt-BR -> pt, zh-cn -> zh)."""
    base = code.strip().replace("_", "-").lower()
    if base in ("zh-tw", "zh-hant"):
        return "zt"
    return base.split("-", 1)[0]


def check_code(code: str, where: str) -> str:
    """Return the normalized code, or raise UnknownLanguage naming `where` it came from."""
    norm = normalize_code(code)
    if norm not in KNOWN_CODES:
        raise UnknownLanguage(
            f"{where}: unknown language code {code!r}; use an ISO 639-1 code such as 'ru', 'uk', 'fa'"
        )
    return norm


def text_direction(code: str) -> str:
    """'rtl' for right-to-left scripts, else 'ltr'."""
    return "rtl" if normalize_code(code) in RTL_CODES else "ltr"


def sentence_joiner(code: str) -> str:
    """The text put between two sentences of one paragraph in this language."""
    return "" if normalize_code(code) in NO_SPACE_CODES else " "
