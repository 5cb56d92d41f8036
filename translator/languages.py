"""Language codes and tags: which the tool accepts, how a tag is written in each place, how it falls back.

A job's target is a BCP 47 tag (`pt-BR`, `sr-Latn`, `zh-TW`; plain `ru` stays `ru`): editions go to
output/<tag>/ and HTML says lang="<tag>". Catalogs use the gettext locale name (`pt_BR`, `sr@latin`) for their
folder and `Language` header, as msgfmt, Poedit and Weblate expect. Engines and glossaries that only know the
plain language serve a tag when they write the same script (pt-BR -> pt; zh-TW -> zh-Hant -> zt, never zh).
Script direction comes from CLDR (Babel); tags are parsed by langcodes. Both are imported on first use.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

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

# Argos's code for Chinese in traditional characters: what it means as a tag, for direction and fallback.
LEGACY_TAGS = {"zt": "zh-Hant"}

# Languages written without spaces between sentences.
NO_SPACE_CODES = frozenset({"zh", "zt", "ja", "th", "lo", "km", "my"})

# gettext writes these scripts as a locale modifier (sr@latin, uz@cyrillic); other scripts stay a part (zh_Hant).
_SCRIPT_MODIFIERS = {"Latn": "latin", "Cyrl": "cyrillic", "Arab": "arabic", "Deva": "devanagari"}
_MODIFIER_SCRIPTS = {modifier: script for script, modifier in _SCRIPT_MODIFIERS.items()}
_EXAMPLE = "use a code such as 'ru', 'pt' or a BCP 47 tag such as 'pt-BR', 'sr-Latn'"


def normalize_code(code: str) -> str:
    """The plain language of a code or tag, as rule tables are keyed (pt-BR -> pt, zh-cn -> zh, zh-TW -> zt)."""
    base = code.strip().replace("_", "-").lower()
    if base in ("zh-tw", "zh-hant"):
        return "zt"
    return base.split("-", 1)[0].split("@", 1)[0]


def check_code(code: str, where: str) -> str:
    """The plain language of `code` (region and script dropped), or UnknownLanguage naming `where`."""
    norm = normalize_code(code)
    if norm not in KNOWN_CODES:
        raise UnknownLanguage(
            f"{where}: unknown language code {code!r}; use an ISO 639-1 code such as 'ru', 'uk', 'fa'"
        )
    return norm


def _is_plain(tag: str) -> bool:
    return "-" not in tag and "_" not in tag and "@" not in tag


def check_tag(code: str, where: str) -> str:
    """The canonical BCP 47 tag of a target (`pt_BR`, `pt-br` -> `pt-BR`; `sr@latin` -> `sr-Latn`); a plain
    known code is kept as written in lower case (`prs`, `zt`), so older jobs keep their folders.

    UnknownLanguage names `where` and the part that is wrong."""
    text = code.strip() if isinstance(code, str) else ""
    if _is_plain(text):
        if text.lower() in KNOWN_CODES:
            return text.lower()
        raise UnknownLanguage(f"{where}: unknown language code {code!r}; {_EXAMPLE}")
    return _parse_tag(text, where)


def _parse_tag(text: str, where: str) -> str:
    from langcodes import Language, LanguageTagError, standardize_tag  # lazy: loads the subtag registry

    base, _, modifier = text.partition("@")
    script = _MODIFIER_SCRIPTS.get(modifier.lower()) if modifier else None
    try:
        language = Language.get(standardize_tag(base.replace("_", "-")))
        if modifier:
            language = (language.update_dict({"script": script}) if script
                        else language.update_dict({"variants": [*(language.variants or []), modifier.lower()]}))
        tag = standardize_tag(language.to_tag())
        language = Language.get(tag)
    except (LanguageTagError, ValueError) as exc:
        raise UnknownLanguage(f"{where}: {text!r} is not a language tag ({exc}); {_EXAMPLE}") from None
    if language.private or language.extensions or language.extlangs:
        raise UnknownLanguage(f"{where}: language tag {text!r} has private or extension parts; {_EXAMPLE}")
    if language.language not in KNOWN_CODES:
        raise UnknownLanguage(f"{where}: unknown language {language.language!r} in tag {text!r}; {_EXAMPLE}")
    if not language.is_valid():
        raise UnknownLanguage(f"{where}: tag {text!r} has a region, script or variant the BCP 47 registry does not "
                              f"know; {_EXAMPLE}")
    return tag


def bcp47(tag: str) -> str:
    """The tag as the web writes it (HTML lang): a target's own tag; Argos's zt is zh-Hant."""
    return LEGACY_TAGS.get(tag, tag)


@lru_cache(maxsize=256)
def gettext_locale(tag: str) -> str:
    """The gettext locale name of a tag, for catalog folders and the PO `Language` header:
    pt-BR -> pt_BR, sr-Latn -> sr@latin, sr-Latn-RS -> sr_RS@latin, zh-Hant -> zh_Hant, ca-valencia ->
    ca@valencia; a plain code is itself."""
    if _is_plain(tag):
        return tag
    from langcodes import Language

    language = Language.get(tag)
    name = language.language or ""
    modifier = _SCRIPT_MODIFIERS.get(language.script or "")
    if language.script and not modifier:
        name += f"_{language.script}"
    if language.territory:
        name += f"_{language.territory}"
    modifiers = [modifier] if modifier else []
    modifiers += list(language.variants or [])
    return name + (f"@{'.'.join(modifiers)}" if modifiers else "")


@lru_cache(maxsize=256)
def tag_from_locale(name: str) -> str:
    """The BCP 47 tag of a gettext locale name (a catalog folder): pt_BR -> pt-BR, sr@latin -> sr-Latn."""
    if _is_plain(name):
        return name
    try:
        return check_tag(name, name)
    except UnknownLanguage:
        return name  # a folder someone else made: listed under its own name


@lru_cache(maxsize=512)
def _script(tag: str) -> str:
    """The script a tag is written in: its own script subtag, else CLDR's likely script for it."""
    from langcodes import Language

    return Language.get(LEGACY_TAGS.get(tag, tag)).maximize().script or ""


