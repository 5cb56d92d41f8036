"""`translator review serve`: the JSON API contract, approvals that record who and when, revisions and 409, the
token, origin and host checks, escaping, paths, publish now, and the pages under HTML Tidy."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import polib
import pytest
from review_app_server import (
    SLUG,
    catalog,
    environment,
    make_project,
    run_job,
    start_server,
    stop_server,
    write_job,
)

from translator.article import BlockKind
from translator.memory.catalog import State
from translator.memory.notes import notes_from_comment
from translator.review.assess import assess_unit

HOSTILE = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>"
RU_HEADLINE = "Переговоры НАТО и России почти не продвинулись в вопросе противоракетной обороны"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("review-app") / "project")


@pytest.fixture
def project(pristine, tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(pristine, copy)
    return copy


@pytest.fixture
def server(project):
    running = start_server(project)
    yield running
    stop_server(running)


def headline(units: list[dict]) -> dict:
    return next(u for u in units if u["kind"] == "headline")


def entry_of(project, unit: dict, language: str = "ru"):
    po = polib.pofile(str(catalog(project, language)))
    return po, next(e for e in po if e.msgid == unit["source"] and (e.msgctxt or "").endswith("/" + unit["kind"]))


# --- the API contract ---------------------------------------------------------------------------------------------

def test_the_queue_is_review_next_plus_id_and_revision(server, project):
    queue = server.units("ru", article=None)
    shown = subprocess.run([sys.executable, "-m", "translator", "review", "next", "--lang", "ru", "--limit", "1000",
                            "--format", "json"], cwd=project, env=environment(), capture_output=True, text=True,
                           timeout=120)
    expected = json.loads(shown.stdout)
    assert len(queue) == len(expected) > 0
    assert [{k: v for k, v in u.items() if k in expected[0]} for u in queue] == expected  # same shape, same order
    assert all(isinstance(u["id"], str) and isinstance(u["revision"], str) for u in queue)
    assert len({u["id"] for u in queue}) == len(queue)


def test_an_article_lists_its_units_in_article_order_with_stable_ids(server):
    first, again = server.units(), server.units()
    assert [u["line"] for u in first] == sorted(u["line"] for u in first)
    assert [(u["id"], u["revision"]) for u in first] == [(u["id"], u["revision"]) for u in again]
    assert {u["article"] for u in first} == {SLUG} and {u["language"] for u in first} == {"ru"}
    assert {u["id"] for u in first}.isdisjoint({u["id"] for u in server.units("uk")})  # a unit per language


def test_approve_saves_the_text_records_who_and_when_and_judges_again(server, project):
    unit = headline(server.units())
    assert {f["check"] for f in unit["findings"]} >= {"script", "untranslated"}  # the echo engine's English
    reply = server.save(unit["id"], target=RU_HEADLINE, approve=True, revision=unit["revision"])
    assert reply.status == 200, reply.text
    saved = reply.json()
    assert (saved["id"], saved["target"], saved["state"]) == (unit["id"], RU_HEADLINE, "approved")
    assert saved["revision"] != unit["revision"]
    assert saved["approved_by"].startswith("Ana Lima, ")
    # The findings are the run's judgement of the new text, as an approved unit.
    po, entry = entry_of(project, unit)
    judged = assess_unit(entry.msgid, RU_HEADLINE, state=State.APPROVED, kind=BlockKind.HEADLINE, source_language="en",
                         target_language="ru", notes=notes_from_comment(entry.comment))
    assert [(f["check"], f["severity"], f["detail"]) for f in saved["findings"]] == \
        [(f.check, str(f.severity), f.detail) for f in judged.findings]
    assert not {"script", "untranslated"} & {f["check"] for f in saved["findings"]}
    # In the catalog: the text, no fuzzy flag, who in the header and the entry, as gettext tools keep them.
    assert entry.msgstr == RU_HEADLINE and "fuzzy" not in entry.flags
    assert po.metadata["Last-Translator"] == "Ana Lima"
    assert entry.tcomment.startswith("approved by Ana Lima, ")
    kept = subprocess.run(["msgcat", str(catalog(project))], capture_output=True, text=True, timeout=60)
    assert f"# {entry.tcomment}" in kept.stdout and "Last-Translator: Ana Lima" in kept.stdout


def test_the_rest_of_the_catalog_is_kept_byte_for_byte(server, project):
    before = catalog(project).read_text(encoding="utf-8")
    unit = headline(server.units())
    assert server.save(unit["id"], target=RU_HEADLINE, revision=unit["revision"]).status == 200
    after = catalog(project).read_text(encoding="utf-8")
    # Only the edited entry's text changed (and the header's date, when the minute has turned).
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]
    assert [b for a, b in changed if not a.startswith('"PO-Revision-Date')] == [f'msgstr "{RU_HEADLINE}"']


def test_return_to_machine_and_comment(server, project):
    unit = headline(server.units())
    approved = server.save(unit["id"], approve=True, revision=unit["revision"], comment="checked with the desk").json()
    back = server.save(unit["id"], approve=False, revision=approved["revision"]).json()
    assert (approved["state"], back["state"]) == ("approved", "machine")
    assert (back["approved_by"], back["comment"]) == ("", "checked with the desk")
    _, entry = entry_of(project, unit)
    assert "fuzzy" in entry.flags and entry.tcomment == "checked with the desk"


def test_an_edited_approved_text_goes_back_to_review(server):
    unit = headline(server.units())
    approved = server.save(unit["id"], approve=True, revision=unit["revision"]).json()
    edited = server.save(unit["id"], target=RU_HEADLINE, revision=approved["revision"]).json()
    assert edited["state"] == "machine"  # not out as approved with a text nobody approved
    again = server.save(unit["id"], target=RU_HEADLINE, approve=True, revision=edited["revision"]).json()
    commented = server.save(unit["id"], target=RU_HEADLINE, comment="seen", revision=again["revision"]).json()
    assert (commented["state"], commented["comment"]) == ("approved", "seen")  # the same text: still approved


def test_a_stale_revision_is_refused_with_both_versions(server, project):
    unit = headline(server.units())
    assert server.save(unit["id"], target="первая правка", revision=unit["revision"]).status == 200
    before = catalog(project).read_bytes()
    reply = server.save(unit["id"], target="вторая правка", approve=True, revision=unit["revision"])
    assert reply.status == 409
    body = reply.json()
    assert body["current"]["target"] == "первая правка" and body["yours"]["target"] == "вторая правка"
    assert catalog(project).read_bytes() == before


def test_a_hand_edit_of_the_po_makes_the_revision_stale(server, project):
    unit = headline(server.units())
    po, entry = entry_of(project, unit)
    entry.msgstr = "правка в Poedit"
    po.save()
    reply = server.save(unit["id"], target=RU_HEADLINE, revision=unit["revision"])
    assert reply.status == 409 and reply.json()["current"]["target"] == "правка в Poedit"


@pytest.mark.parametrize(("body", "status"), [
    ({"target": "x"}, 400), ([], 400), ({"revision": "r", "approve": "yes"}, 400), ({"revision": "r", "x": 1}, 400),
])
def test_a_malformed_save_is_refused(server, body, status):
    unit = headline(server.units())
    assert server.save(unit["id"], **body).status == status if isinstance(body, dict) else \
        server.request("POST", f"/api/units/{unit['id']}", body).status == status


def test_approving_an_empty_text_and_an_unknown_unit(server):
    unit = headline(server.units())
    assert server.save(unit["id"], target="", approve=True, revision=unit["revision"]).status == 422
    assert server.save("0" * 24, target="x", revision="r").status == 404
    assert server.get("/api/units?lang=xx").status == 404
    assert server.get("/api/units").status == 400


def test_a_catalog_broken_by_hand_is_named_not_a_crash(server, project):
    path = catalog(project)
    path.write_text(path.read_text(encoding="utf-8").replace('msgstr "ru: NATO', 'msgstr "ru: NATO\n', 1),
                    encoding="utf-8")
    for reply in (server.get("/"), server.get(f"/lang/ru/{SLUG}"), server.get("/api/units?lang=ru")):
        assert reply.status == 422
        assert "nato-russia-talks.po:" in reply.text and "unterminated string" in reply.text


# --- nobody in ------------------------------------------------------------------------------------------------------

def test_the_token_is_required(server):
    assert server.get("/api/units?lang=ru", token=False).status == 401
    assert server.get("/", token=False).status == 401
    assert server.get("/api/units?lang=ru", token=False, headers={"Authorization": "Bearer wrong"}).status == 401
    unit = headline(server.units())
    assert server.save(unit["id"], target="x", revision=unit["revision"]).status == 200
    assert server.request("POST", f"/api/units/{unit['id']}", {"target": "y", "revision": "r"},
                          token=False).status == 401


def test_the_tokened_url_sets_a_cookie_that_lets_the_browser_in(server):
    reply = server.get(f"/lang/ru?token={server.token}", token=False)
    assert reply.status == 303 and reply.headers["location"] == "/lang/ru"  # the token leaves the address bar
    cookie = reply.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    jar = cookie.split(";")[0]
    assert server.get("/lang/ru", token=False, headers={"Cookie": jar}).status == 200
    assert server.get("/lang/ru", token=False, headers={"Cookie": "translator_review=wrong"}).status == 401
    assert server.get("/?token=wrong", token=False).status == 401


@pytest.mark.parametrize("header", [{"Origin": "http://evil.example"}, {"Referer": "http://evil.example/page"},
                                    {"Origin": "null"}])
def test_a_change_from_another_site_is_refused(server, project, header):
    unit = headline(server.units())
    before = catalog(project).read_bytes()
    reply = server.request("POST", f"/api/units/{unit['id']}", {"target": "x", "revision": unit["revision"]},
                           headers=header)
    assert reply.status == 403
    assert catalog(project).read_bytes() == before
    same = {"Origin": server.base}
    assert server.request("POST", f"/api/units/{unit['id']}", {"target": "x", "revision": unit["revision"]},
                          headers=same).status == 200


def test_a_foreign_host_name_is_refused(server):
    assert server.get("/api/units?lang=ru", headers={"Host": "attacker.example"}).status == 403


def test_pages_carry_a_strict_policy_and_escape_what_catalogs_hold(server):
    unit = headline(server.units())
    assert server.save(unit["id"], target=HOSTILE, revision=unit["revision"], comment=HOSTILE).status == 200
    for path in ("/", "/lang/ru", f"/lang/ru/{SLUG}"):
        reply = server.get(path)
        assert reply.status == 200
        policy = reply.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "default-src 'none'" in policy and "unsafe-inline" not in policy
        assert "<script>document" not in reply.text and "<img src=x" not in reply.text
    assert "&lt;script&gt;document.title=" in server.get(f"/lang/ru/{SLUG}").text


@pytest.mark.parametrize("path", ["/lang/..%2F..%2Fetc", "/lang/ru/..%2F..%2F..%2Ftranslator.toml",
                                  "/preview/ru/..%2F..%2Ftranslator", "/preview/..%2Flocales/" + SLUG,
                                  "/static/..%2F..%2Fapp.py", "/static/base.html.j2", "/lang/ru/missing"])
def test_no_request_reaches_outside_the_catalogs_and_outputs(server, path):
    reply = server.get(path)
    assert reply.status == 404
    assert "source =" not in reply.text and "import" not in reply.text


# --- publish now ----------------------------------------------------------------------------------------------------

def test_publish_this_article_now_under_the_jobs_policy(server, project):
    assert server.request("POST", f"/api/publish/ru/{SLUG}").json()["status"] == "held"  # the qa policy holds it
    assert not (project / "output" / "ru" / f"{SLUG}.html").exists()
    for unit in server.units():
        target = RU_HEADLINE if unit["kind"] == "headline" else unit["target"]
        assert server.save(unit["id"], target=target, approve=True, revision=unit["revision"]).status == 200
    reply = server.request("POST", f"/api/publish/ru/{SLUG}")
    assert reply.status == 200, reply.text
    assert reply.json()["status"] == "ok"
    assert f"output/ru/{SLUG}.html" in reply.json()["files"]
    assert not (project / "output" / "uk" / f"{SLUG}.html").exists()  # one language only
    preview = server.get(f"/preview/ru/{SLUG}")
    assert preview.status == 200 and RU_HEADLINE in preview.text
    assert "sandbox" in preview.headers["content-security-policy"]


# --- a run going on -------------------------------------------------------------------------------------------------

def test_a_save_during_a_running_job_survives(project):
    # The story grows a paragraph, and the echo engine takes its time: the run reads the catalog, translates, merges.
    source = project / "input" / "nato-russia-talks.txt"
    known = "held bilateral talks on the sidelines of the meeting."
    source.write_text(source.read_text(encoding="utf-8").replace(
        known, known + "\n\nA late paragraph. It needs an engine. And time.\n"), encoding="utf-8")
    signal = project / "engine-started"
    write_job(project, delay=1.0, signal=str(signal))
    running = start_server(project)
    try:
        unit = headline(running.units())
        result: dict = {}
        job = threading.Thread(target=lambda: result.setdefault("run", run_job(project, timeout=300)))
        job.start()
        deadline = time.monotonic() + 120
        while not Path(f"{signal}-ru").exists() and time.monotonic() < deadline:
            time.sleep(0.05)  # until the run has read the ru catalog and waits on the engine
        reply = running.save(unit["id"], target=RU_HEADLINE, approve=True, revision=unit["revision"])
        assert job.is_alive(), "the run ended before the save: nothing was tested"
        job.join(timeout=300)
        assert reply.status == 200
        assert result["run"].returncode in (0, 3), result["run"].stderr
        _, entry = entry_of(project, unit)
        assert entry.msgstr == RU_HEADLINE and "fuzzy" not in entry.flags
        assert any(e.msgid == "A late paragraph." for e in polib.pofile(str(catalog(project))))  # the run's work too
    finally:
        stop_server(running)


# --- HTML Tidy ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/lang/ru", f"/lang/ru/{SLUG}", "/lang/ru/missing"])
def test_pages_pass_tidy(server, tmp_path, path):
    from test_html_edition import tidy

    page = tmp_path / "page.html"
    page.write_bytes(server.get(path).body)
    result = subprocess.run([tidy(), "-quiet", "-errors", "--show-warnings", "yes", str(page)],
                            capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (0, "")


def test_the_tokened_url_never_redirects_off_the_app(server):
    reply = server.get(f"//evil.example/x?token={server.token}", token=False)
    assert reply.status in (303, 404)
    assert not reply.headers.get("location", "/").startswith("//")


# --- serving --------------------------------------------------------------------------------------------------------

def test_a_port_in_use_is_a_usage_error(server, project):
    port = server.base.rsplit(":", 1)[1]
    result = subprocess.run([sys.executable, "-m", "translator", "review", "serve", "--port", port], cwd=project,
                            env=environment(), capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "--port" in result.stderr


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                                ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False)])
def test_only_loopback_goes_without_a_warning(host, loopback):
    from translator.review_app.server import is_loopback

    assert is_loopback(host) is loopback


def test_the_reviewer_is_named_by_option_then_environment(monkeypatch):
    from translator.review_app.server import reviewer_name

    monkeypatch.setenv("TRANSLATOR_REVIEWER", "Desk  Editor")
    assert reviewer_name(None) == "Desk Editor"
    assert reviewer_name(" Ana\nLima ") == "Ana Lima"  # one line: it goes into a PO header
    monkeypatch.delenv("TRANSLATOR_REVIEWER")
    assert reviewer_name(None)  # the login name
