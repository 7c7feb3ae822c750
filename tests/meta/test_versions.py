"""Version strings as servers send them: stock, SaaS, Enterprise, pre-releases, nightlies."""

from __future__ import annotations

from typing import Any

import pytest

from odoorm.meta.versions import ServerVersion

#: (what the server answers to ``common.version()``, (major, minor), level, serial, saas, enterprise)
ANSWERS: list[tuple[dict[str, Any], tuple[int, int], str, int, bool, bool]] = [
    ({"server_version": "19.0", "server_version_info": [19, 0, 0, "final", 0, ""]}, (19, 0), "final", 0, False, False),
    (
        {"server_version": "saas~18.3+e", "server_version_info": ["saas~18", 3, 0, "final", 0, "+e"]},
        (18, 3),
        "final",
        0,
        True,
        True,
    ),
    (
        {"server_version": "19.0a1", "server_version_info": [19, 0, 0, "alpha", 1, ""]},
        (19, 0),
        "alpha",
        1,
        False,
        False,
    ),
    (
        {"server_version": "18.0rc2", "server_version_info": [18, 0, 0, "candidate", 2, ""]},
        (18, 0),
        "candidate",
        2,
        False,
        False,
    ),
    (
        {"server_version": "17.0-20240709", "server_version_info": [17, 0, 0, "final", 0, ""]},
        (17, 0),
        "final",
        0,
        False,
        False,
    ),
    (
        {"server_version": "17.0+e", "server_version_info": [17, 0, 0, "final", 0, "+e"]},
        (17, 0),
        "final",
        0,
        False,
        True,
    ),
    # a proxy (or a trimmed answer) gives the text only: parsed from it
    ({"server_version": "saas~17.4+e"}, (17, 4), "final", 0, True, True),
    ({"server_version": "16.0b3"}, (16, 0), "beta", 3, False, False),
    ({"server_version": "16.0-20230301"}, (16, 0), "final", 0, False, False),
    ({"version": "15.0+e-20220101"}, (15, 0), "final", 0, False, True),
]


@pytest.mark.parametrize(("answer", "info", "level", "serial", "saas", "enterprise"), ANSWERS)
def test_servers_answers_parse(
    answer: dict[str, Any], info: tuple[int, int], level: str, serial: int, saas: bool, enterprise: bool
) -> None:
    version = ServerVersion.from_answer(answer)
    assert (version.info, version.release_level, version.serial) == (info, level, serial)
    assert (version.saas, version.enterprise) == (saas, enterprise)
    assert str(version) == (answer.get("server_version") or answer["version"])
    assert ServerVersion.parse(str(version)).key == version.key  # the text alone says the same


def test_pre_releases_come_before_their_final_release() -> None:
    texts = ["17.0", "saas~17.4", "18.0a1", "18.0b1", "18.0rc1", "18.0rc2", "18.0", "saas~18.3+e", "19.0a1", "19.0"]
    versions = [ServerVersion.parse(t) for t in texts]
    assert sorted(reversed(versions)) == versions
    assert ServerVersion.parse("19.0rc1") != ServerVersion.parse("19.0")
    assert ServerVersion.parse("17.0-20240709") == ServerVersion.parse("17.0+e")  # same release, same key
    assert len({ServerVersion.parse("19.0"), ServerVersion.parse("19.0-20250101")}) == 1


def test_tuples_compare_the_major_and_minor_only() -> None:
    alpha, saas = ServerVersion.parse("19.0a1"), ServerVersion.parse("saas~18.3+e")
    assert alpha >= (19, 0) and alpha == (19,) and alpha == (19, 0)  # a 19.0 pre-release gates as 19.0
    assert (18, 0) < saas < (18, 4) and saas == (18, 3) and saas != (18,) + (0,)


@pytest.mark.parametrize("text", ["", "odoo", "v19", "19", "latest", "saas~x.1"])
def test_text_that_is_not_a_version_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not an Odoo version"):
        ServerVersion.parse(text)


def test_an_answer_with_nothing_usable_is_version_zero() -> None:
    version = ServerVersion.from_answer({"server_version": "weird build"})
    assert version.info == (0, 0) and str(version) == "weird build"
