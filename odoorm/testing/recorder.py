"""A vcrpy recorder set up the way odoorm's tests record a real server.

Cassettes are JSON, matched on method, path and body (bodies compared
parsed, so a changed request fails instead of replaying silently), each
recorded interaction played once, and secrets scrubbed as they are
written. Needs ``vcrpy`` (``pip install odoorm[test]``).
"""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import urlsplit

import vcr

from . import binary_json
from .scrub import Scrubber

__all__ = ["make_recorder"]


def make_recorder(
    scrubber: Scrubber, *, recording: bool, cassette_dir: str, ignore_hosts: tuple[str, ...] = ()
) -> vcr.VCR:
    """A ``vcr.VCR``: record mode ``all`` when *recording*, else ``none`` (replay only).
    Requests to *ignore_hosts* (e.g. a local stand-in server) go out and are never recorded."""

    def before_request(request: Any) -> Any:
        request = copy.deepcopy(request)  # the live request must go out unchanged
        request.body = scrubber.request_body(urlsplit(request.uri).path, request.body)
        request.headers = scrubber.headers(dict(request.headers))
        return request

    def before_response(response: dict[str, Any]) -> dict[str, Any]:
        response["headers"] = scrubber.headers(response["headers"])
        body = response["body"].get("string")
        if isinstance(body, bytes | str):
            raw = body.encode() if isinstance(body, str) else body
            response["body"]["string"] = scrubber.response_body(raw)
        return response

    recorder = vcr.VCR(
        cassette_library_dir=cassette_dir,
        serializer="json",
        record_mode="all" if recording else "none",
        match_on=("method", "path", "body"),
        before_record_request=before_request,
        before_record_response=before_response,
        decode_compressed_response=True,
        ignore_hosts=ignore_hosts,
    )
    recorder.register_serializer("json", binary_json)  # a PDF report is a binary body
    return recorder
