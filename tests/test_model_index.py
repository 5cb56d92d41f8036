"""Installing through the package index, against a loopback HTTP server (never the network)."""

from __future__ import annotations

import json
import zipfile

import pytest
from argos_builder import PackageServer
from typer.testing import CliRunner

from translator.cli import app
from translator.errors import ExitStatus, IndexUnreachable, ModelError, ModelNotInstalled
from translator.models.index import download, fetch_index, install_pair
from translator.models.store import ModelStore


@pytest.fixture
def server():
    srv = PackageServer()
    yield srv
    srv.close()


def publish_index(server: PackageServer, entries: list[dict]) -> str:
    server.files["/index.json"] = json.dumps(entries).encode()
    return server.url + "/index.json"


def entry(server: PackageServer, from_code: str, to_code: str, path: str) -> dict:
    return {"code": f"translate-{from_code}_{to_code}", "from_code": from_code, "to_code": to_code,
            "package_version": "1.0", "argos_version": "1.9.0", "links": [server.url + path]}


def test_install_by_pair(server, models_env, argos_packages):
    server.files["/pkg/en_ru.argosmodel"] = argos_packages["en-ru"].read_bytes()
    url = publish_index(server, [entry(server, "en", "ru", "/pkg/en_ru.argosmodel")])
    seen = []
    package = install_pair(ModelStore(), "en-ru", url, progress=lambda done, total: seen.append((done, total)))
    assert package.pair == ("en", "ru")
    assert seen[-1][0] == seen[-1][1] == len(server.files["/pkg/en_ru.argosmodel"])
    assert not (models_env[0] / ".downloads").exists()


def test_cli_install_by_pair_and_list(server, models_env, argos_packages):
    server.files["/pkg/ru_uk.argosmodel"] = argos_packages["ru-uk"].read_bytes()
    url = publish_index(server, [entry(server, "ru", "uk", "/pkg/ru_uk.argosmodel")])
    runner = CliRunner()
    result = runner.invoke(app, ["models", "install", "ru-uk", "--index-url", url])
    assert result.exit_code == ExitStatus.OK, result.output
    assert "Installed ru-uk 1.0" in result.stdout
    listing = runner.invoke(app, ["models", "list"])
    assert "ru-uk" in listing.stdout and "translator" in listing.stdout and "MB" in listing.stdout
    removed = runner.invoke(app, ["models", "remove", "ru-uk"])
    assert removed.exit_code == ExitStatus.OK and "Removed" in removed.stdout


def test_unknown_pair_in_index(server, models_env):
    url = publish_index(server, [entry(server, "en", "ru", "/pkg/x")])
    with pytest.raises(ModelNotInstalled, match="no en-fa package; it has: en-ru"):
        install_pair(ModelStore(), "en-fa", url)


def test_404(server, models_env):
    url = publish_index(server, [entry(server, "en", "ru", "/pkg/missing.argosmodel")])
    with pytest.raises(ModelError, match="HTTP 404"):
        install_pair(ModelStore(), "en-ru", url)
    assert ModelStore().packages() == []


def test_truncated_download_then_resume(server, models_env, argos_packages, tmp_path):
    data = argos_packages["en-ru"].read_bytes()
    server.files["/pkg/en_ru.argosmodel"] = data
    server.truncate.add("/pkg/en_ru.argosmodel")
    target = tmp_path / "en_ru.argosmodel"
    with pytest.raises(ModelError, match="incomplete|interrupted"):
        download(server.url + "/pkg/en_ru.argosmodel", target)
    part = tmp_path / "en_ru.argosmodel.part"
    assert not target.exists() and 0 < part.stat().st_size < len(data)
    server.truncate.clear()
    download(server.url + "/pkg/en_ru.argosmodel", target)
    assert target.read_bytes() == data and not part.exists()
    last = server.requests[-1]
    assert last["range"] == f"bytes={len(data) // 2}-"  # it resumed, not restarted
    assert last["if_range"] == server.etag("/pkg/en_ru.argosmodel")


def test_server_without_ranges_restarts_cleanly(server, tmp_path, argos_packages):
    data = argos_packages["en-ru"].read_bytes()
    server.files["/pkg/en_ru.argosmodel"] = data
    server.no_ranges.add("/pkg/en_ru.argosmodel")
    target = tmp_path / "pkg.argosmodel"
    (tmp_path / "pkg.argosmodel.part").write_bytes(b"garbage from an older attempt")
    download(server.url + "/pkg/en_ru.argosmodel", target)
    assert target.read_bytes() == data


@pytest.mark.parametrize("kind, message", [
    ("slip", "outside the package folder"),
    ("symlink", "symbolic link"),
    ("bomb", "zip bomb"),
])
def test_hostile_packages_from_the_index(server, models_env, tmp_path, kind, message):
    path = tmp_path / "hostile.argosmodel"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("translate-en_ru/metadata.json", json.dumps({"from_code": "en", "to_code": "ru",
                                                                      "package_version": "1"}))
        if kind == "slip":
            archive.writestr("translate-en_ru/../../../outside.txt", b"x")
        elif kind == "symlink":
            info = zipfile.ZipInfo("translate-en_ru/model")
            info.external_attr = 0o120777 << 16
            archive.writestr(info, "/etc")
        else:
            archive.writestr("translate-en_ru/model/model.bin", b"\0" * (5 * 1024 * 1024))
    server.files["/pkg/hostile.argosmodel"] = path.read_bytes()
    url = publish_index(server, [entry(server, "en", "ru", "/pkg/hostile.argosmodel")])
    store = ModelStore()
    store.max_bytes = 1024 * 1024
    with pytest.raises(ModelError, match=message):
        install_pair(store, "en-ru", url)
    assert store.packages() == []


def test_offline_index_says_what_to_do(models_env):
    with pytest.raises(IndexUnreachable, match="install from a file instead"):
        fetch_index("http://127.0.0.1:9/index.json", timeout=2)
    result = CliRunner().invoke(app, ["models", "install", "en-ru", "--index-url", "http://127.0.0.1:9/i.json"])
    assert result.exit_code == ExitStatus.ERROR
    assert result.stderr.startswith("Error: cannot reach http://127.0.0.1:9/i.json")
