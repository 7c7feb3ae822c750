"""Connection settings: what :func:`odoorm.connect` was given, completed from the environment.

The secret (password or API key) is held by :class:`Secret`, whose ``repr``
and ``str`` never show it, so a settings object can be printed or logged.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import attrs

from ..errors import ConfigurationError
from ..meta.diskcache import MetadataCache, default_cache_directory
from ..transport.credentials import Secret
from ..transport.retry import DEFAULT_DEADLINE, DEFAULT_TIMEOUT
from .login_errors import refuse_web_client_url

__all__ = ["PROTOCOLS", "Secret", "Settings", "DEFAULT_TIMEOUT", "DEFAULT_DEADLINE", "Timeout"]

#: Names accepted by ``connect(protocol=...)``.
PROTOCOLS = ("auto", "xmlrpc", "jsonrpc", "json2")

Timeout = float | tuple[float, float]


@attrs.frozen
class Settings:
    """Everything needed to open a connection; immutable."""

    url: str
    db: str | None
    username: str | None
    secret: Secret
    protocol: str = "auto"
    timeout: Timeout = DEFAULT_TIMEOUT
    #: Seconds for a whole call, retries included; ``None``: none (see :data:`DEFAULT_DEADLINE`).
    deadline: float | None = attrs.field(default=DEFAULT_DEADLINE, validator=lambda _s, _a, v: _check_deadline(v))
    verify: bool | str = True
    context: Mapping[str, Any] = attrs.field(factory=dict)
    readonly: bool = False
    retries: int = 2
    #: A password given beside an API key: RPC uses the key, only web-session logins use this.
    web_password: Secret | None = None
    #: Where model metadata is kept between processes (``None``: nowhere).
    metadata_cache: MetadataCache | None = None

    @property
    def api_key(self) -> str | None:
        """The API key, when the secret is one."""
        return self.secret.value if self.secret.kind == "api_key" else None

    @property
    def password(self) -> Secret | None:
        """The password for an interactive (web session) login, if one was given.

        Odoo refuses API keys there, so with an API key only this is ``None``.
        """
        return self.secret if self.secret.kind == "password" else self.web_password

    @classmethod
    def resolve(
        cls,
        *,
        url: str | None,
        db: str | None,
        username: str | None,
        password: str | None,
        api_key: str | None,
        environ: Mapping[str, str] | None = None,
        **options: Any,
    ) -> Settings:
        """Fill what was not given from ``ODOO_URL``, ``ODOO_DB``, ``ODOO_USERNAME``,
        ``ODOO_PASSWORD`` and ``ODOO_API_KEY``, then check the result.

        Secrets given as arguments win over the environment's, as a pair. With both a
        password and an API key, calls use the key and the password is kept for web-session
        logins only (``env.report()``).
        """
        env = os.environ if environ is None else environ
        url = _normalise_url(url or env.get("ODOO_URL"))
        secret, web_password = _pick_secrets(password, api_key, env)
        protocol = options.get("protocol", "auto")
        if protocol not in PROTOCOLS:
            raise ConfigurationError(f"unknown protocol {protocol!r}; choose one of {', '.join(PROTOCOLS)}")
        if protocol == "json2" and secret.kind != "api_key":
            raise ConfigurationError("protocol='json2' needs an API key (api_key= or ODOO_API_KEY)")
        username = username or env.get("ODOO_USERNAME")
        if not username and (secret.kind == "password" or web_password):
            raise ConfigurationError("no login given: pass username= or set ODOO_USERNAME (a password needs one)")
        db = db or env.get("ODOO_DB") or None
        options["metadata_cache"] = _metadata_cache(options.get("metadata_cache"), env)
        return cls(url=url, db=db, username=username, secret=secret, web_password=web_password, **options)


def _check_deadline(value: Any) -> None:
    """``connect(deadline=...)``: a positive, finite number of seconds, or ``None`` (no deadline)."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
        raise ConfigurationError(f"deadline must be a positive number of seconds (or None: no deadline), not {value!r}")


def _metadata_cache(value: Any, env: Mapping[str, str]) -> MetadataCache | None:
    """``connect(metadata_cache=...)``: a :class:`MetadataCache`, a directory, ``True`` (the default
    directory) or ``False``; when not given, ``ODOORM_METADATA_CACHE`` (a directory) if set."""
    if value is None:
        value = env.get("ODOORM_METADATA_CACHE") or None
    if value is None or value is False:
        return None
    if value is True:
        return MetadataCache(default_cache_directory())
    if isinstance(value, MetadataCache):
        return value
    if isinstance(value, str | os.PathLike) and os.fspath(value):
        return MetadataCache(value)
    raise ConfigurationError(
        f"metadata_cache must be a directory, True, False or an odoorm.MetadataCache, not {value!r}"
    )


def _normalise_url(url: str | None) -> str:
    if not url:
        raise ConfigurationError("no server URL given: pass url= or set ODOO_URL")
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigurationError(f"not an http(s) URL: {url!r}")
    if parts.username or parts.password:
        raise ConfigurationError("put credentials in username=/password=, not in the URL")
    normalised = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
    refuse_web_client_url(normalised)
    return normalised


def _pick_secrets(password: str | None, api_key: str | None, env: Mapping[str, str]) -> tuple[Secret, Secret | None]:
    """``(secret for calls, password kept for web sessions)``: the arguments' pair, else the environment's."""
    if not (password or api_key):
        password, api_key = env.get("ODOO_PASSWORD") or None, env.get("ODOO_API_KEY") or None
    if api_key:
        return Secret(api_key, "api_key"), Secret(password, "password") if password else None
    if password:
        return Secret(password, "password"), None
    raise ConfigurationError("no secret given: pass password= or api_key= (or set ODOO_PASSWORD / ODOO_API_KEY)")
