"""Offline checks of the pieces under the transports: settings, versions, wire values, JSON-2 names."""

from __future__ import annotations

import datetime as dt
import enum
import xmlrpc.client
from typing import Any

import pytest

import odoorm
from odoorm.client.settings import Secret, Settings
from odoorm.meta.versions import ServerVersion
from odoorm.transport.faults import CallInfo, from_json_error, from_xmlrpc_fault
from odoorm.transport.http import HttpChannel
from odoorm.transport.json2 import JsonTwoTransport
from odoorm.transport.methods import builtin_signature, is_read_only
from odoorm.transport.wire import to_wire
from odoorm.transport.xmlrpc import dumps

# ------------------------------------------------------------------ public surface


def test_public_api_is_pinned() -> None:
    assert sorted(odoorm.__all__) == sorted(
        [
            "__version__",
            "connect",
            "connect_demo",
            "server_version",
            "check_connection",
            "CheckReport",
            "Environment",
            "ServerVersion",
            "OdooError",
            "ServerError",
            "UserError",
            "AccessDenied",
            "AuthenticationError",
            "AccessError",
            "MissingError",
            "LockError",
            "ValidationError",
            "RedirectWarning",
            "ConcurrencyError",
            "TransportError",
            "ConnectionFailed",
            "RequestTimeout",
            "ConnectionLost",
            "HTTPError",
            "ProtocolError",
            "ClientError",
            "ConfigurationError",
            "ReadOnlyError",
            "ClosedError",
            "MarshalError",
            "SignatureError",
            "UnknownModelError",
            "UnknownMethodError",
            "NotOverRpcError",
            "UnknownFieldError",
            "FieldValueError",
            "RecordError",
            "ReadOnlyFieldError",
            "FlushError",
            "DomainError",
            "LoginMismatchError",
            "UnknownDatabaseError",
            "Domain",
            "F",
            "Model",
            "Command",
            "PendingChange",
            "MetadataCache",
            "Form",
            "Action",
            "FormError",
            "FieldNotEditableError",
            "RequiredFieldsError",
            "UnknownButtonError",
            "ExpressionError",
        ]
    )
    assert all(hasattr(odoorm, name) for name in odoorm.__all__)


def test_every_error_is_an_odoo_error_and_a_natural_builtin() -> None:
    assert issubclass(odoorm.MissingError, LookupError) and issubclass(odoorm.AccessError, PermissionError)
    assert issubclass(odoorm.RequestTimeout, TimeoutError) and issubclass(odoorm.ConnectionFailed, ConnectionError)
    assert issubclass(odoorm.MarshalError, TypeError) and issubclass(odoorm.ConfigurationError, ValueError)
    for name in odoorm.__all__:
        value = getattr(odoorm, name)
        if isinstance(value, type) and issubclass(value, Exception):
            assert issubclass(value, odoorm.OdooError), name


# ------------------------------------------------------------------ settings


def test_settings_come_from_the_environment() -> None:
    environ = {
        "ODOO_URL": "https://erp.example.com/",
        "ODOO_DB": "prod",
        "ODOO_USERNAME": "bot",
        "ODOO_API_KEY": "k" * 40,
    }
    settings = Settings.resolve(url=None, db=None, username=None, password=None, api_key=None, environ=environ)
    assert (settings.url, settings.db, settings.username) == ("https://erp.example.com", "prod", "bot")
    assert settings.api_key == "k" * 40 and settings.secret.kind == "api_key"
    explicit = Settings.resolve(
        url="erp.example.com:8069", db="other", username="me", password="pw", api_key=None, environ=environ
    )
    assert (explicit.url, explicit.db, explicit.secret.kind) == ("http://erp.example.com:8069", "other", "password")


