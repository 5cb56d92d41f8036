"""The HTML edition: a page a desk could publish (template, typography, notice, figure, time, meta, hreflang),
a desk's own template, HTML Tidy, and Chromium at desktop and phone widths."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import approve, start_chromium, write_job
from selectolax.lexbor import LexborHTMLParser

from translator.article import Article, BlockKind, Edition, EditionBlock, Provenance
from translator.errors import JobError
from translator.job import load_job
from translator.publish import html
from translator.run.pipeline import run
from translator.run.records import Mode

K = BlockKind
SLUG = "nato-russia-talks"
TIME = "2026-04-23T14:05:00+00:00"
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="675"><rect width="1200" height="675" '
       'fill="#49657f"/><circle cx="420" cy="330" r="120" fill="#c9d6e2"/><circle cx="800" cy="330" r="120" '
       'fill="#aebfcf"/></svg>')

# The sample article in Persian, as a desk's translator would fill the catalog (fa has no machine route here).
FA = {
    "NATO-Russia Talks Make Little Progress On Missile Defense":
        "گفتگوهای ناتو و روسیه دربارهٔ سپر دفاع موشکی پیشرفت چندانی نداشت",
    "NATO Secretary-General Anders Fogh Rasmussen (right) meets with U.S. Secretary of State John Kerry in Brussels "
    "on April 22.":
        "آندرس فو راسموسن، دبیرکل ناتو (راست)، روز ۲۲ آوریل در بروکسل با جان کری، وزیر امور خارجهٔ آمریکا، دیدار "
        "می‌کند.",
    # the lead's unit: its dateline comes from the city table, not the catalog
    "NATO Secretary-General Anders Fogh Rasmussen says that the latest meeting of the NATO-Russia Council "
    "\"maintained an active dialogue\" but did not make significant progress on the key issue of missile defense.":
        "آندرس فو راسموسن، دبیرکل ناتو، می‌گوید آخرین نشست شورای ناتو و روسیه «گفتگویی فعال را حفظ کرد» "
        "اما در مسئلهٔ کلیدی دفاع موشکی پیشرفت چشمگیری نداشت.",
    "NATO foreign ministers met in Brussels on April 23 and were joined by Russian Foreign Minister Sergei Lavrov.":
        "وزیران امور خارجهٔ کشورهای عضو ناتو روز ۲۳ آوریل در بروکسل دیدار کردند و سرگئی لاوروف، وزیر امور خارجهٔ "
        "روسیه، نیز به آنها پیوست.",
    "Lavrov said Moscow was studying changes to the U.S. missile-defense program, but still wanted guarantees that "
    "the system would not be used against Russia.":
        "لاوروف گفت مسکو تغییرات برنامهٔ دفاع موشکی آمریکا را بررسی می‌کند، اما همچنان خواهان تضمین‌هایی است که "
        "این سامانه علیه روسیه به کار نرود.",
    "The NATO ministers earlier discussed the situation in Syria, and Rasmussen said the alliance was committed to "
    "protecting all of its members, including Turkey.":
        "وزیران ناتو پیش‌تر دربارهٔ وضعیت سوریه گفتگو کردند و راسموسن گفت این ائتلاف به حفاظت از همهٔ اعضای خود، "
        "از جمله ترکیه، متعهد است.",
    "Rasmussen said NATO was \"extremely concerned\" about the possible use of chemical weapons in Syria.":
        "راسموسن گفت ناتو از احتمال استفاده از سلاح‌های شیمیایی در سوریه «به‌شدت نگران» است.",
    "Lavrov said any reports that chemical weapons have been used in Syria should be investigated carefully, noting "
    "that prior allegations were proven wrong.":
        "لاوروف گفت هر گزارشی دربارهٔ استفاده از سلاح‌های شیمیایی در سوریه باید با دقت بررسی شود و یادآوری کرد که "
        "ادعاهای پیشین نادرست از آب درآمده بودند.",
    "Lavrov and U.S. Secretary of State John Kerry held bilateral talks on the sidelines of the meeting.":
        "لاوروف و جان کری، وزیر امور خارجهٔ آمریکا، در حاشیهٔ این نشست گفتگوهای دوجانبه داشتند.",
    "Those talks were expected to focus on Syria, in the wake of Kerry's recent visit to the Middle East.":
        "انتظار می‌رفت این گفتگوها پس از سفر اخیر کری به خاورمیانه بر سوریه متمرکز باشد.",
    "Talking To Taliban": "گفتگو با طالبان",
    "NATO Secretary-General Anders Fogh Rasmussen, speaking on April 23 before the talks began, expressed cautious "
    "support for expanded political contacts between the Afghan government and the Taliban.":
        "آندرس فو راسموسن، دبیرکل ناتو، روز ۲۳ آوریل پیش از آغاز گفتگوها، با احتیاط از گسترش تماس‌های سیاسی میان "
        "دولت افغانستان و طالبان حمایت کرد.",
    "\"I am not going to guess about motives and intentions within the Taliban leadership. However, I commend all "
    "efforts to try and find a political settlement,\" Rasmussen said.":
        "راسموسن گفت: «دربارهٔ انگیزه‌ها و نیت‌های رهبری طالبان گمانه‌زنی نمی‌کنم. با این حال، از همهٔ تلاش‌ها برای "
        "یافتن راه‌حلی سیاسی قدردانی می‌کنم.»",
    "He emphasized that the process that is being spearheaded by the Afghan government is based on respect for the "
    "Afghan Constitution and human rights.":
        "او تأکید کرد روندی که دولت افغانستان پیش می‌برد بر پایهٔ احترام به قانون اساسی افغانستان و حقوق بشر است.",
    "But Rasmussen added that the Taliban and others involved in the peace process must cut all links to terrorists "
    "groups.":
        "اما راسموسن افزود که طالبان و دیگر طرف‌های روند صلح باید همهٔ پیوندهای خود را با گروه‌های تروریستی قطع کنند.",
    "\"Having said that, I still think that the best way to facilitate a political process is to keep up the "
    "military pressure, so that the enemies of Afghanistan clearly realize that they have no chance whatsoever to "
    "prevail in the battlefield and in that respect, I am encouraged by the progress we have seen within the Afghan "
    "security forces,\" he said.":
        "او گفت: «با این همه، همچنان فکر می‌کنم بهترین راه برای پیشبرد روند سیاسی حفظ فشار نظامی است تا دشمنان "
        "افغانستان به‌روشنی دریابند که هیچ شانسی برای پیروزی در میدان نبرد ندارند، و از این نظر، از پیشرفتی که در "
        "نیروهای امنیتی افغانستان دیده‌ایم دلگرم هستم.»",
    "With reporting by Reuters, ITAR-TASS, dpa, Interfax, and AFP":
        "با گزارش‌هایی از رویترز، ایتار-تاس، دی‌پی‌ای، اینترفاکس و خبرگزاری فرانسه",
}

PHOTO_STORY = ("# Ministers Meet In Brussels\n\nBy Rikard Jozwiak\n\n![Two ministers at a table](photo.svg "
               '"Rasmussen (right) and Kerry in Brussels on April 22.")\n\n'
               "BRUSSELS -- NATO ministers met on April 23 and talked for six hours.\n\n"
               "> \"We keep talking,\" Rasmussen said.\n\n*With reporting by Reuters*\n")


# --- editions built by hand ----------------------------------------------------------------------------------------

def block(kind: BlockKind, text: str, attrs=None) -> EditionBlock:
    return EditionBlock(kind, f"en {text}", [f"en {text}"], [text], text, attrs=attrs or {})


def edition(blocks=None, *, language="pt", reviewed=True, alternates=("pt", "es", "fa"), time=TIME,
            template=None) -> Edition:
    blocks = blocks if blocks is not None else [block(K.HEADLINE, "Título"), block(K.PARAGRAPH, "Texto.")]
    article = Article(slug=SLUG, path="input/story.md", blocks=[], language="en")
    return Edition(article, language, blocks, Provenance(route="bergamot:en-pt", time=time, version="0.1.0"),
                   reviewed=reviewed, alternates=alternates, html_template=template)


def page(ed: Edition) -> LexborHTMLParser:
    return LexborHTMLParser(html.render(ed))


def meta(tree: LexborHTMLParser, prop: str) -> list[str]:
    return [m.attributes["content"] for m in tree.css(f'meta[property="{prop}"]')]


@pytest.mark.parametrize(("language", "reviewed", "expected", "lang_attr"), [
    ("pt", False, html.NOTICES["pt"], None),
    ("fa", False, html.NOTICES["fa"], None),
    ("de", False, html.NOTICES["en"], "en"),   # no notice in German: the English one, marked as English
    ("pt", True, None, None),
])
def test_notice_while_a_unit_is_unreviewed(language, reviewed, expected, lang_attr):
    notice = page(edition(language=language, reviewed=reviewed)).css_first("header .notice")
    if expected is None:
        assert notice is None
    else:
        assert notice.text() == expected
        assert notice.attributes.get("lang") == lang_attr


def test_image_and_its_caption_are_one_figure():
    tree = page(edition([block(K.HEADLINE, "T"),
                         block(K.IMAGE, "", attrs={"url": "photo.jpg", "alt": "Two men", "title": "In Brussels"}),
                         block(K.CAPTION, "Rasmussen e Kerry."), block(K.PARAGRAPH, "Texto.")]))
    (figure,) = tree.css("article figure")
    assert figure.css_first("img").attributes == {"src": "photo.jpg", "alt": "Two men", "title": "In Brussels"}
    assert figure.css_first("figcaption").text() == "Rasmussen e Kerry."
    assert tree.css_first("figure + p").text() == "Texto."


@pytest.mark.parametrize("image", [None, {"url": "javascript:alert(1)", "alt": "x", "title": ""}])
def test_a_caption_without_a_usable_image_is_a_caption(image):
    blocks = [block(K.HEADLINE, "T")] + ([block(K.IMAGE, "", attrs=image)] if image else []) + [
        block(K.CAPTION, "Rasmussen (direita).")]
    tree = page(edition(blocks))
    assert not tree.css("figure")
    assert tree.css_first("p.caption").text() == "Rasmussen (direita)."


def test_time_is_machine_readable_and_in_the_edition_language():
    tree = page(edition(language="pt"))
    time = tree.css_first("header time")
    assert time.attributes["datetime"] == TIME
    assert time.text() == "23 de abril de 2026"
    assert meta(tree, "article:published_time") == [TIME]


def test_no_time_when_the_edition_has_none():
    tree = page(edition(time=""))
    assert tree.css_first("time") is None and not meta(tree, "article:published_time")


def test_standard_meta_and_no_made_up_names():
    tree = page(edition(language="pt"))
    assert tree.css_first('meta[name="viewport"]').attributes["content"] == "width=device-width, initial-scale=1"
    assert meta(tree, "og:title") == ["Título"] and meta(tree, "og:type") == ["article"]
    assert meta(tree, "og:locale") == ["pt_BR"]
    assert meta(tree, "og:locale:alternate") == ["es_ES", "fa_IR"]
    assert tree.css_first('meta[name="generator"]').attributes["content"].startswith("translator ")
    assert not [m for m in tree.css("meta[name]") if ":" in m.attributes["name"]]


def test_og_image_only_for_an_absolute_url():
    relative = page(edition([block(K.HEADLINE, "T"), block(K.IMAGE, "", attrs={"url": "a.jpg", "alt": "A"})]))
    absolute = page(edition([block(K.HEADLINE, "T"),
                             block(K.IMAGE, "", attrs={"url": "https://cdn.example.org/a.jpg", "alt": "A"})]))
    assert not meta(relative, "og:image")
    assert meta(absolute, "og:image") == ["https://cdn.example.org/a.jpg"] and meta(absolute, "og:image:alt") == ["A"]


def test_hreflang_links_every_language_of_the_job_including_its_own():
    links = page(edition(language="es", alternates=("pt", "es", "fa"))).css('link[rel="alternate"]')
    assert [(a.attributes["hreflang"], a.attributes["href"]) for a in links] == [
        ("pt", f"../pt/{SLUG}.html"), ("es", f"../es/{SLUG}.html"), ("fa", f"../fa/{SLUG}.html")]


def test_direction_and_language_of_the_page():
    tree = page(edition(language="fa"))
    assert (tree.css_first("html").attributes["lang"], tree.css_first("html").attributes["dir"]) == ("fa", "rtl")
    footer = tree.css_first("footer")
    assert (footer.attributes["lang"], footer.attributes["dir"]) == ("en", "ltr")  # the provenance line


@pytest.mark.parametrize("hostile", ['<img src=x onerror="alert(1)">', "</title><svg onload=alert(1)>"])
def test_everything_stays_text(hostile):
    tree = page(edition([block(K.HEADLINE, hostile), block(K.CAPTION, hostile), block(K.PARAGRAPH, hostile)]))
    assert tree.css_first("title").text() == hostile and tree.css_first("h1").text() == hostile
    assert not tree.css("svg, img")
    assert meta(tree, "og:title") == [hostile]


# --- a desk's template ----------------------------------------------------------------------------------------------

DESK = """{% extends "translator/edition.html.j2" %}
{% block style %}body { font-family: "Desk Serif", serif; background: #fdfcf7; }{% endblock %}
{% block notice %}{% if not reviewed %}<p class="desk-notice">{{ notice.text }}</p>{% endif %}{% endblock %}
"""


def test_desk_template_restyles_and_still_escapes(tmp_path):
    (tmp_path / "edition.html.j2").write_text(DESK, encoding="utf-8")
    tree = page(edition([block(K.HEADLINE, "<b>T</b>"), block(K.PARAGRAPH, "Texto.")], reviewed=False,
                        template=tmp_path / "edition.html.j2"))
    assert '"Desk Serif"' in tree.css_first("style").text()
    assert tree.css_first("p.desk-notice").text() == html.NOTICES["pt"] and not tree.css("p.notice")
    assert tree.css_first("h1").text() == "<b>T</b>" and not tree.css("h1 b")
    assert tree.css('link[hreflang="fa"]')  # what the desk did not override stays


def test_desk_template_through_a_job(project, echo):
    (project / "templates").mkdir()
    (project / "templates" / "edition.html.j2").write_text(DESK, encoding="utf-8")
    job = load_job(write_job(project, 'targets = ["pt"]\nformats = ["html"]\n[publish]\npolicy = "machine"\n'
                                      'html_template = "templates/edition.html.j2"\n[engines]\norder = ["echo"]\n'))
    assert job.html_template == project / "templates" / "edition.html.j2"
    run(job, engines={"echo": echo})
    text = (project / "output" / "pt" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert '"Desk Serif"' in text and 'class="desk-notice"' in text


def test_desk_template_that_is_not_there_is_a_job_error(project):
    path = write_job(project, 'targets = ["pt"]\n[publish]\nhtml_template = "templates/missing.html.j2"\n')
    with pytest.raises(JobError, match=r"translator.toml:3: `publish.html_template` names "
                                       r"'templates/missing.html.j2', which is not a file"):
        load_job(path)


@pytest.mark.parametrize(("text", "match"), [
    ('{% extends "translator/edition.html.j2" %}\n{% block style %}\n{% if %}{% endblock %}\n',
     r"bad\.html\.j2:3: the HTML edition template is not valid Jinja2"),
    ("{{ no_such_value }}", r"bad\.html\.j2: the HTML edition template failed .*no_such_value"),
    ('{% extends "base.html.j2" %}', r"bad\.html\.j2: the HTML edition template needs 'base\.html\.j2'"),
])
def test_broken_desk_template_is_named(tmp_path, text, match):
    (tmp_path / "bad.html.j2").write_text(text, encoding="utf-8")
    with pytest.raises(JobError, match=match):
        html.render(edition(template=tmp_path / "bad.html.j2"))


# --- through the pipeline: the reviewed flag -------------------------------------------------------------------------

ECHO_JOB = 'targets = ["pt"]\nformats = ["html"]\n[publish]\npolicy = "machine"\n[engines]\norder = ["echo"]\n'


def test_notice_goes_once_a_reviewer_approves_every_unit(project, echo):
    job = load_job(write_job(project, ECHO_JOB))
    run(job, engines={"echo": echo})
    path = project / "output" / "pt" / f"{SLUG}.html"
    assert LexborHTMLParser(path.read_text(encoding="utf-8")).css_first(".notice").text() == html.NOTICES["pt"]
    approve(project, "pt", SLUG, msgid="Talking To Taliban", context=f"{SLUG}/subheadline")  # one of 16 approved
    run(job, Mode.PUBLISH, engines={"echo": echo})
    assert LexborHTMLParser(path.read_text(encoding="utf-8")).css(".notice")
    approve(project, "pt", SLUG)
    run(job, Mode.PUBLISH, engines={"echo": echo})
    assert not LexborHTMLParser(path.read_text(encoding="utf-8")).css(".notice")


# --- the sample article: pt by Bergamot, fa by a translator; and a story with a photo -------------------------------

def fill_persian(project: Path) -> None:
    import polib

    catalog = project / "locales" / "fa" / "LC_MESSAGES" / f"{SLUG}.po"
    po = polib.pofile(str(catalog))
    for entry in po:
        entry.msgstr = FA[entry.msgid]
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
    po.save()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """output/ of the sample job: pt by Bergamot (machine text), fa approved by a translator; and a story with a
    photo in es by the echo engine."""
    from conftest import SAMPLE, require_engine
    from echo_engine import EchoEngine

    from translator.engines.bergamot import BergamotEngine

    engine = BergamotEngine()
    require_engine("bergamot", engine.unavailable_reason())
    project = tmp_path_factory.mktemp("edition-site")
    (project / "input").mkdir()
    shutil.copy(SAMPLE, project / "input" / SAMPLE.name)
    job = load_job(write_job(project, 'source = "en"\ntargets = ["pt", "fa"]\nformats = ["html", "md"]\n'
                                      '[engines]\norder = ["bergamot"]\n'))
    first = run(job, engines={"bergamot": engine})
    assert [(r.language, r.status) for r in first.rows] == [("pt", "ok"), ("fa", "human")]
    fill_persian(project)
    second = run(job, engines={"bergamot": engine})
    assert [(r.language, r.status) for r in second.rows] == [("pt", "ok"), ("fa", "ok")]
    photo = project / "photo"
    (photo / "input").mkdir(parents=True)
    (photo / "input" / "ministers.md").write_text(PHOTO_STORY, encoding="utf-8")
    run(load_job(write_job(photo, 'source = "en"\ntargets = ["es"]\nformats = ["html"]\n[publish]\n'
                                  'policy = "machine"\n[engines]\norder = ["echo"]\n')), engines={"echo": EchoEngine()})
    (photo / "output" / "es" / "photo.svg").write_text(SVG, encoding="utf-8")
    return project


def pages(site: Path) -> dict[str, Path]:
    return {"pt": site / "output" / "pt" / f"{SLUG}.html", "fa": site / "output" / "fa" / f"{SLUG}.html",
            "photo": site / "photo" / "output" / "es" / "ministers.html"}


def test_sample_editions_say_what_they_are(site):
    pt, fa = (LexborHTMLParser(pages(site)[lang].read_text(encoding="utf-8")) for lang in ("pt", "fa"))
    assert pt.css_first(".notice").text() == html.NOTICES["pt"]  # Bergamot's text, unreviewed
    assert not fa.css(".notice")                                 # every unit approved by a translator
    assert fa.css_first("h1").text() == FA["NATO-Russia Talks Make Little Progress On Missile Defense"]
    assert fa.css_first("p.caption").text().startswith("آندرس فو راسموسن")
    for tree in (pt, fa):
        assert [a.attributes["hreflang"] for a in tree.css('link[rel="alternate"]')] == ["pt", "fa"]


# --- HTML Tidy --------------------------------------------------------------------------------------------------------

def tidy() -> str:
    found = shutil.which("tidy")
    if found is None:
        reason = "tidy not found (apt-get install tidy)"
        if os.environ.get("TRANSLATOR_REQUIRE_TIDY") == "1":
            pytest.fail(f"the HTML validator must run (TRANSLATOR_REQUIRE_TIDY=1) but: {reason}")
        pytest.skip(reason)
    return found


@pytest.mark.parametrize("name", ["pt", "fa", "photo"])
def test_tidy_finds_no_error_and_no_warning(site, name):
    result = subprocess.run([tidy(), "-quiet", "-errors", "--show-warnings", "yes", str(pages(site)[name])],
                            capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (0, "")


def test_tidy_would_catch_a_broken_page(tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><html><head><title>x</title></head><body><figure><p>a</figure></bogus>"
                      "</body></html>", encoding="utf-8")
    result = subprocess.run([tidy(), "-quiet", "-errors", str(broken)], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and result.stderr


# --- in Chromium ------------------------------------------------------------------------------------------------------

WIDTHS = {"desktop": 1280, "phone": 390}
BODY = "article > p:not([class]), article > p.lead"  # the story's text


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"), "--hide-scrollbars")
    yield driver
    driver.quit()


def show(browser, path: Path, width: str):
    """Load the page in a viewport of that width; the phone one as a phone (so the viewport meta counts)."""
    phone = width == "phone"
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": WIDTHS[width], "height": 844 if phone else 900, "deviceScaleFactor": 1, "mobile": phone})
    browser.get(path.as_uri())
    return browser


def js(browser, script: str, *args):
    return browser.execute_script(script, *args)


def box(browser, selector: str) -> dict:
    return js(browser, "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
                       "return {left: r.left, right: r.right, width: r.width, top: r.top, bottom: r.bottom};", selector)


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", ["pt", "fa", "photo"])
def test_browser_lays_the_page_out_to_the_screen(browser, site, name, width):
    show(browser, pages(site)[name], width)
    viewport = js(browser, "return document.documentElement.clientWidth")
    assert viewport == WIDTHS[width]  # the phone gets a phone layout, not a 980px page shrunk
    assert js(browser, "return document.documentElement.scrollWidth") <= viewport  # nothing runs off the side
    text = box(browser, BODY)
    font = float(js(browser, "return parseFloat(getComputedStyle(arguments[0]).fontSize)",
                    browser.find_element("css selector", BODY)))
    assert font >= 16
    if width == "desktop":  # a readable measure, centred
        assert text["width"] <= 40 * font and abs(text["left"] - (viewport - text["right"])) <= 2
    else:
        assert text["width"] >= viewport - 40


@pytest.mark.parametrize(("name", "direction", "notice"), [("pt", "ltr", True), ("fa", "rtl", False)])
def test_browser_direction_and_notice(browser, site, name, direction, notice):
    show(browser, pages(site)[name], "desktop")
    paragraph = browser.find_element("css selector", BODY)
    assert js(browser, "return getComputedStyle(arguments[0]).direction", paragraph) == direction
    shown = browser.find_elements("css selector", ".notice")
    assert bool(shown and shown[0].is_displayed()) is notice
    if notice:
        assert box(browser, ".notice")["bottom"] <= box(browser, "article > p.lead")["top"]  # read before the story


@pytest.mark.parametrize("width", list(WIDTHS))
def test_browser_shows_the_photo_with_its_caption_under_it(browser, site, width):
    show(browser, pages(site)["photo"], width)
    loaded = js(browser, "const i = document.querySelector('figure img'); return i.complete && i.naturalWidth")
    assert loaded == 1200
    image, caption = box(browser, "figure img"), box(browser, "figcaption")
    assert image["width"] >= min(WIDTHS[width], 600) - 40 and image["width"] <= WIDTHS[width]
    assert caption["top"] >= image["bottom"]


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", ["pt", "fa", "photo"])
def test_browser_screenshot(browser, site, name, width):
    folder = Path(os.environ.get("TRANSLATOR_SCREENSHOTS") or site / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    show(browser, pages(site)[name], width)
    height = js(browser, "return document.documentElement.scrollHeight")
    shot = browser.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": WIDTHS[width], "height": height, "scale": 1}})
    data = base64.b64decode(shot["data"])
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    (folder / f"{name}-{width}.png").write_bytes(data)
