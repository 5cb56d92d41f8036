"""Hostile packages, URLs and servers: each is refused with a named error, the installed version stays, and the
models folder holds no stray files. Servers are loopback only (tests/argos_builder.py)."""

from __future__ import annotations

import json
import stat
import struct
import warnings
import zipfile
from pathlib import Path

import pytest
from argos_builder import PackageServer
from typer.testing import CliRunner

from translator.cli import app
from translator.errors import (
    BadPackageURL,
    CorruptPackage,
    DownloadError,
    ExitStatus,
    PackageMetadataError,
    UnknownLanguage,
    UnsafePackage,
)
from translator.models import archive as archive_module
from translator.models.index import download, install_from_url, install_pair
from translator.models.store import ModelStore

PKG = "/pkg/en_ru.argosmodel"


@pytest.fixture
def store(models_env, argos_packages) -> ModelStore:
    """A store with en-ru 1.0 installed: every refused install must leave it as it is."""
    store = ModelStore()
    store.install_file(argos_packages["en-ru"])
    return store


@pytest.fixture
def server():
    srv = PackageServer()
    yield srv
    srv.close()


def assert_untouched(store: ModelStore) -> None:
    assert [(p.pair, p.version) for p in store.packages()] == [(("en", "ru"), "1.0")]
    assert [p.name for p in store.models_dir.iterdir()] == ["translate-en_ru"]  # no staging, no downloads


