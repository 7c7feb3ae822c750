"""A vcrpy recorder set up the way odoorm's tests record a real server.

Cassettes are JSON, matched on method, path and body (bodies compared
parsed, so a changed request fails instead of replaying silently), each
recorded interaction played once, and secrets scrubbed as they are
written. Needs ``vcrpy`` (``pip install odoorm[test]``).

vcrpy logs what it records and replays (whole answers with their
``Set-Cookie`` headers, at INFO and DEBUG) before the scrubber sees it, so
while one of these recorders' cassettes is in use the ``vcr`` loggers are
silenced; they are as they were before once no such cassette is in use.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import json
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import vcr
import vcr.serialize
from vcr.persisters.filesystem import CassetteNotFoundError

from . import binary_json, body_store
from .body_store import BodyStore, restore_bodies
from .scrub import Scrubber

__all__ = ["make_recorder"]


def make_recorder(
    scrubber: Scrubber,
    *,
    recording: bool,
    cassette_dir: str,
    ignore_hosts: tuple[str, ...] = (),
    body_store: BodyStore | None = None,
) -> vcr.VCR:
    """A ``vcr.VCR``: record mode ``all`` when *recording*, else ``none`` (replay only).
    Requests to *ignore_hosts* (e.g. a local stand-in server) go out and are never recorded.
    With a *body_store*, big answers are written once into it and cassettes refer to them
    (see :mod:`~odoorm.testing.body_store`); cassettes holding such references read either way."""

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

    recorder = _QuietVCR(
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
    recorder.register_persister(_Persister(body_store))
    return recorder


class _Persister:
    """vcrpy's file persister, reading and writing answers kept in a body store."""

    def __init__(self, store: BodyStore | None) -> None:
        self._store = store

    def load_cassette(self, cassette_path: Any, serializer: Any) -> Any:
        path = Path(cassette_path)
        if not path.is_file() or not path.read_text("utf-8").strip():
            raise CassetteNotFoundError()
        data = restore_bodies(json.loads(path.read_text("utf-8")), path.parent)
        return vcr.serialize.deserialize(json.dumps(data), serializer)

    def save_cassette(self, cassette_path: Any, cassette_dict: Any, serializer: Any) -> None:
        path = Path(cassette_path)
        text = vcr.serialize.serialize(cassette_dict, serializer)
        path.parent.mkdir(parents=True, exist_ok=True)
        if self._store is not None:
            text = body_store.dumps(self._store.stash(json.loads(text), path.parent))
        path.write_text(text, "utf-8")


class _VcrLogsOff:
    """Silences the ``vcr`` loggers while anyone holds it (it nests, across threads too).

    Raising the level of ``vcr`` silences every ``vcr.*`` logger that sets no level of its own,
    including those created later; the ones that do set one are raised too. Levels are put back
    when the last holder leaves."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holders = 0
        self._saved: dict[str, int] = {}

    def __enter__(self) -> None:
        with self._lock:
            self._holders += 1
            if self._holders == 1:
                for logger in _vcr_loggers():
                    self._saved[logger.name] = logger.level
                    logger.setLevel(logging.CRITICAL + 1)

    def __exit__(self, *exc_info: object) -> None:
        with self._lock:
            self._holders -= 1
            if self._holders == 0:
                for name, level in self._saved.items():
                    logging.getLogger(name).setLevel(level)
                self._saved.clear()


def _vcr_loggers() -> list[logging.Logger]:
    """``vcr`` and the ``vcr.*`` loggers that set a level of their own."""
    names = [name for name in list(logging.root.manager.loggerDict) if name.startswith("vcr.")]
    own_level = [logger for logger in map(logging.getLogger, names) if logger.level != logging.NOTSET]
    return [logging.getLogger("vcr"), *own_level]


_VCR_LOGS_OFF = _VcrLogsOff()


class _QuietVCR(vcr.VCR):  # type: ignore[misc]  # vcrpy has no type hints
    """A ``vcr.VCR`` whose cassettes (context managers or decorators) keep vcrpy's loggers silent."""

    def use_cassette(self, path: Any = None, **kwargs: Any) -> Any:
        used = super().use_cassette(path, **kwargs)
        if path is not None and not isinstance(path, str | os.PathLike):
            return _quiet(used)  # @recorder.use_cassette without arguments: *used* is the decorated function
        return _QuietCassette(used)


class _QuietCassette:
    """vcrpy's cassette context, used with ``with`` or as a decorator, with vcrpy's loggers silent."""

    def __init__(self, context: Any) -> None:
        self._context = context
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> Any:
        with contextlib.ExitStack() as stack:
            stack.enter_context(_VCR_LOGS_OFF)
            cassette = self._context.__enter__()
            self._stack = stack.pop_all()
        return cassette

    def __exit__(self, *exc_info: Any) -> Any:
        with self._stack:  # the cassette is saved (and may log) before the loggers come back
            return self._context.__exit__(*exc_info)

    def __call__(self, function: Callable[..., Any]) -> Callable[..., Any]:
        return _quiet(self._context(function))


def _quiet(function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def quiet(*args: Any, **kwargs: Any) -> Any:
        with _VCR_LOGS_OFF:
            return function(*args, **kwargs)

    return quiet
