"""env.report(): reports downloaded through a web session.

Recorded on Odoo 19 (its demo sale orders); Odoo 18 runs docs/reports.md. The
web session's cookie handling and error pages are also tested offline, on a
scripted HTTP adapter, where the cookies can be seen (cassettes drop them).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import conftest
import pytest
import requests
from requests.structures import CaseInsensitiveDict

import odoorm
from odoorm.client.reports import Printer
from odoorm.client.settings import Secret
from odoorm.transport import HttpChannel
from odoorm.transport.websession import WebSession, page_message

REPORT = "sale.report_saleorder"
UBL_ID = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}ID"


@pytest.fixture
def web_env(cassette: Any, testbed: conftest.TestBed) -> Iterator[odoorm.Environment]:
    """A password connection over JSON-RPC (reports need the password)."""
    environment = testbed.connect("jsonrpc")
    yield environment
    environment._close_printer()
    environment.close()


def first_orders(env: odoorm.Environment, count: int) -> odoorm.Model:
    return env["sale.order"].search([], limit=count, order="id")


# ------------------------------------------------------------------ reading a PDF


def pdf_pages(pdf: bytes) -> int:
    """How many page objects the PDF holds."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


def embedded_order_id(pdf: bytes) -> str | None:
    """The order number of the UBL order document Odoo 19 embeds in a sale order's PDF.

    wkhtmltopdf draws Odoo's web fonts as paths, so the page text cannot be searched;
    the embedded XML names the record the PDF was made of.
    """
    match = re.search(rb"/Type\s*/EmbeddedFile(?P<dict>.*?)/Length\s+(?P<length>\d+)\s*>>\s*stream\r?\n", pdf, re.S)
    if match is None:
        return None
    data = pdf[match.end() : match.end() + int(match["length"])]
    if b"FlateDecode" in match["dict"]:
        data = zlib.decompress(data)
    return ET.fromstring(data).findtext(UBL_ID)


# ------------------------------------------------------------------ the server


def test_a_pdf_of_the_right_record_and_the_session_kept(web_env: odoorm.Environment) -> None:
    first, second = first_orders(web_env, 2)
    with web_env.count_calls() as calls:
        pdf = web_env.report(REPORT, first)
    assert calls.keys == ["ir.actions.report.search_read", "/web/session/authenticate", f"/report/pdf/{REPORT}"]
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF") and pdf_pages(pdf) >= 1
    with web_env.count_calls() as calls:
        other = web_env.report(REPORT, second.id)  # ids do as well
    assert calls.keys == [f"/report/pdf/{REPORT}"]  # the session and the report's model are known
    if web_env.version >= (19, 0):  # Odoo 19 embeds the order (UBL) in its PDF: the record can be named
        assert embedded_order_id(pdf) == first.name and embedded_order_id(other) == second.name != first.name
        assert pdf_pages(pdf) == 1
    else:  # no embedded document before 19 (and the text is drawn as paths): two orders, two documents
        assert embedded_order_id(pdf) is None and other.startswith(b"%PDF-") and other != pdf


def test_two_orders_in_one_document(web_env: odoorm.Environment) -> None:
    orders = first_orders(web_env, 2)
    page = web_env.report(REPORT, orders, converter="html").decode()
    assert all(name in page for name in orders.mapped("name")) and page.lstrip().startswith("<!DOCTYPE html>")
    text = web_env.report(REPORT, orders, converter="text").decode()
    assert all(name in text for name in orders.mapped("name"))


def test_several_records_in_one_pdf_need_a_patched_wkhtmltopdf(web_env: odoorm.Environment) -> None:
    # The recorded servers run Debian's wkhtmltopdf, built on an unpatched Qt: Odoo 19 refuses to
    # merge several documents with it, and says so on its error page (HTTP 422); Odoo 18 and before
    # fail inside (an empty PDF given to PyPDF2) and answer a bare HTTP 500.
    orders = first_orders(web_env, 2)
    if web_env.version < (19, 0):
        with pytest.raises(odoorm.ServerError, match=r"HTTP 500; the server hides the cause") as failed:
            web_env.report(REPORT, orders)
        assert type(failed.value) is odoorm.ServerError
        return
    with pytest.raises(odoorm.UserError) as refused:
        web_env.report(REPORT, orders)
    assert type(refused.value) is odoorm.UserError
    assert refused.value.message == "Tried to convert multiple documents in wkhtmltopdf using unpatched QT"


