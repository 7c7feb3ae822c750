"""IPython and Jupyter: completion through ``env["model"]`` (``%load_ext odoorm``; ``odoorm shell`` loads it).

IPython completes ``partner.<Tab>`` from ``dir(partner)``, and ``env["res.pa<Tab>`` from
:meth:`Environment._ipython_key_completions_`. For ``env["res.partner"].<Tab>`` it must evaluate
``env["res.partner"]`` first: its default ``"limited"`` policy allows that only for known types
(dicts, lists, pandas…), and with jedi (IPython's default) the subscript is only typed from the
annotation (``Model``: the recordset methods, no field), in some twenty seconds. Loading this
extension adds :class:`~odoorm.Environment` and :class:`~odoorm.Model` to the policy's list and a
matcher, run first, that completes ``<…[…]>.<Tab>`` on an odoorm object from its ``dir()``. Completing then
builds the model's class (one ``fields_get`` the first time in the process, as ``env["res.partner"]``
does) and offers its fields and methods; ``records[0].<Tab>`` costs nothing;
``record["name"].<Tab>`` reads the field as the code would.
"""

from __future__ import annotations

import re
from typing import Any

from ..orm.environment import Environment
from ..orm.model import Model

__all__ = ["ALLOWED_GETITEM", "load_ipython_extension", "unload_ipython_extension"]

#: The odoorm types whose ``[...]`` IPython's completer may evaluate, as its policy names them.
ALLOWED_GETITEM = (("odoorm", "Environment"), ("odoorm", "Model"))

#: ``<names>[<key>](.<name>)*.<attribute being typed>`` at the end of the text before the cursor.
_AFTER_SUBSCRIPT = re.compile(r"(?P<expr>[A-Za-z_][\w.]*\[[^\[\]]*\](?:\.\w+)*)\.(?P<attr>\w*)$")


def load_ipython_extension(shell: Any) -> None:
    """``%load_ext odoorm``: let *shell*'s completer evaluate ``env[...]`` and ``records[...]``.
    Does nothing on an IPython without evaluation policies (before 8.12). Loading twice is harmless;
    ``%unload_ext odoorm`` undoes it.

    IPython 9 takes the odoorm types as the completer's own ``policy_overrides``; IPython 8 (the
    newest on Python 3.10) has no overrides, so the types are added to the process's policy of the
    completer's evaluation level (``"limited"`` by default) — what ``[...]`` any completer of this
    process may evaluate, which is only odoorm's types more."""
    completer = getattr(shell, "Completer", None)
    if completer is None or not completer.has_trait("evaluation"):
        return
    if completer.has_trait("policy_overrides"):
        overrides = dict(completer.policy_overrides)
        default: set[Any] = getattr(_policy(completer), "allowed_getitem_external", set())
        allowed = set(overrides.get("allowed_getitem_external", default))
        overrides["allowed_getitem_external"] = allowed | set(ALLOWED_GETITEM)
        completer.policy_overrides = overrides
    else:
        policy = _policy(completer)
        if hasattr(policy, "allowed_getitem_external"):  # (a policy without the list allows all or none)
            # a new set, not added to in place: the policy's default is a module constant of IPython
            policy.allowed_getitem_external = set(policy.allowed_getitem_external) | set(ALLOWED_GETITEM)
    if not any(getattr(m, "odoorm", False) for m in completer.custom_matchers):
        completer.custom_matchers.append(_subscript_matcher(shell))


def unload_ipython_extension(shell: Any) -> None:
    """``%unload_ext odoorm``: remove the matcher and odoorm's types from what the completer evaluates."""
    completer = getattr(shell, "Completer", None)
    if completer is None or not completer.has_trait("evaluation"):
        return
    completer.custom_matchers[:] = [m for m in completer.custom_matchers if not getattr(m, "odoorm", False)]
    if completer.has_trait("policy_overrides"):
        overrides = dict(completer.policy_overrides)
        if "allowed_getitem_external" in overrides:
            overrides["allowed_getitem_external"] = set(overrides["allowed_getitem_external"]) - set(ALLOWED_GETITEM)
            completer.policy_overrides = overrides
    else:
        policy = _policy(completer)
        if hasattr(policy, "allowed_getitem_external"):
            policy.allowed_getitem_external = set(policy.allowed_getitem_external) - set(ALLOWED_GETITEM)


def _policy(completer: Any) -> Any:
    """The process's evaluation policy of *completer*'s level (``None`` when IPython has none)."""
    try:
        from IPython.core.guarded_eval import EVALUATION_POLICIES
    except ImportError:  # pragma: no cover - an IPython with the trait has the module
        return None
    return EVALUATION_POLICIES.get(completer.evaluation)


def _subscript_matcher(shell: Any) -> Any:
    """A completion matcher for ``env["res.partner"].<Tab>``: the ``dir()`` of the odoorm object the
    subscript gives, evaluated under the completer's policy; it answers before jedi, which types the
    subscript from its annotation only (and slowly), and then suppresses the other matchers."""
    from IPython.core.completer import SimpleCompletion, context_matcher
    from IPython.core.guarded_eval import EvaluationContext, guarded_eval

    def odoorm_attributes(context: Any) -> dict[str, Any]:
        nothing: dict[str, Any] = {"completions": [], "suppress": False}
        completer = shell.Completer
        found = _AFTER_SUBSCRIPT.search(context.text_until_cursor)
        if found is None:
            return nothing
        namespace = shell.user_ns
        overrides = {"policy_overrides": completer.policy_overrides} if completer.has_trait("policy_overrides") else {}
        evaluation = EvaluationContext(
            globals=namespace, locals=namespace, evaluation=completer.evaluation, **overrides
        )
        try:
            value = guarded_eval(found["expr"], evaluation)
        except Exception:  # whatever the expression raises, there is nothing to complete
            return nothing
        if not isinstance(value, Environment | Model):
            return nothing
        typed = found["attr"]
        names = [name for name in dir(value) if name.startswith(typed) and not name.startswith("_")]
        completions = [SimpleCompletion(text=name, type="attribute") for name in names]
        # answered: the other matchers are not run (jedi would type the subscript from its annotation,
        # slowly: some twenty seconds for `env["res.partner"].` on a small machine)
        return {"completions": completions, "suppress": True, "matched_fragment": typed}

    matcher = context_matcher(priority=10)(odoorm_attributes)  # IPython's matcher API 2, run before jedi
    matcher.odoorm = True
    return matcher
