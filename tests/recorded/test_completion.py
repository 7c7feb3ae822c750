"""Completion in IPython and Jupyter, through IPython's own completer (issue 18, item 4):
``env["res.pa<Tab>`` gives model names, ``env["res.partner"].<Tab>`` fields and methods."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

import pytest

import odoorm
from odoorm.client.ipython import ALLOWED_GETITEM

IPython = pytest.importorskip("IPython")
from IPython.core.completer import IPCompleter, provisionalcompleter  # noqa: E402
from IPython.core.guarded_eval import EVALUATION_POLICIES  # noqa: E402
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402

#: Whether this IPython's completer takes policy overrides (IPython 9); on IPython 8 (Python 3.10's
#: newest) the extension widens the process's evaluation policy instead.
POLICIES = "policy_overrides" in IPCompleter.class_trait_names()


@pytest.fixture
def shell(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """IPython's shell (a process-wide singleton), its completer restored after the test."""
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path_factory.mktemp("ipython")))
    # IPython puts an activated virtualenv's site-packages on sys.path when it is not the running one
    # (a developer's shell): the suite must see only its own environment
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    instance = InteractiveShell.instance()
    completer = instance.Completer
    overrides = dict(completer.policy_overrides) if POLICIES else {}
    policy = EVALUATION_POLICIES[completer.evaluation]
    allowed = policy.allowed_getitem_external  # what the extension widens on IPython 8
    saved = (list(completer.custom_matchers), completer.use_jedi)
    yield instance
    completer.custom_matchers[:], completer.use_jedi = saved
    if POLICIES:
        completer.policy_overrides = overrides
    policy.allowed_getitem_external = allowed
    instance.extension_manager.loaded.discard("odoorm")  # %load_ext in the next test loads it again
    for name in ("env", "partners"):
        instance.user_ns.pop(name, None)


def complete(shell: Any, text: str) -> list[str]:
    with provisionalcompleter():
        return [completion.text for completion in shell.Completer.completions(text, len(text))]


def test_model_names_complete_after_one_ir_model_read(shell: Any, env: odoorm.Environment) -> None:
    shell.user_ns["env"] = env
    with env.count_calls() as calls:
        assert complete(shell, 'env["res.partner.c') == ["res.partner.category"]
        assert {"res.partner", "res.partner.bank"} <= set(complete(shell, 'env["res.pa'))
    assert calls.total == 1 and calls["ir.model.search_read"] == 1  # the index, read once
    names = env._ipython_key_completions_()
    assert len(names) > 100 and names == sorted(names) and "sale.order" in names


@pytest.mark.parametrize("jedi", [True, False], ids=["jedi", "no-jedi"])
def test_fields_and_methods_complete_through_env_subscripts(
    shell: Any, cassette: Any, testbed: Any, jedi: bool
) -> None:
    env = testbed.connect("jsonrpc")
    shell.Completer.use_jedi = jedi
    shell.user_ns["env"] = env
    if not jedi:  # IPython alone cannot evaluate the subscript (with jedi it also can't, in ~20 s)
        assert "country_id" not in complete(shell, 'env["res.partner"].coun')  # IPython 8 offers str's `.count`
    shell.run_line_magic("load_ext", "odoorm")
    with env.count_calls() as calls:
        assert complete(shell, 'env["res.partner"].coun') == ["country_code", "country_id"]
    assert calls.total == 1 and calls["res.partner.fields_get"] == 1  # the class, built as env[...] builds it
    with env.count_calls() as calls:
        assert complete(shell, 'env["res.partner"].action_') == ["action_archive", "action_unarchive"]
        assert "name_search" in complete(shell, 'env["res.partner"].name_')
        shell.user_ns["partners"] = env["res.partner"].browse([1, 3])
        assert complete(shell, "partners[0].is_comp") == ["is_company"]
    assert calls.total == 0
    shell.run_line_magic("unload_ext", "odoorm")  # undone: the matcher and the types it allowed
    completer = shell.Completer
    allowed = (
        completer.policy_overrides.get("allowed_getitem_external", set())
        if POLICIES
        else EVALUATION_POLICIES[completer.evaluation].allowed_getitem_external
    )
    assert not set(ALLOWED_GETITEM) & set(allowed)
    assert not any(getattr(matcher, "odoorm", False) for matcher in completer.custom_matchers)
    if not jedi:
        assert "country_id" not in complete(shell, 'env["res.partner"].coun')
    env.close()


def test_dir_offers_what_is_known_without_a_call(env: odoorm.Environment, protocol: str) -> None:
    partner = env["res.partner"].browse(1)
    with env.count_calls() as calls:
        names = dir(partner)
    assert calls.total == 0
    assert {"name", "country_id", "search", "action_archive", "default_get"} <= set(names)
    assert "context_get" not in names and "address_get" not in names  # a business method: not known yet
    assert "context_get" in dir(env["res.users"])
    partner.address_get(["contact"])  # on JSON-2, naming its argument reads the model's api_doc
    documented = {"address_get", "open_commercial_entity", "onchange_parent_id"} <= set(dir(partner))
    assert documented == (protocol == "json2")


def test_the_shell_loads_the_extension(monkeypatch: pytest.MonkeyPatch) -> None:
    main = importlib.import_module("odoorm.cli.main")  # the package's `main` is the function
    started: list[list[str]] = []
    monkeypatch.setattr(IPython, "start_ipython", lambda argv, user_ns: started.append(argv))
    assert main._start_ipython({})
    assert started == [["--no-banner", "--ext=odoorm"]]