def test_an_api_key_for_calls_and_a_password_for_the_web_session(cassette: Any, testbed: conftest.TestBed) -> None:
    env = odoorm.connect(testbed.url, testbed.db, testbed.username, testbed.password, api_key=testbed.api_key)
    assert env.protocol == ("json2" if testbed.major >= 19 else "jsonrpc") and env._transport.login is not None
    assert env._transport.login.secret.kind == "api_key"
    order = first_orders(env, 1)
    assert order.name in env.report(REPORT, order, converter="html").decode()
    kept = env._printer().web._password
    assert kept is not None and kept.reveal() == testbed.password and "***" in repr(kept)
    env._close_printer()


def test_an_api_key_alone_is_refused_before_any_call(cassette: Any, testbed: conftest.TestBed) -> None:
    env = odoorm.connect(testbed.url, testbed.db, testbed.username, api_key=testbed.api_key)
    with env.count_calls() as calls, pytest.raises(odoorm.ConfigurationError, match="API key") as refused:
        env.report(REPORT, [1])
    assert calls.total == 0 and "password=" in str(refused.value)


def test_an_expired_session_is_opened_again_once(web_env: odoorm.Environment) -> None:
    order = first_orders(web_env, 1)
    assert order.name in web_env.report(REPORT, order, converter="html").decode()
    web = web_env._printer().web
    web._post_json("/web/session/destroy", {})  # the server forgets the session; the client does not know
    with web_env.count_calls() as calls:
        page = web_env.report(REPORT, order, converter="html")
    path = f"/report/html/{REPORT}"
    assert calls.keys == [path, "/web/session/authenticate", path] and order.name in page.decode()


def test_closing_logs_out(web_env: odoorm.Environment) -> None:
    order = first_orders(web_env, 1)
    web_env.report(REPORT, order, converter="text")
    web = web_env._printer().web
    with web_env.count_calls() as calls:
        web_env._close_printer()
    assert calls.keys == ["/web/session/destroy"] and not web.is_open
    with web_env.count_calls() as calls:
        web_env.report(REPORT, order, converter="text")  # a new session, the report's model asked again
    assert calls.keys == ["ir.actions.report.search_read", "/web/session/authenticate", f"/report/text/{REPORT}"]


def test_closing_the_environment_logs_out_of_the_web_session(web_env: odoorm.Environment) -> None:
    web_env.report(REPORT, first_orders(web_env, 1), converter="text")
    web = web_env._printer().web
    assert web.is_open
    with web_env.count_calls() as calls:
        web_env.close()
    assert calls.keys == ["/web/session/destroy"] and not web.is_open


# ------------------------------------------------------------------ refusals


def test_an_unknown_report_is_refused(web_env: odoorm.Environment) -> None:
    with web_env.count_calls() as calls, pytest.raises(odoorm.RecordError, match="'sale.no_such_report'"):
        web_env.report("sale.no_such_report", [1])
    assert calls.keys == ["ir.actions.report.search_read"]


def test_records_of_another_model_are_refused(web_env: odoorm.Environment) -> None:
    user = web_env.user  # the res.users class is built from the server's metadata here
    with web_env.count_calls() as calls, pytest.raises(odoorm.RecordError, match="sale.order records, not res.users"):
        web_env.report(REPORT, user)
    assert calls.keys == ["ir.actions.report.search_read"]  # nothing rendered, no web login