def test_a_password_beside_an_api_key_is_kept_for_web_sessions_only() -> None:
    both = {"ODOO_URL": "http://x", "ODOO_USERNAME": "u", "ODOO_API_KEY": "k" * 40, "ODOO_PASSWORD": "pw"}
    for settings in (
        Settings.resolve(url=None, db=None, username=None, password=None, api_key=None, environ=both),
        Settings.resolve(url="http://x", db=None, username="u", password="pw", api_key="k" * 40, environ={}),
    ):
        assert settings.secret == Secret("k" * 40, "api_key") and settings.api_key == "k" * 40  # RPC uses the key
        assert settings.password == Secret("pw", "password") and "pw'" not in repr(settings)
    explicit = Settings.resolve(url=None, db=None, username=None, password=None, api_key="k2", environ=both)
    assert explicit.api_key == "k2" and explicit.password is None  # arguments win as a pair
    key_only = Settings.resolve(url="http://x", db=None, username=None, password=None, api_key="k", environ={})
    alone = Settings.resolve(url="http://x", db=None, username="u", password="pw", api_key=None, environ={})
    assert key_only.password is None and alone.password == alone.secret == Secret("pw", "password")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "no server URL"),
        ({"url": "ftp://x"}, "not an http"),
        ({"url": "http://u:p@x"}, "not in the URL"),
        ({"url": "http://x", "username": "u"}, "no secret"),
        ({"url": "http://x", "password": "p", "api_key": "k"}, "no login.*a password needs one"),
        ({"url": "http://x", "password": "p"}, "no login"),
        ({"url": "http://x", "username": "u", "password": "p", "protocol": "json2"}, "needs an API key"),
        ({"url": "http://x", "username": "u", "password": "p", "protocol": "soap"}, "unknown protocol"),
    ],
)
def test_bad_settings_are_refused_clearly(kwargs: dict[str, Any], message: str) -> None:
    base = {"url": None, "db": None, "username": None, "password": None, "api_key": None}
    protocol = kwargs.pop("protocol", "auto")
    with pytest.raises(odoorm.ConfigurationError, match=message):
        Settings.resolve(**{**base, **kwargs}, protocol=protocol, environ={})


# ------------------------------------------------------------------ versions


def test_server_version_compares_by_major_minor() -> None:
    v19 = ServerVersion.from_answer(
        {
            "server_version": "19.0",
            "server_version_info": [19, 0, 0, "final", 0, ""],
            "server_serie": "19.0",
            "protocol_version": 1,
        }
    )
    saas = ServerVersion.from_answer({"version": "saas~18.3", "version_info": ["saas~18", 3, 0, "final", 0, ""]})
    assert v19.info == (19, 0) and saas.info == (18, 3)
    assert saas < v19 and v19 >= (19, 0) and v19 == (19,) and saas < (18, 4) and saas > (18, 2)
    assert str(v19) == "19.0" and v19.protocol_version == 1


# ------------------------------------------------------------------ wire values


class Colour(enum.IntEnum):
    RED = 4


def test_to_wire_makes_plain_values() -> None:
    value = {
        "when": dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        "day": dt.date(2026, 1, 2),
        "blob": b"\x00\x01",
        "code": Colour.RED,
        "tags": {3},
        "pair": (1, 2),
        7: "int key",
    }
    assert to_wire(value) == {
        "when": "2026-01-02 01:04:05",
        "day": "2026-01-02",
        "blob": "AAE=",
        "code": 4,
        "tags": [3],
        "pair": [1, 2],
        "7": "int key",
    }
    assert type(to_wire(Colour.RED)) is int


@pytest.mark.parametrize("bad", [float("nan"), object(), {(1, 2): "tuple key"}])
def test_to_wire_refuses_what_odoo_cannot_receive(bad: Any) -> None:
    with pytest.raises(odoorm.MarshalError):
        to_wire({"field": bad})


def test_xmlrpc_marshalling_follows_odoos_parser() -> None:
    params, _ = xmlrpc.client.loads(dumps("m", [None, 2**40, -(2**31), Colour.RED]))
    assert params == (None, 2**40, -(2**31), 4)
    assert b"<i8>1099511627776</i8>" in dumps("m", [2**40])
    with pytest.raises(odoorm.MarshalError, match="too large"):
        dumps("m", [2**63])
    with pytest.raises(odoorm.MarshalError, match="control character"):
        dumps("m", [{"name": "bell\x07"}])


# ------------------------------------------------------------------ faults


def test_xmlrpc_faults_map_to_classes() -> None:
    info = CallInfo("res.partner", "write")
    assert type(from_xmlrpc_fault(4, "nope", info)) is odoorm.AccessError
    assert type(from_xmlrpc_fault(3, "Access Denied", info)) is odoorm.AuthenticationError
    assert type(from_xmlrpc_fault(2, "Contacts require a name", info)) is odoorm.UserError
    trace = 'Traceback (most recent call last):\n  File "x", line 1\nodoo.exceptions.LockError: busy\nretry later'
    error = from_xmlrpc_fault(1, trace, info)
    assert type(error) is odoorm.LockError and error.message == "busy\nretry later" and error.traceback == trace