def members(package: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(package) as good:
        return {info.filename: good.read(info) for info in good.infolist() if not info.is_dir()}


def repack(package: Path, path: Path, *, meta: bytes | None = None, extra=(), method=zipfile.ZIP_DEFLATED) -> Path:
    """The package at `package` (version 2.0), rewritten: `meta` replaces metadata.json, `extra` holds
    (ZipInfo or name, data) entries added after the others."""
    with zipfile.ZipFile(path, "w", method) as out:
        for name, data in members(package).items():
            if meta is not None and name.endswith("/metadata.json"):
                data = meta
            out.writestr(name, data)
        for info, data in extra:
            out.writestr(info, data)
    return path


def with_metadata(package: Path, path: Path, **changes) -> Path:
    name = next(n for n in members(package) if n.endswith("/metadata.json"))
    meta = json.loads(members(package)[name])
    meta.update(changes)
    return repack(package, path, meta=json.dumps(meta).encode())


@pytest.fixture
def victim(tmp_path) -> Path:
    """A folder beside the models folder that an escaping install would replace."""
    folder = tmp_path / "victim"
    folder.mkdir()
    (folder / "keep.txt").write_text("precious", encoding="utf-8")
    return folder


@pytest.mark.parametrize("field, value", [
    ("to_code", "es/../../victim"),          # the reported escape: moved victim/ aside and installed there
    ("from_code", "../../victim"),
    ("to_code", "/tmp/victim"),              # absolute
    ("to_code", "es-.."),                    # would pass a region-stripping normalizer as 'es'
    ("to_code", "\u0435s"),                  # Cyrillic 'е' that looks like 'e'
    ("to_code", "\uff45\uff53"),             # full-width 'ｅｓ'
    ("to_code", "es\u200b"),                 # zero-width space
    ("to_code", "ES"),
    ("to_code", "xx"),                       # not in the language table
    ("to_code", ["es"]),                     # wrong type
    ("from_code", 7),
])
def test_codes_outside_the_language_table_are_refused(store, argos_packages, tmp_path, victim, field, value):
    hostile = with_metadata(argos_packages["en-ru-2.0"], tmp_path / "h.argosmodel", **{field: value})
    with pytest.raises(PackageMetadataError, match=f"{field} .* is not a language code we know"):
        store.install_file(hostile)
    assert_untouched(store)
    assert (victim / "keep.txt").read_text(encoding="utf-8") == "precious"


@pytest.mark.parametrize("meta, message", [
    (b"[1, 2]", "must be a JSON object"),
    (b"\xff\xfe{\x00}\x00", "must be UTF-8 JSON"),
    (b'{"from_code": "en"', "must be UTF-8 JSON"),
    (b'{"from_code": "en", "to_code": "ru"}', "lacks package_version"),
    (b'{"from_code": "en", "to_code": "ru", "package_version": {"v": 1}}', "is not a version"),
    (b'{"from_code": "en", "to_code": "ru", "package_version": "2.0\\u001b[2J"}', "is not a version"),
    (b'{"from_code": "en", "to_code": "ru", "package_version": "2.0", "target_prefix": ["x"]}',
     "target_prefix must be a string"),
    (b'{"from_code": "en", "to_code": "ru", "package_version": "2.0", "from_name": 5}',
     "from_name must be a string"),
    (b'{"pad": "' + b"x" * (1024 * 1024) + b'"}', "larger than"),
])
def test_bad_metadata_is_refused(store, argos_packages, tmp_path, meta, message):
    hostile = repack(argos_packages["en-ru-2.0"], tmp_path / "h.argosmodel", meta=meta)
    with pytest.raises(PackageMetadataError, match=message):
        store.install_file(hostile)
    assert_untouched(store)


def _info(name: str, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = mode << 16
    return info


TOP = "translate-en_ru-2_0"


@pytest.mark.parametrize("extra, message", [
    ([(f"{TOP}\\..\\..\\evil.txt", b"x")], "outside the package folder"),
    ([("C:/evil.txt", b"x")], "outside the package folder"),
    ([(f"{TOP}/../../evil.txt", b"x")], "outside the package folder"),
    ([(_info(f"{TOP}/link", stat.S_IFLNK | 0o777), "../../victim")], "symbolic link"),
    ([(_info(f"{TOP}/fifo", stat.S_IFIFO | 0o644), b"")], "not a plain file or folder"),
    ([(_info(f"{TOP}/dev", stat.S_IFCHR | 0o644), b"")], "not a plain file or folder"),
    ([(f"{TOP}/README.md", b"second copy")], "appears twice"),
    ([(f"{TOP}/README.md/inner", b"x")], "both a file and a folder"),
])
def test_unsafe_entries_are_refused(store, argos_packages, tmp_path, extra, message):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns about the duplicate name we write on purpose
        hostile = repack(argos_packages["en-ru-2.0"], tmp_path / "h.argosmodel", extra=extra)
    with pytest.raises(UnsafePackage, match=message):
        store.install_file(hostile)
    assert_untouched(store)
    assert not (tmp_path / "evil.txt").exists() and not (store.models_dir.parent / "evil.txt").exists()


def test_too_many_entries_are_refused(store, argos_packages, tmp_path, monkeypatch):
    monkeypatch.setattr(archive_module, "MAX_ENTRIES", 5)
    with pytest.raises(UnsafePackage, match="entries \\(at most 5\\)"):
        store.install_file(argos_packages["en-ru-2.0"])
    assert_untouched(store)


def _central_entry(path: Path, data: bytes, name: str) -> int:
    """Offset of the central directory record of `name`."""
    with zipfile.ZipFile(path) as archive:
        offset = archive.start_dir
    while True:
        name_len = struct.unpack_from("<H", data, offset + 28)[0]
        if data[offset + 46: offset + 46 + name_len].decode() == name:
            return offset
        extra, comment = struct.unpack_from("<HH", data, offset + 30)
        offset += 46 + name_len + extra + comment


def _stored_with(argos_packages, tmp_path, patch) -> Path:
    """The 2.0 package stored (not deflated), then patched as raw bytes by `patch(data, model_bin_offset)`."""
    path = repack(argos_packages["en-ru-2.0"], tmp_path / "h.argosmodel", method=zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    patch(data, _central_entry(path, bytes(data), f"{TOP}/model/model.bin"))
    path.write_bytes(bytes(data))
    return path


def _flip_data_byte(data: bytearray, central: int) -> None:
    local = struct.unpack_from("<I", data, central + 42)[0]
    name_len, extra = struct.unpack_from("<HH", data, local + 26)
    data[local + 30 + name_len + extra + 10] ^= 0xFF


def _declare_size(size: int):
    def patch(data: bytearray, central: int) -> None:
        struct.pack_into("<I", data, central + 24, size)
    return patch


def _set_flag_encrypted(data: bytearray, central: int) -> None:
    data[central + 8] |= 0x1


def _set_method(data: bytearray, central: int) -> None:
    struct.pack_into("<H", data, central + 10, 99)  # AES, which zipfile cannot read
    local = struct.unpack_from("<I", data, central + 42)[0]
    struct.pack_into("<H", data, local + 8, 99)


@pytest.mark.parametrize("patch, error, message", [
    (_flip_data_byte, CorruptPackage, "damaged package .*CRC"),
    (_declare_size(3 * 1024 * 1024), UnsafePackage, "zip bomb"),           # a huge declared size
    (_declare_size(10), CorruptPackage, "damaged package"),                 # a size that lies small
    (_set_flag_encrypted, CorruptPackage, "encrypted"),
    (_set_method, CorruptPackage, "damaged package"),
])
def test_damaged_zips_are_refused(store, argos_packages, tmp_path, patch, error, message):
    store.max_bytes = 2 * 1024 * 1024
    with pytest.raises(error, match=message):
        store.install_file(_stored_with(argos_packages, tmp_path, patch))
    assert_untouched(store)


@pytest.mark.parametrize("content", [
    "truncated",
    "html",
    "empty",
])
def test_files_that_are_not_whole_zips_are_refused(store, argos_packages, tmp_path, content):
    data = argos_packages["en-ru-2.0"].read_bytes()
    path = tmp_path / "h.argosmodel"
    path.write_bytes({"truncated": data[: len(data) // 2], "html": b"<!doctype html><h1>404</h1>",
                      "empty": b""}[content])
    with pytest.raises(CorruptPackage, match="not a zip archive"):
        store.install_file(path)
    assert_untouched(store)


def test_an_entry_name_too_long_for_the_disk(store, argos_packages, tmp_path):
    hostile = repack(argos_packages["en-ru-2.0"], tmp_path / "h.argosmodel", extra=[(f"{TOP}/{'n' * 300}", b"x")])
    with pytest.raises(CorruptPackage, match="cannot unpack"):
        store.install_file(hostile)
    assert_untouched(store)


@pytest.mark.parametrize("tail", ["/pkg/.", "/pkg/..", "/pkg/", "/pkg/%2e%2e"])
def test_urls_that_name_no_file_are_refused(store, server, tail):
    with pytest.raises(BadPackageURL, match="names a folder, not a package file"):
        install_from_url(store, server.url + tail)
    assert server.requests == []  # refused before any request
    assert_untouched(store)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/x.argosmodel", "http:///x.argosmodel",
                                 "http://[::1/x.argosmodel"])
def test_urls_that_are_not_http_are_refused(store, url):
    with pytest.raises(BadPackageURL, match="URL"):
        install_from_url(store, url)
    assert_untouched(store)


def test_a_query_string_never_reaches_the_disk(store, server, argos_packages):
    server.files["/get?name=../../evil.argosmodel"] = argos_packages["en-ru-2.0"].read_bytes()
    package = install_from_url(store, server.url + "/get?name=../../evil.argosmodel")
    assert package.version == "2.0" and package.path == store.models_dir / "translate-en_ru"
    assert [p.name for p in store.models_dir.iterdir()] == ["translate-en_ru"]
    assert not (store.models_dir.parent / "evil.argosmodel").exists()


def _partial(server, tmp_path, data: bytes) -> Path:
    """A half download of PKG, recorded with the server's ETag; returns the destination."""
    server.files[PKG] = data
    server.truncate.add(PKG)
    target = tmp_path / "pkg.argosmodel"
    with pytest.raises(DownloadError, match="run the command again to resume"):
        download(server.url + PKG, target)
    server.truncate.clear()
    assert 0 < (tmp_path / "pkg.argosmodel.part").stat().st_size < len(data)
    return target


def test_a_server_that_answers_a_range_with_200_restarts_cleanly(server, tmp_path, argos_packages):
    data = argos_packages["en-ru"].read_bytes()
    target = _partial(server, tmp_path, data)
    server.no_ranges.add(PKG)
    download(server.url + PKG, target)
    assert target.read_bytes() == data
    assert server.requests[-1]["range"] is not None  # it asked to resume, and took the full answer instead
    assert not (tmp_path / "pkg.argosmodel.part").exists() and not (tmp_path / "pkg.argosmodel.part.json").exists()


def test_a_file_changed_between_attempts_is_downloaded_again(server, tmp_path, argos_packages):
    target = _partial(server, tmp_path, argos_packages["en-ru"].read_bytes())
    new = argos_packages["en-ru-2.0"].read_bytes()
    server.files[PKG] = new  # new ETag: If-Range fails, the server sends the whole new file
    download(server.url + PKG, target)
    assert target.read_bytes() == new


def test_an_etag_mismatch_on_a_206_restarts(server, tmp_path, argos_packages):
    target = _partial(server, tmp_path, argos_packages["en-ru"].read_bytes())
    new = argos_packages["en-ru-2.0"].read_bytes()
    server.files[PKG] = new
    server.ignore_if_range.add(PKG)  # a broken cache: 206 of the new file despite If-Range
    download(server.url + PKG, target)
    assert target.read_bytes() == new
    assert server.requests[-1]["range"] is None  # the second request started from byte 0


def test_no_validator_means_no_resume(server, tmp_path, argos_packages):
    data = argos_packages["en-ru"].read_bytes()
    server.files[PKG] = data
    server.truncate.add(PKG)
    server.no_validators.add(PKG)
    target = tmp_path / "pkg.argosmodel"
    with pytest.raises(DownloadError, match="cannot resume it"):
        download(server.url + PKG, target)
    assert list(tmp_path.iterdir()) == []  # nothing kept that could be glued to another file
    server.truncate.clear()
    download(server.url + PKG, target)
    assert target.read_bytes() == data and server.requests[-1]["range"] is None


def test_a_weak_etag_resumes_on_last_modified(server, tmp_path, argos_packages):
    data = argos_packages["en-ru"].read_bytes()
    server.headers[PKG] = {"ETag": 'W/"weak"'}
    target = _partial(server, tmp_path, data)
    server.ignore_if_range.add(PKG)  # the handler compares ETags only; the client must send the date
    download(server.url + PKG, target)
    assert target.read_bytes() == data
    assert server.requests[-1]["if_range"] == "Mon, 02 Nov 2026 10:00:00 GMT"


def test_a_glued_download_is_refused_as_damaged(store, server, argos_packages):
    """A server that lies twice (same ETag for a new file, and ignores If-Range): the install still fails
    with a named error, not a traceback."""
    old, new = argos_packages["en-ru"].read_bytes(), argos_packages["en-ru-2.0"].read_bytes()
    server.files[PKG] = old
    server.headers[PKG] = {"ETag": '"same"'}
    server.truncate.add(PKG)
    with pytest.raises(DownloadError, match="resume"):
        install_from_url(store, server.url + PKG)
    server.truncate.clear()
    server.files[PKG] = new
    server.ignore_if_range.add(PKG)
    with pytest.raises(CorruptPackage):
        install_from_url(store, server.url + PKG)
    assert_untouched(store)


def test_a_huge_declared_length_is_refused_before_writing(store, server, argos_packages):
    server.files[PKG] = argos_packages["en-ru-2.0"].read_bytes()
    server.headers[PKG] = {"Content-Length": str(64 * 1024**3)}
    store.max_bytes = 10 * 1024 * 1024
    with pytest.raises(DownloadError, match="announces .* bytes, more than"):
        install_from_url(store, server.url + PKG)
    assert_untouched(store)


def test_a_hostile_package_from_the_index_is_refused(store, server, argos_packages, tmp_path, victim):
    hostile = with_metadata(argos_packages["en-ru-2.0"], tmp_path / "h.argosmodel", to_code="ru/../../victim")
    server.files[PKG] = hostile.read_bytes()
    server.files["/index.json"] = json.dumps([{"from_code": "en", "to_code": "ru", "package_version": "2.0",
                                               "links": [server.url + PKG]}]).encode()
    with pytest.raises(PackageMetadataError, match="to_code"):
        install_pair(store, "en-ru", server.url + "/index.json")
    assert_untouched(store)
    assert (victim / "keep.txt").exists()


def test_pairs_with_unknown_codes_are_refused(store):
    with pytest.raises(UnknownLanguage, match="unknown language code '../x'"):
        install_pair(store, "../x-ru", "http://127.0.0.1:9/index.json")


@pytest.mark.parametrize("what, message", [
    ("metadata-escape", "to_code 'es/../../victim' is not a language code we know"),
    ("html", "not a zip archive"),
    ("url-dotdot", "names a folder"),
    ("file-url", "not an http(s) URL"),
    ("unknown-code", "unknown language code 'xx'"),
    ("folder", "cannot read"),
])
def test_cli_refuses_with_an_error_line_and_no_traceback(store, server, argos_packages, tmp_path, what, message):
    hostile = with_metadata(argos_packages["en-ru-2.0"], tmp_path / "h.argosmodel", to_code="es/../../victim")
    html = tmp_path / "page.argosmodel"
    html.write_bytes(b"<html>")
    item = {"metadata-escape": str(hostile), "html": str(html), "url-dotdot": server.url + "/pkg/..",
            "file-url": "file:///etc/passwd", "unknown-code": "en-xx", "folder": str(tmp_path)}[what]
    result = CliRunner().invoke(app, ["models", "install", item])
    assert result.exit_code == ExitStatus.ERROR, result.output
    assert result.stderr.startswith("Error: ") and message in result.stderr and "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not an exception caught by the runner
    assert_untouched(store)


def test_remove_drops_a_link_not_its_target(models_env, argos_packages, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    with zipfile.ZipFile(argos_packages["ru-uk"]) as archive:
        archive.extractall(elsewhere)
    target = next(elsewhere.iterdir())
    models, _ = models_env
    models.mkdir()
    (models / "translate-ru_uk").symlink_to(target, target_is_directory=True)
    ModelStore().remove("ru-uk")
    assert not (models / "translate-ru_uk").exists() and (target / "metadata.json").is_file()