def fallback_tags(tag: str, scripts: Mapping[str, str] | None = None, any_script: bool = False) -> list[str]:
    """`tag`, then the less specific codes that may serve it, best first: the same language in the same script.

    pt-BR -> [pt-BR, pt]; zh-TW -> [zh-TW, zh-Hant, zt] (zh is simplified: never); sr-Latn -> [sr-Latn], or
    [sr-Latn, sr] when `scripts` (code -> script a source of text writes it in) says its sr is Latin. With
    `any_script`, for values that hold no text (a headline budget): every less specific code, sr-Latn -> [sr-Latn,
    sr], zh-TW -> [zh-TW, zh-Hant, zh, zt].
    """
    return list(_fallback_tags(tag, tuple(sorted(scripts.items())) if scripts else (), any_script))


@lru_cache(maxsize=512)
def _fallback_tags(tag: str, scripts: tuple[tuple[str, str], ...], any_script: bool) -> tuple[str, ...]:
    if _is_plain(tag):
        return (tag,)
    from langcodes import Language

    language = Language.get(tag)
    want = _script(tag)
    code = language.language or ""
    candidates = [tag]
    if want != _script(code):
        candidates.append(f"{code}-{want}")  # zh-TW -> zh-Hant
    candidates += [code] + [legacy for legacy, meaning in LEGACY_TAGS.items() if meaning == f"{code}-{want}"]
    written = dict(scripts)
    found = [tag]
    for candidate in dict.fromkeys(candidates):
        if candidate not in found and (any_script or written.get(candidate, _script(candidate)) == want):
            found.append(candidate)
    return tuple(found)


@lru_cache(maxsize=256)
def text_direction(code: str) -> str:
    """'rtl' or 'ltr', as CLDR writes the language in its script (ku: Latin, ltr; ckb, ks: Arabic, rtl)."""
    from babel import Locale, UnknownLocaleError  # lazy: CLDR data

    tag = LEGACY_TAGS.get(code.strip(), code.strip())
    try:
        locale = Locale.parse(tag.replace("-", "_").split("@", 1)[0])
    except (UnknownLocaleError, ValueError, TypeError):
        locale = None
    if locale is None or (locale.script is None and _explicit_script(tag)):
        # CLDR has no locale for it (prs, hbs): the direction of its likely script
        from langcodes import LanguageTagError

        try:
            locale = Locale.parse(f"und_{_script(tag)}")
        except (UnknownLocaleError, LanguageTagError, ValueError, TypeError):
            return "ltr"  # not a tag at all (a stray folder's name): the web's default
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


def _explicit_script(tag: str) -> bool:
    return any(len(part) == 4 and part.isalpha() for part in tag.replace("_", "-").split("-")[1:])


def sentence_joiner(code: str) -> str:
    """The text put between two sentences of one paragraph in this language."""
    return "" if normalize_code(code) in NO_SPACE_CODES else " "