@pytest.mark.parametrize(
    ("records", "converter", "error", "message"),
    [
        ([], "pdf", odoorm.RecordError, "no records"),
        ([1, "2"], "pdf", odoorm.RecordError, "positive integers, not '2'"),
        ([True], "pdf", odoorm.RecordError, "positive integers"),
        ("S00001", "pdf", odoorm.RecordError, "not str"),
        ([1], "docx", odoorm.ConfigurationError, "converter 'docx'.*pdf, html, text"),
    ],
)
def test_bad_arguments_are_refused_before_sending(records: Any, converter: str, error: type, message: str) -> None:
    env = object.__new__(odoorm.Environment)  # never reaches a server
    printer = Printer(WebSession(HttpChannel("http://erp.test", timeout=1), "db", "u", Secret("p")))
    with pytest.raises(error, match=message):
        printer.render(env, REPORT, records, converter=converter, context={})


def test_a_missing_record_is_named(web_env: odoorm.Environment) -> None:
    with web_env.count_calls() as calls, pytest.raises(odoorm.MissingError, match=r"\[999999\]") as missing:
        web_env.report(REPORT, [999999])
    # Odoo 19 hides the cause behind an HTTP 500; one read tells the record is missing
    assert calls.keys == [
        "ir.actions.report.search_read",
        "/web/session/authenticate",
        f"/report/pdf/{REPORT}",
        "sale.order.read",
    ]
    assert isinstance(missing.value.__cause__, odoorm.ServerError) and missing.value.model == "sale.order"


@pytest.mark.odoo(since=17, reason="Odoo 16's demo user may read every sale order (the rights of its demo data)")
def test_an_unreadable_record_gives_the_servers_access_error(cassette: Any, testbed: conftest.TestBed) -> None:
    admin = testbed.connect("jsonrpc")
    admins_order = admin["sale.order"].search([("user_id", "=", admin.uid)], limit=1, order="id")
    demo = testbed.connect_demo_user("jsonrpc")
    with pytest.raises(odoorm.AccessError) as refused:
        demo.report(REPORT, admins_order.ids)
    assert "(sale.order)" in refused.value.message and "'read' access" in refused.value.message
    demo._close_printer()
    demo.close()
    admin.close()


# ------------------------------------------------------------------ offline: cookies and error pages


class ScriptedServer(requests.adapters.BaseAdapter):
    """Answers each request with the next scripted answer for its path; keeps what was sent."""

    def __init__(self, script: dict[str, list[tuple[int, dict[str, str], bytes]]]) -> None:
        super().__init__()
        self.script = script
        self.sent: list[requests.PreparedRequest] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        self.sent.append(request)
        status, headers, body = self.script[urlsplit(request.url or "").path].pop(0)
        response = requests.Response()
        response.status_code, response.url, response.request = status, request.url or "", request
        response.headers = CaseInsensitiveDict(headers)
        response._content = body
        if "Set-Cookie" in headers:  # as requests' own adapter fills response.cookies
            name, _, value = headers["Set-Cookie"].partition(";")[0].partition("=")
            response.cookies.set(name, value, domain="erp.test", path="/")
        return response

    def close(self) -> None:
        pass

    def cookies_sent(self, path: str) -> list[str | None]:
        return [r.headers.get("Cookie") for r in self.sent if urlsplit(r.url or "").path == path]


