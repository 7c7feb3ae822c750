"""Form views from the server, kept like other metadata.

A view costs one ``get_views`` the first time it is used, then nothing: the parsed
:class:`~odoorm.meta.formview.FormView` is kept on the model registry (per server, database and
user) by model, view id, ``*_view_ref`` keys, language and server version, and the raw answers in the
connection's metadata cache on disk when it has one (``connect(metadata_cache=...)``), so a fresh
process skips the call too. ``env.registry.refresh()`` forgets them. A one2many whose lines are
edited in a view the arch lacks costs one more ``get_views`` (kept the same way).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from ...errors import FormError
from ...meta.formview import FormView, build_form_view
from ...meta.releases import FORM_SINCE
from ..protocols import Env

__all__ = ["form_view", "check_form_version", "view_refs"]


def view_refs(context: Mapping[str, Any]) -> dict[str, Any]:
    """The context keys that choose views (``*_view_ref``)."""
    return {key: value for key, value in context.items() if str(key).endswith("_view_ref")}


def check_form_version(env: Env) -> None:
    """Refuse a Form on a server older than Odoo 16 (no call when the protocol tells the version)."""
    if not env._at_least(FORM_SINCE):
        raise FormError(f"odoorm.Form needs Odoo {FORM_SINCE[0]}+ (get_views); this server runs Odoo {env.version}")


def form_view(env: Env, model: str, view_id: int | None) -> FormView:
    """The form view *view_id* (the default form when ``None``) of *model*: cached, else one
    ``get_views`` (and one per sub-view the arch lacks)."""
    context = view_refs(env.context)

    def key(view: int | None) -> tuple[Any, ...]:
        return (
            "form",
            model,
            view or False,
            json.dumps(context, sort_keys=True),
            env.context.get("lang"),
            str(env.version),
        )

    cached = env.registry.views.get(key(view_id))
    if cached is None:
        answer = _get_views(env, model, "form", view_id, context)
        fetched: dict[tuple[str, str, str], Mapping[str, Any]] = {}  # two fields may show one sub-view

        def fetch(submodel: str, kind: str, refs: Mapping[str, Any]) -> Mapping[str, Any]:
            wanted = view_refs(refs)
            known = (submodel, kind, json.dumps(wanted, sort_keys=True, default=str))
            if known not in fetched:
                fetched[known] = _get_views(env, submodel, kind, None, wanted)
            return fetched[known]

        cached = env.registry.views[key(view_id)] = build_form_view(answer, model, fetch, env.context)
        if view_id is None and cached.view_id:  # the default view is also that view asked by its id
            env.registry.views.setdefault(key(cached.view_id), cached)
    assert isinstance(cached, FormView)
    return cached


def _get_views(env: Env, model: str, kind: str, view_id: int | None, refs: Mapping[str, Any]) -> Mapping[str, Any]:
    """One ``get_views`` answer, from the disk cache when it holds it (else one call, then kept there)."""
    name = _disk_name(env, model, kind, view_id, refs)
    disk = env._disk
    if disk is not None:
        kept = disk.value(name)
        if isinstance(kept, dict):
            return kept
    caller = env.with_context(**refs) if refs else env
    views = [[view_id or False, one] for one in kind.split(",")]  # "list,form": both in one call
    answer = caller._metadata_call(model, "get_views", [], {"views": views, "options": {}})
    if not isinstance(answer, Mapping) or "views" not in answer or "models" not in answer:
        raise FormError(f"{model}.get_views answered no view: {str(answer)[:120]}")
    if disk is not None:
        disk.save_value(name, dict(answer))
    return answer


def _disk_name(env: Env, model: str, kind: str, view_id: int | None, refs: Mapping[str, Any]) -> str:
    """The disk cache entry of one view (no model name starts with ``_``, so no clash with theirs)."""
    refs_hash = hashlib.sha256(json.dumps(dict(refs), sort_keys=True).encode()).hexdigest()[:12]
    return f"_view-{env.version.info[0]}.{env.version.info[1]}-{model}-{kind}-{view_id or 0}-{refs_hash}"