def test_json_faults_keep_unknown_classes_as_server_errors() -> None:
    error = from_json_error(
        {"name": "psycopg2.errors.SerializationFailure", "message": "conflict", "debug": "tb"}, CallInfo("m", "write")
    )
    assert type(error) is odoorm.ServerError and error.server_class == "psycopg2.errors.SerializationFailure"
    assert str(error) == "m.write: conflict"


# ------------------------------------------------------------------ JSON-2 argument names


@pytest.fixture
def json2() -> JsonTwoTransport:
    transport = JsonTwoTransport(HttpChannel("http://127.0.0.1:9", timeout=1))
    transport.server_version = (19, 0)
    return transport


def test_json2_names_positional_arguments(json2: JsonTwoTransport) -> None:
    name = json2.named_arguments
    assert name("res.partner", "search", [[("a", "=", 1)], 5, 10, "id"], {}) == {
        "domain": [("a", "=", 1)],
        "offset": 5,
        "limit": 10,
        "order": "id",
    }
    assert name("res.partner", "read", [[1, 2], ["name"]], {"load": None}) == {
        "ids": [1, 2],
        "fields": ["name"],
        "load": None,
    }
    assert name("res.partner", "write", [[1], {"name": "x"}], {}) == {"ids": [1], "vals": {"name": "x"}}
    # ids are never guessed from a positional argument: a recordset's method call names them itself
    assert name("res.partner", "action_confirm", [], {}, ids=[4]) == {"ids": [4]}
    assert name("res.partner", "write", [{"name": "x"}], {}, ids=[1]) == {"ids": [1], "vals": {"name": "x"}}
    assert name("res.partner", "anything", [], {"x": 1}) == {"x": 1}


def test_json2_never_drops_an_argument(json2: JsonTwoTransport) -> None:
    with pytest.raises(odoorm.SignatureError, match="at most 4 positional"):
        json2.named_arguments("res.partner", "search", [[], 0, 1, "id", "extra"], {})
    with pytest.raises(odoorm.SignatureError, match="'limit' given both"):
        json2.named_arguments("res.partner", "search", [[], 0, 1], {"limit": 3})


def test_method_table() -> None:
    assert is_read_only("search_read") and not is_read_only("write") and not is_read_only("action_confirm")
    signature = builtin_signature("read", (19, 0))
    assert signature is not None and signature.params == ("fields", "load") and not signature.model_method


# ------------------------------------------------------------------ fields, offline


def _field(kind: str, **spec: Any) -> Any:
    from odoorm.meta.spec import FieldSpec
    from odoorm.orm.fields import field_class

    return field_class(kind)(FieldSpec(name="f", type=kind, **spec), "x.model")


def test_field_registry_has_a_fallback_for_unknown_types() -> None:
    from odoorm.orm.fields import Char, Field, field_class

    assert field_class("char") is Char and field_class("some_future_type") is Field
    assert _field("some_future_type").convert_to_cache(False, None) is None


def test_scalar_conversions() -> None:
    assert _field("date").convert_to_cache("2026-11-23", None) == dt.date(2026, 11, 23)
    stamp = _field("datetime").convert_to_cache("2026-11-23 10:00:00", None)
    assert stamp == dt.datetime(2026, 11, 23, 10, tzinfo=dt.timezone.utc)
    assert _field("datetime").convert_to_write(dt.datetime(2026, 1, 1, 12), None) == "2026-01-01 12:00:00"
    assert _field("binary").convert_to_cache("AAE=", None) == b"\x00\x01"
    assert _field("binary").convert_to_cache("12.5 Kb", None) == b"12.5 Kb"  # bin_size answers a size
    assert (
        _field("boolean").convert_to_cache(False, None) is False
        and _field("char").convert_to_cache(False, None) is None
    )
    with pytest.raises(odoorm.FieldValueError, match=r"x.model.f \(selection\) expects one of 'a', 'b'"):
        _field("selection", selection=(("a", "A"), ("b", "B"))).convert_to_write("c", None)
    with pytest.raises(odoorm.FieldValueError, match="a datetime.date"):
        _field("date").convert_to_write(dt.datetime(2026, 1, 1), None)
    with pytest.raises(odoorm.FieldValueError, match="a number"):
        _field("float").convert_to_write("1.5", None)


