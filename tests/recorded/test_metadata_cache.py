"""Remembered logins and the metadata cache on disk: what a second connection, in this process or a
fresh one, saves; and that nothing stale or secret is kept."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path
from typing import Any

import pytest
import requests

import odoorm
from odoorm.client import logins
from odoorm.client.connect import forget_connections
from odoorm.client.settings import Settings
from odoorm.meta.diskcache import FORMAT, MetadataCache, default_cache_directory
from odoorm.meta.spec import FIELD_ATTRIBUTES

COMPANIES = [("is_company", "=", True)]


def counted_session() -> tuple[requests.Session, list[str]]:
    """A session that lists the path of every request it sends (connect's own calls included)."""
    session, paths = requests.Session(), []
    session.hooks["response"].append(lambda response, *args, **kwargs: paths.append(response.request.path_url))
    return session, paths


def secrets_of(testbed: Any) -> list[str]:
    return [s for s in (testbed.password, testbed.api_key) if s]


# ---------------------------------------------------------------- live (recorded)


def test_a_fresh_process_builds_its_classes_from_the_disk(
    cassette: Any, testbed: Any, protocol: str, tmp_path: Path
) -> None:
    session, first_paths = counted_session()
    with testbed.connect(protocol, metadata_cache=tmp_path, http_session=session) as first:
        expected = first["res.partner"].search_count(COMPANIES)
        version = first.version
    assert len(first_paths) == 4  # login, fields_get, search_count, version
    stored = sorted(p.name for p in tmp_path.glob("*/*.json") if p.parent.name != "logins")
    assert stored == ["_version.json", "res.partner.json"]
    assert len(list(tmp_path.glob("logins/*.json"))) == (1 if protocol == "json2" else 0)  # API keys only
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
            assert not any(secret.encode() in path.read_bytes() for secret in secrets_of(testbed)), path
    forget_connections()  # a fresh process: only the disk remembers
    session, paths = counted_session()
    with testbed.connect(protocol, metadata_cache=tmp_path, http_session=session) as again:
        with again.count_calls() as calls:
            assert again["res.partner"].search_count(COMPANIES) == expected
            assert again.version == version and again["res.partner"]._fields["country_id"].type == "many2one"
        assert calls.keys == ["res.partner.search_count"]
        # an API key's login is on disk too (JSON-2 here): no login call; a password's never is
        assert len(paths) == (1 if protocol == "json2" else 2), paths
        again.registry.refresh("res.partner")
        assert not list(tmp_path.glob("*/res.partner.json"))  # forgotten on disk as well
        with again.count_calls() as calls:
            again["res.partner"].search_count(COMPANIES)
        assert calls.keys == ["res.partner.fields_get", "res.partner.search_count"]
        assert list(tmp_path.glob("*/res.partner.json"))  # read again, and kept again
    with testbed.connect(protocol) as plain:  # the same user without metadata_cache: nothing written
        plain.registry.refresh("res.partner")
        assert not list(tmp_path.glob("*/res.partner.json"))
        plain["res.partner"].search_count(COMPANIES)
    assert not list(tmp_path.glob("*/res.partner.json"))


def test_connecting_again_in_the_process_makes_no_login_call(cassette: Any, testbed: Any, protocol: str) -> None:
    with testbed.connect(protocol) as first:
        uid = first.uid
        first["res.partner"].search_count(COMPANIES)
    session, paths = counted_session()
    with testbed.connect(protocol, http_session=session) as again:
        assert paths == [] and again.uid == uid and again.protocol == protocol
        again["res.partner"].search_count(COMPANIES)
    assert len(paths) == 1  # neither login nor fields_get


def test_a_remembered_login_refused_later_is_forgotten(cassette: Any, testbed: Any, protocol: str) -> None:
    wrong = "not-a-valid-key" if protocol == "json2" else "not-the-password"  # known fakes (test_secrets)
    credentials = {**testbed.credentials(protocol), ("api_key" if protocol == "json2" else "password"): wrong}
    with testbed.connect(protocol) as good:  # the real uid, so the wrong secret looks remembered
        uid = good.uid
    settings = Settings.resolve(**{"password": None, "api_key": None, **credentials})
    logins.remember(logins.LoginKey.of(settings, testbed.db), logins.RememberedLogin(uid, protocol), None)
    env = odoorm.connect(**credentials)  # no call: the server refuses the secret at the first one
    with pytest.raises(odoorm.AuthenticationError):
        env["res.partner"].search_count(COMPANIES)
    env.close()
    assert logins.remembered(logins.LoginKey.of(settings, testbed.db), None) is None
    with pytest.raises(odoorm.AuthenticationError):
        odoorm.connect(**credentials)  # checked again, refused at connect


# ---------------------------------------------------------------- the files (no server)


def store(tmp_path: Path, max_age: float = 60.0) -> Any:
    return MetadataCache(tmp_path, max_age=max_age).store("http://odoo.test", "db", 2, None)


def test_an_entry_is_used_until_it_expires(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entries = store(tmp_path)
    entries.save_fields("res.partner", FIELD_ATTRIBUTES, {"name": {"type": "char"}})
    assert entries.fields("res.partner", FIELD_ATTRIBUTES) == {"name": {"type": "char"}}
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    assert entries.fields("res.partner", FIELD_ATTRIBUTES) is None


def test_foreign_corrupt_or_other_format_entries_are_ignored(tmp_path: Path) -> None:
    entries = store(tmp_path)
    entries.save_fields("res.partner", FIELD_ATTRIBUTES, {"name": {"type": "char"}})
    assert entries.fields("res.partner", ("type",)) is None  # asked with other attributes
    other_user = MetadataCache(tmp_path).store("http://odoo.test", "db", 6, None)
    path = entries.directory / "res.partner.json"
    os.makedirs(other_user.directory, exist_ok=True)
    (other_user.directory / "res.partner.json").write_bytes(path.read_bytes())  # copied across users
    assert other_user.fields("res.partner", FIELD_ATTRIBUTES) is None
    entry = json.loads(path.read_bytes())
    path.write_text(json.dumps({**entry, "format": FORMAT + 1}))
    assert entries.fields("res.partner", FIELD_ATTRIBUTES) is None
    path.write_text("{not json")
    assert entries.fields("res.partner", FIELD_ATTRIBUTES) is None


def test_a_cache_that_cannot_be_written_is_only_a_miss(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    entries = MetadataCache(blocker).store("http://odoo.test", "db", 2, None)  # a directory under a file
    entries.save_fields("res.partner", FIELD_ATTRIBUTES, {"name": {}})
    assert entries.fields("res.partner", FIELD_ATTRIBUTES) is None
    assert MetadataCache(blocker).secret_key() is None


def test_passwords_are_never_remembered_on_disk_and_keys_only_as_an_hmac(tmp_path: Path) -> None:
    cache = MetadataCache(tmp_path)
    password = logins.LoginKey("http://odoo.test", "db", "admin", "password", "a-password-123")
    key = logins.LoginKey("http://odoo.test", "db", None, "api_key", "0123456789abcdef0123456789abcdef")
    for login in (password, key):
        logins.remember(login, logins.RememberedLogin(2, "jsonrpc"), cache)
    names = [p.stem for p in (tmp_path / "logins").glob("*.json")]
    assert names == [key.digest(cache.secret_key())] and names[0] != key.digest()
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"a-password-123" not in path.read_bytes() and key.secret.encode() not in path.read_bytes()
    assert "0123456789abcdef" not in repr(key) and "a-password-123" not in repr(password)
    logins.forget_logins()  # a new process: the key's login comes back from the disk, the password's does not
    assert logins.remembered(key, cache) == logins.RememberedLogin(2, "jsonrpc")
    assert logins.remembered(password, cache) is None
    logins.forget(key, cache)
    logins.forget_logins()
    assert logins.remembered(key, cache) is None and not list((tmp_path / "logins").glob("*.json"))


def test_where_the_cache_is_taken_from(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = {"url": "http://odoo.test", "db": "db", "username": "admin", "password": "x", "api_key": None}
    assert Settings.resolve(**base, environ={}).metadata_cache is None
    assert Settings.resolve(**base, environ={"ODOORM_METADATA_CACHE": str(tmp_path)}).metadata_cache == MetadataCache(
        tmp_path
    )
    assert (
        Settings.resolve(**base, environ={"ODOORM_METADATA_CACHE": str(tmp_path)}, metadata_cache=False).metadata_cache
        is None
    )
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_directory() == tmp_path / "odoorm" / "metadata"
    assert Settings.resolve(**base, environ={}, metadata_cache=True).metadata_cache == MetadataCache(
        tmp_path / "odoorm" / "metadata"
    )
    chosen = MetadataCache(tmp_path, max_age=5)
    assert Settings.resolve(**base, environ={}, metadata_cache=chosen).metadata_cache is chosen
    with pytest.raises(odoorm.ConfigurationError, match="metadata_cache"):
        Settings.resolve(**base, environ={}, metadata_cache=3)
    with pytest.raises(odoorm.ConfigurationError, match="max_age"):
        MetadataCache(tmp_path, max_age=0)
