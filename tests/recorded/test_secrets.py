"""No password, API key or session id in logs, reprs, exceptions or cassettes."""

from __future__ import annotations

import json
import logging
import pickle
import re
import xmlrpc.client
from pathlib import Path
from typing import Any

import pytest
from conftest import cassette_files

import odoorm
from odoorm.client.settings import Secret, Settings
from odoorm.demo import RECORDING
from odoorm.testing import API_KEY_PLACEHOLDER, PASSWORD_PLACEHOLDER, Scrubber
from odoorm.testing.body_store import restore_bodies
from odoorm.testing.scrub import SESSION_PLACEHOLDER

CASSETTE_FILES = [*cassette_files(), RECORDING]
FAKE_SECRETS = {
    PASSWORD_PLACEHOLDER,
    API_KEY_PLACEHOLDER,
    "<ODOO_DEMO_PASSWORD>",
    "<ODOO_DEMO_API_KEY>",
    "not-the-password",
    "not-a-valid-key",
    API_KEY_PLACEHOLDER + "-wrong",
}
#: A session id or CSRF token given a value, in a JSON answer or an HTML page's script.
SESSION_TOKEN = re.compile(r"""(?:session_id|session_token|csrf_token)\\?["']?\s*[:=]\s*\\?["']([^"'\\\s]+)""")


def test_no_secret_in_logs_reprs_or_errors(
    cassette: Any, testbed: Any, protocol: str, caplog: pytest.LogCaptureFixture
) -> None:
    # the API key (it replaces the password on XML-RPC and JSON-RPC) is long enough to
    # search for: the demo password "admin" is also the login, so it would be found anyway
    secret = testbed.api_key
    caplog.set_level(logging.DEBUG)
    env = testbed.connect(protocol, password=None, api_key=secret)
    with pytest.raises(odoorm.MissingError if protocol != "xmlrpc" else odoorm.UserError) as missing:
        env.execute_kw("res.partner", "unlink", [[999999]])
    with pytest.raises(odoorm.AuthenticationError) as refused:
        testbed.connect(protocol, password=None, api_key=secret + "-wrong")
    log = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("vcr"))
    assert "res.partner.unlink" in log  # one DEBUG line per call
    texts = [log, repr(env), repr(env._info), repr(env._transport.login), repr(env._transport)]
    texts += [str(missing.value), repr(missing.value), str(refused.value), repr(refused.value)]
    for text in texts:
        assert secret not in text
    assert testbed.url in str(refused.value) and repr(testbed.db) in str(refused.value)


def test_settings_and_secrets_refuse_to_leak() -> None:
    settings = Settings.resolve(
        url="https://x.example", db="d", username="u", password="hunter2-long", api_key=None, environ={}
    )
    assert "hunter2-long" not in repr(settings) and "hunter2-long" not in str(settings.secret)
    with pytest.raises(TypeError, match="pickle"):
        pickle.dumps(settings)
    assert Secret("k", "api_key").reveal() == "k"


@pytest.mark.parametrize("path", CASSETTE_FILES, ids=lambda p: "/".join(p.parts[-3:]))
def test_cassettes_hold_no_secret(path: Path) -> None:
    for interaction in restore_bodies(json.loads(path.read_text("utf-8")), path.parent)["interactions"]:
        request, response = interaction["request"], interaction["response"]
        assert not {"cookie", "set-cookie"} & {h.lower() for h in [*request["headers"], *response["headers"]]}
        for value in request["headers"].get("Authorization", []):
            assert value.split(" ", 1)[1] in FAKE_SECRETS
        slot = _secret_slot(request["uri"], request["body"])
        assert slot is None or slot in FAKE_SECRETS, f"{path.name}: a real secret in a request body"
        body = response["body"].get("string") if isinstance(response["body"], dict) else None
        tokens = set(SESSION_TOKEN.findall(body)) if isinstance(body, str) else set()
        assert tokens <= {SESSION_PLACEHOLDER}, f"{path.name}: a session id or token in an answer"


def test_recording_scrubs_the_live_secrets(testbed: Any) -> None:
    if not testbed.recording:
        pytest.skip("the live secrets are known only when recording")
    long_secrets = [s for s in (testbed.api_key,) if len(s) >= 12]
    for path in CASSETTE_FILES:
        text = path.read_text("utf-8")
        assert not any(secret in text for secret in long_secrets), path.name


def test_scrubber_replaces_the_password_slot_only() -> None:
    from odoorm.transport.jsoncodec import encode
    from odoorm.transport.xmlrpc import dumps

    scrubber = Scrubber({"admin": PASSWORD_PLACEHOLDER, "k" * 40: API_KEY_PLACEHOLDER})
    xml = scrubber.request_body("/xmlrpc/2/common", dumps("authenticate", ["db", "admin", "admin", {}]))
    assert xmlrpc.client.loads(xml or b"")[0] == ("db", "admin", PASSWORD_PLACEHOLDER, {})
    body = {"params": {"service": "object", "method": "execute_kw", "args": ["db", 2, "admin", "m", "x", [], {}]}}
    scrubbed = json.loads(scrubber.request_body("/jsonrpc", encode(body)) or b"")
    assert scrubbed["params"]["args"][:3] == ["db", 2, PASSWORD_PLACEHOLDER]
    assert scrubber.header("Authorization", "bearer " + "k" * 40) == f"bearer {API_KEY_PLACEHOLDER}"
    assert scrubber.header("Set-Cookie", "session_id=abc") is None
    assert scrubber.response_body(b'{"echo": "' + b"k" * 40 + b'"}') == b'{"echo": "<ODOO_API_KEY>"}'
    login = {"jsonrpc": "2.0", "method": "call", "params": {"db": "db", "login": "admin", "password": "admin"}}
    for password, placeholder in (("admin", PASSWORD_PLACEHOLDER), ("unknown", PASSWORD_PLACEHOLDER)):
        body = encode({**login, "params": {**login["params"], "password": password}})
        scrubbed = json.loads(scrubber.request_body("/web/session/authenticate", body) or b"")
        assert scrubbed["params"] == {"db": "db", "login": "admin", "password": placeholder}
    page = b'{"session_id": "abc123", "csrf_token": null} var odoo = {csrf_token: "81c5d4o1826"};'
    scrubbed_page = b'{"session_id": "<SESSION_TOKEN>", "csrf_token": null} var odoo = {csrf_token: "<SESSION_TOKEN>"};'
    assert scrubber.response_body(page) == scrubbed_page


def _secret_slot(uri: str, body: str | None) -> str | None:
    """The password argument of an RPC request body, if it has one."""
    if not body:
        return None
    if "/xmlrpc/" in uri:
        params, method = xmlrpc.client.loads(body.encode())
        args = list(params)
    elif uri.endswith("/jsonrpc"):
        call = json.loads(body)["params"]
        method, args = call.get("method"), call.get("args", [])
    elif uri.endswith("/web/session/authenticate"):
        return str(json.loads(body)["params"]["password"])
    else:
        return None
    return str(args[2]) if method in {"authenticate", "execute_kw", "execute", "login"} and len(args) > 2 else None