def test_relational_write_formats() -> None:
    from odoorm.orm.commands import is_command_list

    m2m = _field("many2many", relation="res.partner.category")
    assert m2m.convert_to_write([1, 2], None) == [(6, 0, [1, 2])]
    assert m2m.convert_to_write([(4, 7, 0), (3, 8, 0)], None) == [(4, 7, 0), (3, 8, 0)]
    assert m2m.convert_to_write(None, None) == [(5, 0, 0)] and m2m.convert_to_write([], None) == [(5, 0, 0)]
    assert is_command_list([(0, 0, {"name": "x"})]) and not is_command_list([1, 2]) and not is_command_list([])
    reference = _field("reference")
    assert reference.convert_to_cache("res.partner,7", None) == ("res.partner", 7)
    assert reference.convert_to_cache(False, None) is None and reference.convert_to_write("res.partner,7", None)
    with pytest.raises(odoorm.FieldValueError):
        _field("many2one", relation="res.country").convert_to_write("BE", None)


# ------------------------------------------------------------------ unit of work, offline


def test_flush_groups_identical_values_and_keeps_what_failed() -> None:
    from odoorm.orm.unit_of_work import UnitOfWork

    uow, sent = UnitOfWork(), []
    for record_id, title in [(1, "A"), (2, "B"), (3, "A"), (4, "C")]:
        uow.stage("res.partner", {"lang": "en_US"}, [record_id], "function", title, append=False)
    uow.stage("res.partner", {}, [5], "function", "A", append=False)  # another context: another batch

    def send(model: str, method: str, args: Any, context: Any) -> None:
        sent.append((method, args[0], args[1], dict(context)))
        if args[1] == {"function": "B"}:
            raise odoorm.ValidationError("refused", server_class="odoo.exceptions.ValidationError")

    with pytest.raises(odoorm.FlushError) as refused:
        uow.flush(send, save_multi=False)
    assert refused.value.ids == (2,) and refused.value.fields == ("function",)
    assert sent == [
        ("write", [1, 3], {"function": "A"}, {"lang": "en_US"}),
        ("write", [2], {"function": "B"}, {"lang": "en_US"}),
    ]
    assert [(c.ids, c.values) for c in uow.pending()] == [
        ((2,), {"function": "B"}),
        ((4,), {"function": "C"}),
        ((5,), {"function": "A"}),
    ]
    sent.clear()
    uow.stage("res.partner", {"lang": "en_US"}, [2], "function", "C", append=False)
    assert uow.flush(send, save_multi=False) == 2  # 1 and 3 are not sent again
    assert sent == [("write", [2, 4], {"function": "C"}, {"lang": "en_US"}), ("write", [5], {"function": "A"}, {})]
    assert not uow


def test_commands_accumulate_and_apply() -> None:
    from odoorm.orm.commands import Command, apply_commands, is_command
    from odoorm.orm.unit_of_work import UnitOfWork

    uow = UnitOfWork()
    uow.stage("res.partner", {}, [1], "category_id", [(4, 7, 0)], append=True)
    uow.stage("res.partner", {}, [1], "category_id", [(3, 8, 0)], append=True)
    assert uow.pending()[0].values == {"category_id": [(4, 7, 0), (3, 8, 0)]}
    assert apply_commands((8, 9), [(4, 7, 0), (3, 8, 0)]) == (9, 7)
    assert apply_commands((8,), [Command.clear(), Command.link(2)]) == (2,)
    assert apply_commands((8,), [Command.create({"name": "x"})]) is None
    assert is_command(Command.set([1])) and is_command((5,)) and not is_command((1, 2, 3)) and not is_command([7])
    assert is_command((4, 7)) and is_command((3, 7)) and is_command((2, 7))  # Odoo's documented short forms
    assert not is_command((0, {"name": "x"})) and not is_command((1, 7)) and not is_command((6, [1]))
    assert apply_commands((8, 9), [(4, 7), (3, 8)]) == (9, 7)
    assert to_wire(Command.link(3)) == [4, 3, 0] and type(to_wire(Command.link(3))[0]) is int