LOGGED_IN = (
    200,
    {"Content-Type": "application/json", "Set-Cookie": "session_id=s3cr3t-sid; Path=/; HttpOnly"},
    b'{"jsonrpc": "2.0", "id": 1, "result": {"uid": 2, "db": "db"}}',
)
TO_LOGIN = (303, {"Location": "/web/login?redirect=%2Freport"}, b"")
PDF = (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 fake")


def web_session(script: dict[str, list[tuple[int, dict[str, str], bytes]]]) -> tuple[WebSession, ScriptedServer]:
    server = ScriptedServer(script)
    channel = HttpChannel("http://erp.test", timeout=1)  # its session, as a connection's: keeps no cookie
    channel.session.mount("http://", server)
    return WebSession(channel, "db", "admin", Secret("pw"), uid=2), server


def test_the_session_cookie_stays_in_the_web_sessions_jar() -> None:
    destroyed = (200, {"Content-Type": "application/json"}, b'{"jsonrpc": "2.0", "id": 2}')
    web, server = web_session(
        {"/web/session/authenticate": [LOGGED_IN], "/report/pdf/r/1": [PDF], "/web/session/destroy": [destroyed]}
    )
    assert web.get("/report/pdf/r/1", expect="application/pdf", label="web r") == b"%PDF-1.4 fake"
    assert server.cookies_sent("/web/session/authenticate") == [None]
    assert server.cookies_sent("/report/pdf/r/1") == ["session_id=s3cr3t-sid"]
    assert not web.channel.session.cookies  # the RPC transports' session never holds it
    assert "s3cr3t" not in repr(web) and "pw" not in repr(web)
    web.close()
    assert server.cookies_sent("/web/session/destroy") == ["session_id=s3cr3t-sid"] and not web.is_open
    assert web._jar.get("session_id") is None


def test_an_html_page_instead_of_a_pdf_is_a_protocol_error() -> None:
    login_page = (200, {"Content-Type": "text/html; charset=utf-8"}, b"<html><title>Odoo</title>Log in</html>")
    web, _ = web_session({"/web/session/authenticate": [LOGGED_IN], "/report/pdf/r/1": [login_page]})
    with pytest.raises(odoorm.ProtocolError, match="expected application/pdf, the server answered text/html: 'Odoo'"):
        web.get("/report/pdf/r/1", expect="application/pdf", label="web r")


def test_a_login_asked_again_right_after_one_is_refused() -> None:
    web, server = web_session({"/web/session/authenticate": [LOGGED_IN, LOGGED_IN], "/report/pdf/r/1": [TO_LOGIN] * 2})
    with pytest.raises(odoorm.AuthenticationError, match="asks for a login again right after one"):
        web.get("/report/pdf/r/1", expect="application/pdf", label="web r")
    assert len(server.cookies_sent("/web/session/authenticate")) == 2  # re-opened once, not more


def test_a_login_as_another_user_is_refused() -> None:
    other = (200, {"Content-Type": "application/json"}, b'{"jsonrpc": "2.0", "id": 1, "result": {"uid": 7}}')
    web, _ = web_session({"/web/session/authenticate": [other]})
    with pytest.raises(odoorm.ConfigurationError, match="logs in as uid 7, but the connection calls as uid 2"):
        web.get("/report/pdf/r/1", expect="application/pdf", label="web r")


@pytest.mark.parametrize(
    ("status", "page", "error", "message"),
    [
        (
            403,
            b"<html><pre>Sorry, Demo doesn&#39;t have &#39;read&#39; access</pre></html>",
            odoorm.AccessError,
            "Sorry, Demo doesn't have 'read' access",
        ),
        (422, b"<h1>Oops</h1><pre>Tried to convert</pre>", odoorm.UserError, "Tried to convert"),
        (400, b"<pre>Record does not exist</pre>", odoorm.UserError, "Record does not exist"),
        (500, b"<title>Internal Server Error</title>", odoorm.ServerError, "Internal Server Error .HTTP 500"),
        (404, b"<title>404 Not Found</title><h1>Not Found</h1><p>No such page.</p>", odoorm.HTTPError, "No such"),
    ],
)
def test_error_pages_give_typed_errors_with_their_message(status: int, page: bytes, error: type, message: str) -> None:
    answer = (status, {"Content-Type": "text/html; charset=utf-8"}, page)
    web, _ = web_session({"/web/session/authenticate": [LOGGED_IN], "/report/pdf/r/1": [answer]})
    with pytest.raises(error, match=message) as raised:
        web.get("/report/pdf/r/1", expect="application/pdf", label="web r")
    assert type(raised.value) is error


def test_page_message_prefers_odoos_message_to_the_title() -> None:
    page = "<title>Odoo</title><h1>Oops!</h1><p>Look below</p><pre>Not &amp; <b>allowed</b></pre>"
    assert page_message(page) == "Not & allowed" and page_message("<html></html>") == ""
